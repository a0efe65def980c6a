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
    path("<int:pk>/agenda/nieuw-punt/", meeting_views.agenda_free_add, name="agenda_free_add"),
    path(
        "<int:pk>/agenda/vaststellen-verslag/",
        meeting_views.agenda_add_minutes,
        name="agenda_add_minutes",
    ),
    path(
        "<int:pk>/agenda/<int:item_pk>/bewerken/",
        meeting_views.agenda_free_edit,
        name="agenda_free_edit",
    ),
    path(
        "<int:pk>/agenda/<int:item_pk>/bijlage/",
        meeting_views.agenda_attachment,
        name="agenda_attachment",
    ),
    path(
        "<int:pk>/agenda/<int:item_pk>/verslag/",
        meeting_views.agenda_minutes,
        name="agenda_minutes",
    ),
    path(
        "<int:pk>/agenda/<int:item_pk>/verslag-vaststellen/",
        meeting_views.minutes_adopt,
        name="minutes_adopt",
    ),
    path("<int:pk>/aanwezigheid/", meeting_views.attendance, name="attendance"),
]
