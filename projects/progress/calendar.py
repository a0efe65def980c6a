"""The progress-report calendar: due dates, the half year each report covers, which reports a
project owes, and when to remind. Pure date logic: no queries, no writes, no services, so
selectors and report data may use it as freely as the services do.

Due dates come from settings.PROGRESS_REPORT_DUE_DATES ("MM-DD" each, default 31 January and
31 July). A report due on a date covers the half year before the month of that date: due
31 January 2027 → 1 July up to and including 31 December 2026; due 31 July → 1 January up to
and including 30 June. A running project owes a report for every such half year in which it
ran, as soon as that half year has started; none falls due after the project's end date: the
last report is due on that date, over the days the project ran since the one before.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from projects.models import Project

# Reminders go out from this many days before the due date (or the project's end date) ...
REMIND_DAYS_BEFORE = 14
# ... once in that window, once when the date has passed, then again every week.
REMIND_AGAIN_AFTER = timedelta(days=7)
# A project that ended or stopped owes no more reports.
CLOSED_PROJECT_STATUSES = Project.CLOSED_STATUSES


def configured_due_days() -> list[tuple[int, int]]:
    """(month, day) of each due date in the year, from the setting, in calendar order."""
    days = set()
    for text in settings.PROGRESS_REPORT_DUE_DATES:
        try:
            month, day = (int(part) for part in str(text).strip().split("-"))
            date(2001, month, day)  # not a leap year: 02-29 would not be due every year
        except ValueError:
            raise ImproperlyConfigured(
                f"PROGRESS_REPORT_DUE_DATES: {text!r} is not a month-day such as 01-31"
            ) from None
        days.add((month, day))
    if not days:
        raise ImproperlyConfigured("PROGRESS_REPORT_DUE_DATES names no due date")
    return sorted(days)


def half_year_before(due_date: date) -> tuple[date, date]:
    """The six whole months before the month of `due_date`: (first day, last day)."""
    period_end = due_date.replace(day=1) - timedelta(days=1)
    months = period_end.year * 12 + period_end.month - 1 - 5
    return date(months // 12, months % 12 + 1, 1), period_end


def due_dates_in(year: int) -> list[date]:
    return [date(year, month, day) for month, day in configured_due_days()]


def is_after_end(due_date: date, end_date: date | None) -> bool:
    """No progress report is due after the project's end (docs/ARCHITECTURE.md §3.3)."""
    return end_date is not None and due_date > end_date


def next_due_date_after(day: date) -> date:
    """The first configured due date on or after `day`."""
    return min(d for d in due_dates_in(day.year) + due_dates_in(day.year + 1) if d >= day)


@dataclass(frozen=True)
class DueReport:
    due_date: date
    period_start: date
    period_end: date


def owed_reports(*, running_since: date, end_date: date | None, today: date) -> list[DueReport]:
    """The reports a project running since `running_since` owes by `today`.

    One per half year that has started by today and in which the project ran; the period of
    the first (and of a last one) is cut to the days the project ran. None is due after the
    end date: a last report is due on it, and covers every day since the one before.
    """
    owed = []
    for year in range(running_since.year, today.year + 2):
        for due_date in due_dates_in(year):
            start, end = half_year_before(due_date)
            ran = end >= running_since and (end_date is None or start <= end_date)
            if not (start <= today and ran):
                continue
            period_end = min(end, end_date) if end_date else end
            if is_after_end(due_date, end_date):
                due_date = end_date
            if owed and owed[-1].due_date == due_date:  # two half years end on the end date
                owed[-1] = DueReport(due_date, owed[-1].period_start, period_end)
                continue
            owed.append(
                DueReport(
                    due_date=due_date,
                    period_start=max(start, running_since),
                    period_end=period_end,
                )
            )
    return owed


def running_since(project: Project, *, approved_on: date | None, today: date) -> date:
    """When the project started running: its start date, but not before the DVO approved it."""
    known = [day for day in (project.start_date, approved_on) if day is not None]
    return max(known) if known else today


def reminder_due(*, last_sent: date | None, due_date: date, today: date) -> bool:
    """Remind once in the 14 days before `due_date`, once after it, then weekly.

    Never twice on a day.
    """
    if due_date - today > timedelta(days=REMIND_DAYS_BEFORE) or last_sent == today:
        return False
    if last_sent is None:
        return True
    if today > due_date:
        return last_sent <= due_date or today - last_sent >= REMIND_AGAIN_AFTER
    return False
