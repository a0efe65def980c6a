"""The shapes the API answers with (and the OpenAPI schema documents).

The views build plain dicts from the apps' selectors (so the number of queries stays fixed,
however many rows), and these serializers write them out: dates and times in ISO 8601,
amounts as decimal strings in euros, ids as the stable primary keys.
"""

from rest_framework import serializers

from contributions.models import Choice
from intake.models import ProjectRequest
from platform_ivz.core.models import Meeting
from platform_ivz.core.reference import Theme
from projects.models import AgendaItem, Milestone, Project, RagStatus

MONEY = {"max_digits": 14, "decimal_places": 2}
HOURS = {"max_digits": 12, "decimal_places": 2}


class RefSerializer(serializers.Serializer):
    """A person or organisation: its id and its name."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class MoneySerializer(serializers.Serializer):
    planned = serializers.DecimalField(help_text="Planned, in euros.", **MONEY)
    spent = serializers.DecimalField(
        allow_null=True,
        help_text="Spent as reported, in euros; null when nothing has been reported.",
        **MONEY,
    )
    lines = serializers.IntegerField(help_text="Budget lines.")
    reported = serializers.IntegerField(help_text="Budget lines with a spent amount.")


class BudgetYearSerializer(MoneySerializer):
    year = serializers.IntegerField()


class MeasurementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    measured_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    source = serializers.CharField()


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    baseline = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    target = serializers.DecimalField(max_digits=12, decimal_places=2)
    target_date = serializers.DateField(allow_null=True)
    measurements = MeasurementSerializer(many=True)


class MilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    planned_date = serializers.DateField()
    actual_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=Milestone.Status.choices)


class ProjectSerializer(serializers.Serializer):
    """A project. Everyone signed in may know its title, status and leader; the rest of a
    confidential project only its circle sees: for anyone else `details_visible` is false and
    those fields are null."""

    id = serializers.IntegerField()
    url = serializers.CharField(help_text="This project in the API.")
    web_url = serializers.CharField(help_text="The project's page.")
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Project.Status.choices)
    status_label = serializers.CharField()
    projectleider = RefSerializer(allow_null=True)
    vertrouwelijk = serializers.BooleanField(help_text="Confidential.")
    details_visible = serializers.BooleanField()
    theme = serializers.ChoiceField(
        choices=Theme.choices, allow_null=True, help_text="The speerpunt."
    )
    theme_label = serializers.CharField(allow_null=True)
    portefeuillehouder = RefSerializer(allow_null=True)
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    gemeenten = RefSerializer(many=True, allow_null=True)
    latest_rag_status = serializers.ChoiceField(
        choices=RagStatus.choices,
        allow_null=True,
        help_text="Overall status of the latest submitted progress report.",
    )
    report_overdue = serializers.BooleanField(allow_null=True)
    budget = MoneySerializer(allow_null=True, help_text="All years together (§6.1).")
    changed_at = serializers.DateTimeField(allow_null=True)


class ProjectDetailSerializer(ProjectSerializer):
    budget_per_year = BudgetYearSerializer(many=True, allow_null=True)
    indicators = IndicatorSerializer(many=True, allow_null=True)
    milestones = MilestoneSerializer(many=True, allow_null=True)


class DecisionSerializer(serializers.Serializer):
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by = serializers.CharField(allow_null=True)
    motivation = serializers.CharField()


class RequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    web_url = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=ProjectRequest.Status.choices)
    status_label = serializers.CharField()
    organisation = RefSerializer()
    theme = serializers.CharField(help_text="The proposed or confirmed speerpunt; may be empty.")
    vertrouwelijk = serializers.BooleanField()
    gemeenten = RefSerializer(many=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    decision = DecisionSerializer(allow_null=True, help_text="Once approved or rejected.")
    project_id = serializers.IntegerField(allow_null=True)


class RequestDetailSerializer(RequestSerializer):
    texts = serializers.DictField(
        child=serializers.CharField(), help_text="The intake format's fields, by name."
    )


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    web_url = serializers.CharField()
    body = serializers.ChoiceField(choices=Meeting.Body.choices)
    body_label = serializers.CharField()
    date = serializers.DateField()
    start_time = serializers.TimeField(allow_null=True)
    end_time = serializers.TimeField(allow_null=True)
    location = serializers.CharField()
    item_count = serializers.IntegerField()
    decided_count = serializers.IntegerField()


class AgendaItemSerializer(serializers.Serializer):
    """An agenda item and the decision on it. What it says about a confidential project
    (remarks, decisions' text, the document) only the project's circle sees."""

    id = serializers.IntegerField()
    order = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AgendaItem.Kind.choices)
    kind_label = serializers.CharField()
    title = serializers.CharField()
    project = RefSerializer(allow_null=True)
    details_visible = serializers.BooleanField()
    document = serializers.CharField(allow_null=True)
    document_status = serializers.CharField(allow_null=True)
    decision = serializers.ChoiceField(choices=AgendaItem.Decision.choices)
    decision_label = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    remarks = serializers.CharField(allow_null=True)
    decision_text = serializers.CharField(allow_null=True)


class MeetingDetailSerializer(MeetingSerializer):
    agenda = AgendaItemSerializer(many=True)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    contributions_url = serializers.CharField()
    hours_url = serializers.CharField()


class MunicipalityContributionSerializer(serializers.Serializer):
    organisation = RefSerializer()
    population = serializers.IntegerField()
    choice = serializers.ChoiceField(choices=Choice.choices)
    bracket = serializers.CharField()
    inwonersbijdrage = serializers.DecimalField(**MONEY)
    surcharge_due = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(help_text="In euros.", **MONEY)
    pledged_hours_per_week = serializers.DecimalField(**HOURS)
    pledged_hours = serializers.DecimalField(help_text="For the year.", **HOURS)


class PartnerPledgeSerializer(serializers.Serializer):
    organisation = RefSerializer()
    pledged_hours_per_week = serializers.DecimalField(**HOURS)
    pledged_hours = serializers.DecimalField(**HOURS)


class ContributionYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    tariff_per_inhabitant = serializers.DecimalField(max_digits=8, decimal_places=2)
    municipalities = MunicipalityContributionSerializer(many=True)
    partners = PartnerPledgeSerializer(many=True)
    total = serializers.DecimalField(help_text="Every municipality's contribution.", **MONEY)


class OrganisationHoursSerializer(serializers.Serializer):
    organisation = RefSerializer()
    is_gemeente = serializers.BooleanField()
    pledged_hours_per_week = serializers.DecimalField(**HOURS)
    pledged_hours = serializers.DecimalField(help_text="For the whole year.", **HOURS)
    pledged_hours_to_date = serializers.DecimalField(
        help_text="The part of the pledge due by `until`.", **HOURS
    )
    delivered_hours = serializers.DecimalField(
        help_text="Delivered in projects up to `until` (confidential ones included).", **HOURS
    )
    project_count = serializers.IntegerField()
    status = serializers.CharField()


class HoursYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    until = serializers.DateField(help_text="Hours are counted up to and including this day.")
    organisations = OrganisationHoursSerializer(many=True)
    pledged_hours = serializers.DecimalField(**HOURS)
    pledged_hours_to_date = serializers.DecimalField(**HOURS)
    delivered_hours = serializers.DecimalField(**HOURS)


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    year = serializers.IntegerField()
    number = serializers.IntegerField(help_text="Version number.")
    title = serializers.CharField()
    finalised_at = serializers.DateTimeField(allow_null=True)
    size = serializers.IntegerField(allow_null=True, help_text="Bytes.")
    sha256 = serializers.CharField()
    download_url = serializers.CharField()
