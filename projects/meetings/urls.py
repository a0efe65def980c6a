"""Meeting URLs (/vergaderingen/), namespace `meetings`."""

from django.urls import include, path

from projects.meetings import views as meeting_views

app_name = "meetings"

urlpatterns = [
    path("", include("projects.meetings.secretary_urls")),
    path("", meeting_views.meeting_list, name="list"),
    path("eerdere/", meeting_views.meeting_list, {"scope": "past"}, name="past"),
    path("nieuw/", meeting_views.meeting_create, name="create"),
    path("<int:pk>/", meeting_views.meeting_detail, name="detail"),
    path("<int:pk>/bewerken/", meeting_views.meeting_edit, name="edit"),
    path("<int:pk>/verwijderen/", meeting_views.meeting_delete, name="delete"),
    path("<int:pk>/agenda/toevoegen/", meeting_views.agenda_add, name="agenda_add"),
    path(
        "<int:pk>/agenda/<int:item_pk>/verplaatsen/",
        meeting_views.agenda_move,
        name="agenda_move",
    ),
    path(
        "<int:pk>/agenda/<int:item_pk>/verwijderen/",
        meeting_views.agenda_remove,
        name="agenda_remove",
    ),
    path(
        "<int:pk>/agenda/<int:item_pk>/besluit/",
        meeting_views.agenda_decide,
        name="agenda_decide",
    ),
]
