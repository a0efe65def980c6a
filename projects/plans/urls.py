"""URLs of this area, included by projects/urls.py under the `projects` namespace."""

from django.urls import path

from projects.plans import views as plan_views

urlpatterns = [
    path("<int:pk>/plan/bewerken/", plan_views.plan_edit, name="plan_edit"),
    path("<int:pk>/plan/indienen/", plan_views.plan_submit, name="plan_submit"),
    path("<int:pk>/plan/wijziging/", plan_views.plan_amend, name="plan_amend"),
    path("<int:pk>/plan/<int:number>/", plan_views.plan_detail, name="plan_detail"),
    path(
        "<int:pk>/plan/<int:number>/wijzigingen/",
        plan_views.plan_changes,
        name="plan_changes",
    ),
]
