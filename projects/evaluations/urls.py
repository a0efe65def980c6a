"""URLs of this area, included by projects/urls.py under the `projects` namespace."""

from django.urls import path

from projects.evaluations import views as evaluation_views

urlpatterns = [
    path("<int:pk>/evaluatie/", evaluation_views.evaluation_detail, name="evaluation"),
    path(
        "<int:pk>/evaluatie/starten/",
        evaluation_views.evaluation_start,
        name="evaluation_start",
    ),
    path(
        "<int:pk>/evaluatie/schrijven/",
        evaluation_views.evaluation_edit,
        name="evaluation_edit",
    ),
    path(
        "<int:pk>/evaluatie/indienen/",
        evaluation_views.evaluation_submit,
        name="evaluation_submit",
    ),
]
