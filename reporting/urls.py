from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("versie/<int:pk>/download/", views.download, name="download"),
    path(
        "besluitenlijst/<int:meeting_pk>/",
        views.besluitenlijst,
        name="besluitenlijst",
    ),
    path("factsheets/", views.factsheets, name="factsheets"),
    path("kring/<int:year>/", views.kring, name="kring"),
    path(
        "factsheets/<int:organisation_pk>/<int:year>/",
        views.factsheet,
        name="factsheet",
    ),
    path("<slug:kind>/<int:year>/", views.report, name="report"),
    path("<slug:kind>/<int:year>/status/", views.report_status, name="status"),
    path("<slug:kind>/<int:year>/inleiding/", views.introduction_save, name="introduction"),
    path("<slug:kind>/<int:year>/concept/", views.generate_concept, name="generate"),
    path("<slug:kind>/<int:year>/definitief/", views.finalise, name="finalise"),
]
