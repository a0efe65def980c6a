from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("mijn/", views.request_list, {"scope": "mine"}, name="mine"),
    path("te-beoordelen/", views.request_list, {"scope": "review"}, name="review"),
    path("nieuw/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/bewerken/", views.request_edit, name="edit"),
    path("<int:pk>/toetsen/", views.request_screen, name="screen"),
    path("<int:pk>/actie/<slug:name>/", views.request_transition, name="transition"),
    path("<int:pk>/bijlagen/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path(
        "<int:pk>/bijlagen/<int:attachment_pk>/verwijderen/",
        views.attachment_delete,
        name="attachment_delete",
    ),
]
