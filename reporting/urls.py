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
    # The vergaderstukken of a meeting and single documents as PDF (before <slug:kind>/<year>/).
    path("vergaderstukken/<int:pk>/", views.meeting_papers, name="meeting_papers"),
    path(
        "vergaderstukken/<int:pk>/maken/",
        views.meeting_papers_generate,
        name="meeting_papers_generate",
    ),
    path(
        "vergaderstukken/<int:pk>/status/",
        views.meeting_papers_status,
        name="meeting_papers_status",
    ),
    path(
        "vergaderstukken/<int:pk>/download/",
        views.meeting_papers_download,
        name="meeting_papers_download",
    ),
    path("document/plan/<int:pk>/<int:number>/", views.plan_pdf, name="plan_pdf"),
    path("document/evaluatie/<int:pk>/", views.evaluation_pdf, name="evaluation_pdf"),
    path("document/rapportage/<int:pk>/<int:report_pk>/", views.progress_pdf, name="progress_pdf"),
    path("document/aanvraag/<int:pk>/", views.request_pdf, name="request_pdf"),
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
