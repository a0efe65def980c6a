"""manage.py generate_report: concept and final versions for scheduled runs."""

import datetime
import hashlib

import pytest
from django.core.management import CommandError, call_command

from reporting.models import ReportVersion
from tests.factories import ProjectFactory
from tests.reporting.pdf_text import flat_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_test_content")]


def test_a_concept_by_default(capsys):
    call_command("generate_report", "jaarverslag", "2026")
    version = ReportVersion.objects.get()
    assert version.status == ReportVersion.Status.CONCEPT
    assert version.created_by is None
    out = capsys.readouterr().out
    assert "Jaarverslag 2026" in out
    assert version.sha256 in out


def test_final_with_output_file_and_peildatum(tmp_path, regiocoordinator):
    ProjectFactory(title="Zorg en veiligheid")
    target = tmp_path / "marap.pdf"
    call_command(
        "generate_report",
        "marap",
        "2026",
        "--final",
        "--output",
        str(target),
        "--peildatum",
        "2026-08-31",
        "--user",
        regiocoordinator.username,
    )
    final = ReportVersion.objects.finals().get()
    assert final.peildatum == datetime.date(2026, 8, 31)
    assert final.finalised_by == regiocoordinator
    data = target.read_bytes()
    assert hashlib.sha256(data).hexdigest() == final.sha256
    assert "Zorg en veiligheid" in flat_text(data)


def test_marap_defaults_to_1_september():
    call_command("generate_report", "marap", "2026")
    assert ReportVersion.objects.get().peildatum == datetime.date(2026, 9, 1)


def test_a_second_final_fails_cleanly():
    call_command("generate_report", "jaarplan", "2027", "--final")
    with pytest.raises(CommandError, match="al definitief"):
        call_command("generate_report", "jaarplan", "2027", "--final")
    assert ReportVersion.objects.count() == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["factsheet", "2026"], "invalid choice"),
        (["marap", "2026", "--peildatum", "1-9-2026"], "Not a date"),
        (["jaarplan", "2026", "--peildatum", "2026-09-01"], "marap only"),
        (["marap", "2026", "--peildatum", "2025-09-01"], "2026"),
        (["marap", "2026", "--user", "nobody"], "No active user"),
    ],
)
def test_bad_arguments_are_refused(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_report", *args)
    assert not ReportVersion.objects.exists()


def test_a_user_without_the_role_is_refused(platformlid):
    with pytest.raises(CommandError, match="may not"):
        call_command("generate_report", "marap", "2026", "--user", platformlid.username)
