"""/api/v1/: the read-only API (docs/ARCHITECTURE.md §2.2). DRF authenticates here (token or
session), so Django's LoginRequiredMiddleware lets these views through and DRF answers 401."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path

from platform_ivz.api import views

app_name = "api_v1"


def api(view_class):
    return login_not_required(view_class.as_view())


urlpatterns = [
    path("projects/", api(views.ProjectList), name="projects"),
    path("projects/<int:pk>/", api(views.ProjectDetail), name="project"),
    path("requests/", api(views.RequestList), name="requests"),
    path("requests/<int:pk>/", api(views.RequestDetail), name="request"),
    path("meetings/", api(views.MeetingList), name="meetings"),
    path("meetings/<int:pk>/", api(views.MeetingDetail), name="meeting"),
    path("contributions/", api(views.YearList), name="years"),
    path("contributions/<int:year>/", api(views.ContributionYear), name="contributions"),
    path("hours/<int:year>/", api(views.HoursYear), name="hours"),
    path("reports/", api(views.ReportList), name="reports"),
    path("reports/<int:pk>/download/", api(views.ReportDownload), name="report_download"),
    # Any other address under /api/v1/ (an id that is not a number, a typo): a 404 as
    # problem details, not the site's HTML page.
    re_path(r"^.*$", login_not_required(views.not_found), name="not_found"),
]
