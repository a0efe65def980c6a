"""URLs of the meeting secretary's work (actiepunten, sending the agenda, the calendar),
included in projects/meetings/urls.py, namespace `meetings`."""

from django.urls import path, re_path

from projects.meetings import action_views

urlpatterns = [
    path("actiepunten/", action_views.action_list, name="actions"),
    path("actiepunten/<int:action_pk>/afronden/", action_views.action_done, name="action_done"),
    path("<int:pk>/actiepunten/nieuw/", action_views.action_add, name="action_add"),
    path("<int:pk>/agenda-versturen/", action_views.agenda_send, name="agenda_send"),
    path("<int:pk>/vergadering.ics", action_views.meeting_ics, name="meeting_ics"),
    path("agenda-abonnement/", action_views.calendar_subscription, name="calendar"),
    path("agenda-abonnement/intrekken/", action_views.calendar_revoke, name="calendar_revoke"),
    re_path(
        r"^agenda-abonnement/(?P<token>[A-Za-z0-9_-]{1,100})\.ics$",
        action_views.calendar_feed,
        name="calendar_feed",
    ),
]
