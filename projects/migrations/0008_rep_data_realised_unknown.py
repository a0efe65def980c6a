"""A budget line's realised amount may be unknown; the budget lines become the one truth of
money spent (docs/ARCHITECTURE.md §6.1).

Existing data:
1. A realised amount of 0 that nobody ever changed (its history never held another amount) was
   the old default, not a report: it becomes unknown (None).
2. A project whose lines then report nothing, but whose latest submitted progress report states
   an amount spent to date, keeps that amount on one line: the Platform-funded line of the
   report's last year, failing that the first line of that year, failing that its latest line
   before it, failing that its first line. Where the lines report something, they win.
"""

import django.core.validators
from django.db import migrations, models

REPORTED = ("ingediend", "besproken")


def _line_for(lines, year):
    same_year = [line for line in lines if line.year == year]
    platform = [line for line in same_year if line.funding_source == "platform"]
    before = [line for line in lines if line.year < year]
    for candidates in (platform, same_year):
        if candidates:
            return candidates[0]
    return before[-1] if before else lines[0]


def forward(apps, schema_editor):
    BudgetLine = apps.get_model("projects", "BudgetLine")
    History = apps.get_model("projects", "HistoricalBudgetLine")
    ProgressReport = apps.get_model("projects", "ProgressReport")

    ever_set = set(
        History.objects.exclude(realised_amount=0)
        .exclude(realised_amount__isnull=True)
        .values_list("id", flat=True)
    )
    BudgetLine.objects.filter(realised_amount=0).exclude(pk__in=ever_set).update(
        realised_amount=None
    )

    reported = set(
        BudgetLine.objects.filter(realised_amount__isnull=False).values_list(
            "project_id", flat=True
        )
    )
    latest = {}
    for report in ProgressReport.objects.filter(
        status__in=REPORTED, spent_to_date__isnull=False
    ).order_by("period_end", "due_date", "id"):
        latest[report.project_id] = report
    for project_id, report in latest.items():
        if project_id in reported:
            continue
        lines = list(BudgetLine.objects.filter(project_id=project_id).order_by("year", "id"))
        if not lines:
            continue
        line = _line_for(lines, report.period_end.year)
        line.realised_amount = report.spent_to_date
        line.save(update_fields=["realised_amount"])


def backward(apps, schema_editor):
    apps.get_model("projects", "BudgetLine").objects.filter(realised_amount__isnull=True).update(
        realised_amount=0
    )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0007_wf_flow_plan_versions_beslispunt_advice"),
    ]

    operations = [
        migrations.AlterField(
            model_name="budgetline",
            name="realised_amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=12,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0, "An amount cannot be negative.")
                ],
                verbose_name="realised amount",
            ),
        ),
        migrations.AlterField(
            model_name="historicalbudgetline",
            name="realised_amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=12,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0, "An amount cannot be negative.")
                ],
                verbose_name="realised amount",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
