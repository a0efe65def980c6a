"""`manage.py send_reminders`: who gets which reminder when, and never twice on a day."""

import datetime
import smtplib
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command

from projects.models import ProgressReport, ReminderLog
from projects.progress import calendar
from tests.factories import ProgressReportFactory
from tests.projects.progress.scenario import at, project_with_people

D = datetime.date


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the command on a day; returns (its output, the e-mails it sent)."""

    def run_on(day):
        before = len(mail.outbox)
        out = StringIO()
        with at(day), django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=out)
        return out.getvalue(), mail.outbox[before:]

    return run_on


def report_due_31_july(**kwargs):
    project = kwargs.pop("project", None) or project_with_people(start_date=D(2026, 1, 1))
    return ProgressReportFactory(
        project=project,
        period_start=D(2026, 1, 1),
        period_end=D(2026, 6, 30),
        due_date=D(2026, 7, 31),
        **kwargs,
    )


@pytest.mark.parametrize(
    ("last_sent", "today", "due"),
    [
        (None, D(2026, 7, 17), True),  # 14 days before
        (None, D(2026, 7, 16), False),  # 15 days before
        (D(2026, 7, 17), D(2026, 7, 17), False),  # the same day
        (D(2026, 7, 17), D(2026, 7, 30), False),  # already reminded before the due date
        (D(2026, 7, 17), D(2026, 7, 31), False),  # on the due date it is not yet overdue
        (D(2026, 7, 17), D(2026, 8, 1), True),  # overdue now
        (D(2026, 8, 1), D(2026, 8, 7), False),
        (D(2026, 8, 1), D(2026, 8, 8), True),  # weekly while overdue
        (None, D(2026, 12, 1), True),  # never reminded, long overdue
    ],
)
def test_the_reminder_schedule(last_sent, today, due):
    assert (
        calendar.reminder_due(last_sent=last_sent, due_date=D(2026, 7, 31), today=today)
        is due
    )


@pytest.mark.django_db
def test_a_report_due_within_14_days_is_reminded_once(run):
    report = report_due_31_july()
    leader = report.project.people["projectleider"]
    assert run(D(2026, 7, 16))[1] == []
    output, sent = run(D(2026, 7, 17))
    assert [m.to for m in sent] == [[leader.email]]
    assert report.project.title in sent[0].body
    assert "31 juli 2026" in sent[0].body
    assert (
        "0 report(s) created; 1 e-mail(s) sent about 1 progress report(s) and 0 evaluation"
        in output
    )
    assert ProgressReport.objects.get(pk=report.pk).reminded_on == D(2026, 7, 17)
    # Running twice on the same day, or again before the due date, sends nothing.
    assert run(D(2026, 7, 17))[1] == []
    assert run(D(2026, 7, 25))[1] == []


@pytest.mark.django_db
def test_an_overdue_report_is_reminded_when_overdue_and_then_weekly(run):
    report = report_due_31_july(reminded_on=D(2026, 7, 17))
    _output, sent = run(D(2026, 8, 1))
    assert len(sent) == 1
    assert "31 juli 2026" in sent[0].body
    assert run(D(2026, 8, 1))[1] == []
    assert run(D(2026, 8, 5))[1] == []
    assert len(run(D(2026, 8, 8))[1]) == 1
    assert ProgressReport.objects.get(pk=report.pk).reminded_on == D(2026, 8, 8)


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["ingediend", "besproken"])
def test_submitted_reports_are_not_reminded(run, status):
    report_due_31_july(status=status)
    assert run(D(2026, 8, 1))[1] == []


@pytest.mark.django_db
@pytest.mark.parametrize("project_status", ["gestopt", "afgerond"])
def test_reports_of_closed_projects_are_not_reminded(run, project_status):
    report_due_31_july(project=project_with_people(status=project_status))
    assert run(D(2026, 8, 1))[1] == []


@pytest.mark.django_db
def test_the_command_creates_the_reports_owed_and_reminds_about_them(run):
    project = project_with_people(start_date=D(2026, 1, 1))
    output, sent = run(D(2026, 7, 20))
    assert ProgressReport.objects.filter(project=project, due_date=D(2026, 7, 31)).exists()
    # The half year that started on 1 July is owed too (due 31 January 2027).
    assert output.startswith("2 report(s) created; 1 e-mail(s)")
    assert [m.to for m in sent] == [[project.people["projectleider"].email]]


@pytest.mark.django_db
def test_the_evaluation_reminder_goes_out_once_per_occasion(run):
    project = project_with_people(start_date=D(2026, 1, 1), end_date=D(2026, 7, 20))
    ProgressReportFactory(
        project=project,
        status="ingediend",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 6, 30),
        due_date=D(2026, 7, 31),
    )
    assert run(D(2026, 7, 5))[1] == []
    output, sent = run(D(2026, 7, 6))
    assert len(sent) == 1 and "evaluat" in sent[0].body.lower()
    assert "1 evaluation(s)" in output
    assert ReminderLog.objects.filter(object_id=project.pk, sent_on=D(2026, 7, 6)).exists()
    assert run(D(2026, 7, 6))[1] == []
    assert run(D(2026, 7, 20))[1] == []  # the end date itself
    assert len(run(D(2026, 7, 21))[1]) == 1  # past the end date
    assert run(D(2026, 7, 22))[1] == []


@pytest.mark.django_db
def test_one_e_mail_per_projectleider_for_all_their_reports_and_evaluations(run):
    first = project_with_people(start_date=D(2026, 1, 1), end_date=D(2026, 8, 10))
    leader = first.people["projectleider"]
    second = project_with_people(start_date=D(2026, 1, 1), projectleider=leader)
    report_due_31_july(project=first)
    report_due_31_july(project=second)
    someone_else = report_due_31_july()
    _output, sent = run(D(2026, 8, 1))
    assert sorted(m.to[0] for m in sent) == sorted(
        [leader.email, someone_else.project.people["projectleider"].email]
    )
    mine = next(m for m in sent if m.to == [leader.email])
    assert first.title in mine.body and second.title in mine.body
    assert "evaluat" in mine.body.lower()
    assert run(D(2026, 8, 1))[1] == []


@pytest.mark.django_db
def test_projects_without_a_projectleider_are_skipped(run):
    project = project_with_people(start_date=D(2026, 1, 1), end_date=D(2026, 7, 1))
    project.projectleider = None
    project.save()
    report_due_31_july(project=project)
    output, sent = run(D(2026, 8, 1))
    assert sent == []
    assert "0 e-mail(s)" in output


@pytest.mark.django_db(transaction=True)
def test_a_refused_e_mail_is_tried_again_on_the_next_run():
    report = report_due_31_july()
    project = project_with_people(start_date=D(2026, 1, 1), end_date=D(2026, 7, 25))
    out, err = StringIO(), StringIO()
    with (
        at(D(2026, 7, 20)),
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send",
            side_effect=smtplib.SMTPException("refused"),
        ),
    ):
        call_command("send_reminders", stdout=out, stderr=err)
    assert "failed for" in out.getvalue() and err.getvalue()
    assert ProgressReport.objects.get(pk=report.pk).reminded_on is None
    assert not ReminderLog.objects.filter(object_id=project.pk).exists()
    with at(D(2026, 7, 20)):
        call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == 2
    assert ProgressReport.objects.get(pk=report.pk).reminded_on == D(2026, 7, 20)


def test_the_help_documents_a_cron_line(capsys):
    with pytest.raises(SystemExit):
        call_command("send_reminders", "--help")
    assert "0 7 * * * cd /srv/platform-ivz && .venv/bin/python manage.py send_reminders" in (
        capsys.readouterr().out
    )
