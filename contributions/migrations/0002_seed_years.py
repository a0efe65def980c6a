from django.db import migrations
from django.utils import timezone

from contributions.reference import seed_years

MODELS = ["YearSettings", "Bracket", "MunicipalityYear"]


def forwards(apps, schema_editor):
    """2016–2018 as the seed has them: tariffs, brackets of footnote 5, populations of §7.

    Historical models do not record history by themselves, so the creation is written to the
    history here: the first change a user makes then shows what it was before.
    """
    models = {name: apps.get_model("contributions", name) for name in MODELS}
    before = {name: set(model.objects.values_list("pk", flat=True)) for name, model in models.items()}
    seed_years(
        models["YearSettings"],
        models["Bracket"],
        models["MunicipalityYear"],
        apps.get_model("core", "Organisation"),
    )
    now = timezone.now()
    for name, model in models.items():
        historical = apps.get_model("contributions", f"Historical{name}")
        tracked = {field.attname for field in historical._meta.fields}
        for obj in model.objects.exclude(pk__in=before[name]):
            historical.objects.create(
                history_date=now,
                history_type="+",
                **{
                    field.attname: getattr(obj, field.attname)
                    for field in model._meta.fields
                    if field.attname in tracked
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0001_year_settings"),
        ("core", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
