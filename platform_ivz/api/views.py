"""The read-only API, /api/v1/ (docs/ARCHITECTURE.md §2.2): thin views over platform_ivz.api.reads,
which reads through the apps' selectors and permission rules. A token acts as its user: every
answer is what that user sees on the pages."""

import hashlib
import json
from http import HTTPStatus

from django.http import HttpResponse
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from contributions import selectors as contribution_selectors
from contributions.models import YearSettings
from intake.filters import ProjectRequestFilter
from intake.models import ProjectRequest
from platform_ivz.api import reads, schema
from platform_ivz.api import serializers as shapes
from platform_ivz.api.middleware import problem
from platform_ivz.api.schema import responses
from platform_ivz.core.models import Meeting
from platform_ivz.core.reference import Theme
from projects.models import Project, RagStatus
from projects.portfolio.filters import PortfolioFilter
from reporting.kinds import VERSIONED_CHOICES
from reporting.models import ReportVersion
from reporting.permissions import can_download_version


def not_found(request):
    return problem(request, HTTPStatus.NOT_FOUND, _("There is nothing at this address."))


def _object_or_404(queryset, pk: int):
    if pk > schema.MAX_ID:
        raise exceptions.NotFound
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise exceptions.NotFound
    return found


# Filters whose choices are ids or years: a well-formed number that is not among them (a
# gemeente that does not exist, a year outside the page's list) matches nothing, as a search
# for it would, rather than being an error. The limits are those of the schema.
NUMBER_CHOICES = {"gemeente": schema.MAX_ID, "year": 9999}


def _is_number_within(value, limit: int) -> bool:
    return bool(value) and value.isdigit() and 1 <= int(value) <= limit


def _filtered(filterset_class, request, queryset, **kwargs):
    """The page's own filter (a FilterSet of the app), applied the same way: it narrows,
    never widens; an invalid value is a 400 naming the parameter."""
    data = request.query_params.copy()
    filterset = filterset_class(data, queryset=queryset, **kwargs)
    matches_nothing = False
    if not filterset.is_valid():
        unknown = [
            name
            for name in filterset.errors
            if name in NUMBER_CHOICES and _is_number_within(data.get(name), NUMBER_CHOICES[name])
        ]
        if unknown:
            matches_nothing = True
            for name in unknown:
                data.pop(name)
            filterset = filterset_class(data, queryset=queryset, **kwargs)
    if not filterset.is_valid():
        raise exceptions.ValidationError(filterset.errors)
    return filterset.qs.none() if matches_nothing else filterset.qs


def _changed_since(request, queryset, field: str, **conditions):
    raw = request.query_params.get("changed_since")
    if not raw:
        return queryset
    try:
        moment = serializers.DateTimeField().to_internal_value(raw)
    except exceptions.ValidationError as error:
        raise exceptions.ValidationError({"changed_since": error.detail}) from None
    return queryset.filter(**conditions, **{f"{field}__gte": moment})


def _etag(data) -> str:
    payload = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return '"' + hashlib.sha256(payload.encode()).hexdigest()[:40] + '"'


def _not_modified(request, etag: str, last_modified) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
    return (
        last_modified is not None and since is not None and int(last_modified.timestamp()) <= since
    )


def conditional(request, data, last_modified=None, etag=None):
    """The detail resource with its ETag (and Last-Modified, where known); 304 when the
    client's copy still holds."""
    etag = etag or _etag(data)
    headers = {"ETag": etag}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified.timestamp())
    if _not_modified(request, etag, last_modified):
        return Response(status=304, headers=headers)
    return Response(data, headers=headers)


class ListView(GenericAPIView):
    # Parameters with a type or a list of values: given empty, they are refused (400), where
    # the pages read an empty field as no filter: the schema says what each one takes.
    typed_parameters: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        empty = [
            name
            for name in (*self.typed_parameters, "page", "page_size")
            if name in request.query_params and not request.query_params[name].strip()
        ]
        if empty:
            raise exceptions.ValidationError(
                {name: [_("This parameter needs a value.")] for name in empty}
            )

    def page(self, rows, shape, serializer):
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializer(shape(page), many=True).data)


# --- Projects --------------------------------------------------------------------------------

PROJECT_FILTERS = [
    OpenApiParameter("q", str, description="Words of the title."),
    schema.choice_parameter("status", Project.Status.choices, "The project's status."),
    schema.choice_parameter("theme", Theme.choices, "The speerpunt."),
    schema.gemeente_parameter(),
    OpenApiParameter("projectleider", str, description="A person's id, or words of the name."),
    OpenApiParameter("portefeuillehouder", str, description="A person's id, or words of the name."),
    schema.choice_parameter(
        "status_colour", RagStatus.choices, "Overall status of the latest progress report."
    ),
    schema.year_parameter(OpenApiParameter.QUERY, "Active in this year."),
    schema.changed_since_parameter("the project's own fields"),
]


class ProjectList(ListView):
    serializer_class = shapes.ProjectSerializer
    typed_parameters = ("status", "theme", "gemeente", "status_colour", "year", "changed_since")

    @extend_schema(
        operation_id="projects_list",
        summary="The portfolio",
        description="Every project the user may know of, by title. A filter on anything but "
        "title, status and leader matches only projects whose details the user may see, as on "
        "the portfolio page.",
        parameters=PROJECT_FILTERS,
        responses=responses(shapes.ProjectSerializer(many=True), 400, 404),
    )
    def get(self, request):
        projects = _filtered(PortfolioFilter, request, reads.project_queryset(request.user))
        projects = _changed_since(request, projects, "changed_at", details_visible=True)
        return self.page(projects, reads.project_rows, shapes.ProjectSerializer)


class ProjectDetail(GenericAPIView):
    serializer_class = shapes.ProjectDetailSerializer

    @extend_schema(
        operation_id="projects_read",
        summary="A project",
        parameters=[schema.id_parameter(), *schema.CONDITIONAL_HEADERS],
        responses=responses(shapes.ProjectDetailSerializer, 304, 404),
    )
    def get(self, request, pk):
        project = _object_or_404(reads.project_queryset(request.user), pk)
        data = shapes.ProjectDetailSerializer(reads.project_rows([project], full=True)[0]).data
        changed = project.changed_at if project.details_visible else None
        return conditional(request, data, last_modified=changed)


# --- Requests --------------------------------------------------------------------------------

REQUEST_FILTERS = [
    OpenApiParameter("q", str, description="Words of the title, texts or organisation."),
    schema.choice_parameter("status", ProjectRequest.Status.choices, "The request's status."),
    schema.gemeente_parameter(),
    schema.choice_parameter(
        "on_behalf_of", ProjectRequest.OnBehalfOf.choices, "On whose behalf it was made."
    ),
    schema.year_parameter(OpenApiParameter.QUERY, "Created in this year."),
    schema.changed_since_parameter("the request's last change"),
]


class RequestList(ListView):
    serializer_class = shapes.RequestSerializer
    typed_parameters = ("status", "gemeente", "on_behalf_of", "year", "changed_since")

    @extend_schema(
        operation_id="requests_list",
        summary="Project requests",
        description="The requests the user may see, newest first: a draft only to its own "
        "organisation, a confidential one to its organisation, the reviewers and, once "
        "approved, its project's circle.",
        parameters=REQUEST_FILTERS,
        responses=responses(shapes.RequestSerializer(many=True), 400, 404),
    )
    def get(self, request):
        found = _filtered(ProjectRequestFilter, request, reads.request_queryset(request.user))
        found = _changed_since(request, found, "updated_at")
        return self.page(found, reads.request_rows, shapes.RequestSerializer)


class RequestDetail(GenericAPIView):
    serializer_class = shapes.RequestDetailSerializer

    @extend_schema(
        operation_id="requests_read",
        summary="A project request",
        parameters=[schema.id_parameter(), *schema.CONDITIONAL_HEADERS],
        responses=responses(shapes.RequestDetailSerializer, 304, 404),
    )
    def get(self, request, pk):
        found = _object_or_404(reads.request_queryset(request.user), pk)
        data = shapes.RequestDetailSerializer(reads.request_rows([found], full=True)[0]).data
        return conditional(request, data, last_modified=found.updated_at)


# --- Meetings --------------------------------------------------------------------------------


class MeetingFilterSerializer(serializers.Serializer):
    body = serializers.ChoiceField(choices=Meeting.Body.choices, required=False)
    year = serializers.IntegerField(min_value=1, max_value=9999, required=False)


class MeetingList(ListView):
    serializer_class = shapes.MeetingSerializer
    typed_parameters = ("body", "year")

    @extend_schema(
        operation_id="meetings_list",
        summary="Meetings of the Platform and the DVO",
        parameters=[
            schema.choice_parameter("body", Meeting.Body.choices, "The body that met."),
            schema.year_parameter(OpenApiParameter.QUERY, "Held in this year."),
        ],
        responses=responses(shapes.MeetingSerializer(many=True), 400, 404),
    )
    def get(self, request):
        given = MeetingFilterSerializer(data=request.query_params)
        given.is_valid(raise_exception=True)
        meetings = reads.meeting_queryset(request.user)
        if "body" in given.validated_data:
            meetings = meetings.filter(body=given.validated_data["body"])
        if "year" in given.validated_data:
            meetings = meetings.filter(date__year=given.validated_data["year"])
        return self.page(
            meetings, lambda rows: [reads.meeting_row(m) for m in rows], shapes.MeetingSerializer
        )


class MeetingDetail(GenericAPIView):
    serializer_class = shapes.MeetingDetailSerializer

    @extend_schema(
        operation_id="meetings_read",
        summary="A meeting, its agenda and its decisions",
        parameters=[schema.id_parameter(), *schema.CONDITIONAL_HEADERS],
        responses=responses(shapes.MeetingDetailSerializer, 304, 404),
    )
    def get(self, request, pk):
        meeting = _object_or_404(reads.meeting_queryset(request.user), pk)
        data = shapes.MeetingDetailSerializer(reads.meeting_detail(meeting, request.user)).data
        return conditional(request, data)


# --- Contributions and hours -----------------------------------------------------------------


def _year_settings(year: int) -> YearSettings:
    if year > 9999:
        raise exceptions.NotFound
    try:
        return contribution_selectors.year_settings(year)
    except YearSettings.DoesNotExist:
        raise exceptions.NotFound(_("There are no contributions for this year.")) from None


class YearList(GenericAPIView):
    serializer_class = shapes.YearSerializer
    pagination_class = None

    @extend_schema(
        operation_id="contribution_years_list",
        summary="The years with contributions",
        responses=responses(shapes.YearSerializer(many=True)),
    )
    def get(self, request):
        return Response(shapes.YearSerializer(reads.years(), many=True).data)


class ContributionYear(GenericAPIView):
    serializer_class = shapes.ContributionYearSerializer

    @extend_schema(
        operation_id="contributions_read",
        summary="Contributions of a year, per municipality and partner",
        parameters=[schema.year_parameter(), *schema.CONDITIONAL_HEADERS],
        responses=responses(shapes.ContributionYearSerializer, 304, 404),
    )
    def get(self, request, year):
        data = shapes.ContributionYearSerializer(reads.contribution_year(_year_settings(year))).data
        return conditional(request, data)


class HoursYear(GenericAPIView):
    serializer_class = shapes.HoursYearSerializer

    @extend_schema(
        operation_id="hours_read",
        summary="Hours pledged and delivered in a year, per organisation",
        parameters=[schema.year_parameter(), *schema.CONDITIONAL_HEADERS],
        responses=responses(shapes.HoursYearSerializer, 304, 404),
    )
    def get(self, request, year):
        data = shapes.HoursYearSerializer(reads.hours_year(_year_settings(year))).data
        return conditional(request, data)


# --- Reports ---------------------------------------------------------------------------------


class ReportFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=VERSIONED_CHOICES, required=False)
    year = serializers.IntegerField(min_value=1, max_value=9999, required=False)


class ReportList(ListView):
    serializer_class = shapes.ReportSerializer
    typed_parameters = ("kind", "year")

    @extend_schema(
        operation_id="reports_list",
        summary="Final reports (jaarplan, jaarverslag, marap)",
        parameters=[
            schema.choice_parameter("kind", VERSIONED_CHOICES, "The kind of report."),
            schema.year_parameter(OpenApiParameter.QUERY, "The year it is about."),
        ],
        responses=responses(shapes.ReportSerializer(many=True), 400, 404),
    )
    def get(self, request):
        given = ReportFilterSerializer(data=request.query_params)
        given.is_valid(raise_exception=True)
        reports = reads.final_reports().filter(**given.validated_data)
        return self.page(
            reports, lambda rows: [reads.report_row(r) for r in rows], shapes.ReportSerializer
        )


class ReportDownload(GenericAPIView):
    serializer_class = None

    def perform_content_negotiation(self, request, force=False):
        # The answer is a PDF whatever the Accept header says; errors are problem details.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="reports_download",
        summary="Download a final report (PDF)",
        parameters=[schema.id_parameter(), *schema.CONDITIONAL_HEADERS],
        responses=responses(OpenApiTypes.BINARY, 304, 404, ok_media="application/pdf"),
    )
    def get(self, request, pk):
        if pk > schema.MAX_ID:
            raise exceptions.NotFound
        version = ReportVersion.objects.filter(pk=pk).first()
        # As reporting.views.download: a concept is as unknown as a version that does not exist.
        if (
            version is None
            or not can_download_version.test(request.user, version)
            or not version.is_ready
        ):
            raise exceptions.NotFound
        etag = f'"{version.sha256}"'
        if _not_modified(request, etag, version.finalised_at):
            return Response(status=304, headers={"ETag": etag})
        response = HttpResponse(version.stored_bytes(), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{version.filename}"'
        response["ETag"] = etag
        if version.finalised_at is not None:
            response["Last-Modified"] = http_date(version.finalised_at.timestamp())
        return response
