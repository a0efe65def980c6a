"""URLs of this area, included by projects/urls.py under the `projects` namespace (/projecten/).

"rapportages/" is a word, so it never collides with the project pages at "<int:pk>/".
"""

from django.urls import path

from projects.progress import views as progress_views
from projects.progress.workflow import ACKNOWLEDGE, SUBMIT

urlpatterns = [
    path("rapportages/", progress_views.report_overview, name="report_overview"),
    path("<int:pk>/rapportages/", progress_views.report_list, name="report_list"),
    path(
        "<int:pk>/rapportages/<int:report_pk>/",
        progress_views.report_detail,
        name="report_detail",
    ),
    path(
        "<int:pk>/rapportages/<int:report_pk>/bewerken/",
        progress_views.report_edit,
        name="report_edit",
    ),
    path(
        "<int:pk>/rapportages/<int:report_pk>/indienen/",
        progress_views.report_transition,
        {"name": SUBMIT},
        name="report_submit",
    ),
    path(
        "<int:pk>/rapportages/<int:report_pk>/besproken/",
        progress_views.report_transition,
        {"name": ACKNOWLEDGE},
        name="report_acknowledge",
    ),
    path("<int:pk>/beslispunten/", progress_views.beslispunt_list, name="beslispunt_list"),
    path(
        "<int:pk>/beslispunten/nieuw/",
        progress_views.beslispunt_create,
        name="beslispunt_create",
    ),
]
