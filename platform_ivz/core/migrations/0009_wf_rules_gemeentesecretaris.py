"""The group of the coördinerend gemeentesecretaris (seed §7, output)."""

from django.db import migrations

GROUP = "gemeentesecretaris"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_text_max_length"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
