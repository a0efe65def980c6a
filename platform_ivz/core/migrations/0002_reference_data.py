from django.db import migrations

from platform_ivz.core.reference import create_reference_data


def forwards(apps, schema_editor):
    create_reference_data(apps.get_model("core", "Organisation"), apps.get_model("auth", "Group"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
