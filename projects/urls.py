from django.urls import include, path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/bemensen/", views.project_assign, name="assign"),
    # Each area of the project's life keeps its own URL module.
    path("", include("projects.plan_urls")),
    path("", include("projects.report_urls")),
    path("", include("projects.evaluation_urls")),
]
