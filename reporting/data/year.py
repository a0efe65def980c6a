"""Which projects belong to a year: one rule for every report that lists "the projects of
year Y" (jaarplan, jaarverslag, factsheet; docs/ARCHITECTURE.md §6, "Projects of a year").

- a project with a start date belongs to Y when its period touches Y
  (`projects.selectors.dates_touch_q`): it starts on or before 31 December Y and has no end
  date or ends on or after 1 January Y;
- a project without a start date (still to be staffed or planned: the plan's approval needs a
  start date) belongs to Y when it existed in Y (created on or before 31 December Y) and was
  still open in it: it has an open status now, or it was completed or stopped on or after
  1 January Y;
- a project completed or stopped before 1 January Y is absent, whatever its dates say.

So what a report of a past year lists does not change when a project is stopped later.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from projects.models import Project
from projects.selectors import closed_at, dates_touch_q


def projects_in_year(year: int) -> QuerySet[Project]:
    """The projects of the year by the rule above, annotated with `closed_at`; one query."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    first_moment = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    undated = Q(start_date__isnull=True, created_at__date__lte=last) & (
        Q(status__in=Project.ACTIVE_STATUSES) | Q(closed_at__gte=first_moment)
    )
    return (
        Project.objects.annotate(closed_at=closed_at())
        .filter(dates_touch_q(first, last) | undated)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=first_moment))
    )
