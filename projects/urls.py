from django.urls import include, path

from projects import views
from projects.portfolio import views as portfolio_views

app_name = "projects"

urlpatterns = [
    path("", portfolio_views.project_list, name="list"),
    path("personen/", portfolio_views.people, name="people"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/bemensen/", views.project_assign, name="assign"),
    path("<int:pk>/speerpunt/", views.project_theme, name="theme"),
    # Each area of the project's life keeps its own URL module.
    path("", include("projects.plans.urls")),
    path("", include("projects.progress.urls")),
    path("", include("projects.evaluations.urls")),
]
