"""Hours delivered (project groups and project leaders, pro rata) against hours pledged."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions import selectors
from contributions.calculations import overlap_days, pro_rata_hours
from contributions.models import Choice, YearSettings
from platform_ivz.core.roles import Role
from tests.contributions import builders
from tests.factories import (
    ContributionYearFactory,
    MunicipalityYearFactory,
    PartnerPledgeFactory,
    UserFactory,
)

D = datetime.date


@pytest.fixture
def year(db):
    """2018 without the seed's rows; the project leader counts 4 hours a week."""
    return fresh_year(2018)


def fresh_year(number: int):
    YearSettings.objects.filter(year=number).delete()
    return ContributionYearFactory(year=number)


def delivered(settings, organisation) -> Decimal:
    entry = selectors.hours_overview(settings).for_organisation(organisation.pk)
    return entry.delivered


def test_overlap_days_counts_both_ends():
    assert overlap_days(D(2018, 1, 1), D(2018, 1, 1), D(2018, 1, 1), D(2018, 12, 31)) == 1
    assert overlap_days(None, None, D(2018, 1, 1), D(2018, 12, 31)) == 365
    assert overlap_days(D(2017, 6, 1), D(2017, 12, 31), D(2018, 1, 1), D(2018, 12, 31)) == 0
    assert overlap_days(D(2017, 6, 1), D(2018, 1, 7), D(2018, 1, 1), D(2018, 12, 31)) == 7


def test_a_membership_over_part_of_the_year_counts_pro_rata(year):
    almelo = builders.gemeente("Almelo")
    project = builders.project()
    builders.member(project, user=builders.person(almelo), hours="4", start=D(2018, 4, 1))
    # 1 April to 31 December: 275 days.
    assert delivered(year, almelo) == Decimal(4) * 275 / 7
    entry = selectors.hours_overview(year).for_organisation(almelo.pk)
    [line] = entry.deliveries
    assert (line.start, line.end, line.days) == (D(2018, 4, 1), D(2018, 12, 31), 275)


def test_a_membership_from_an_earlier_year_counts_from_1_january(year):
    almelo = builders.gemeente("Almelo")
    builders.member(
        builders.project(),
        user=builders.person(almelo),
        hours="2",
        start=D(2016, 3, 1),
        end=D(2018, 1, 14),
    )
    assert delivered(year, almelo) == Decimal(2) * 14 / 7


def test_memberships_outside_the_year_do_not_count(year):
    almelo = builders.gemeente("Almelo")
    project = builders.project()
    builders.member(project, user=builders.person(almelo), start=D(2017, 1, 1), end=D(2017, 12, 31))
    builders.member(project, user=builders.person(almelo), start=D(2019, 1, 1))
    assert delivered(year, almelo) == 0


def test_overlapping_memberships_of_one_person_both_count(year):
    almelo = builders.gemeente("Almelo")
    someone = builders.person(almelo)
    project = builders.project()
    builders.member(project, user=someone, hours="4", start=D(2018, 1, 1), end=D(2018, 6, 30))
    builders.member(
        project,
        user=someone,
        hours="2",
        start=D(2018, 4, 1),
        end=D(2018, 12, 31),
        function="secretaris",
    )
    # A deelnemer for 181 days and, from April, secretary as well for 275 days.
    assert delivered(year, almelo) == pro_rata_hours(4, 181) + pro_rata_hours(2, 275)


def test_a_person_in_two_groups_counts_in_both(year):
    almelo = builders.gemeente("Almelo")
    someone = builders.person(almelo)
    builders.member(builders.project("Eerste"), user=someone, hours="3", start=D(2018, 1, 1))
    builders.member(builders.project("Tweede"), user=someone, hours="5", start=D(2018, 7, 1))
    entry = selectors.hours_overview(year).for_organisation(almelo.pk)
    assert entry.delivered == pro_rata_hours(3, 365) + pro_rata_hours(5, 184)
    assert entry.project_count == 2


def test_a_project_that_ends_mid_year_stops_the_hours(year):
    almelo = builders.gemeente("Almelo")
    project = builders.project(start=D(2017, 9, 1), end=D(2018, 6, 30))
    builders.member(project, user=builders.person(almelo), hours="7", start=D(2017, 9, 1))
    assert delivered(year, almelo) == Decimal(7) * 181 / 7


def test_a_project_stopped_mid_year_stops_the_hours(year, regiocoordinator):
    almelo = builders.gemeente("Almelo")
    project = builders.project(start=D(2018, 1, 1))
    builders.member(project, user=builders.person(almelo), hours="7", start=D(2018, 1, 1))
    builders.stop(
        project,
        at=datetime.datetime(2018, 1, 31, 15, 0, tzinfo=datetime.UTC),
        actor=regiocoordinator,
    )
    assert delivered(year, almelo) == Decimal(31)


def test_a_leap_year_has_366_days(db):
    settings = fresh_year(2020)
    almelo = builders.gemeente("Almelo")
    builders.member(
        builders.project(), user=builders.person(almelo), hours="7", start=D(2019, 1, 1)
    )
    assert delivered(settings, almelo) == 366
    feb = builders.gemeente("Borne")
    builders.member(
        builders.project("Februari"),
        user=builders.person(feb),
        hours="7",
        start=D(2020, 2, 1),
        end=D(2020, 2, 29),
    )
    assert delivered(settings, feb) == 29


def test_the_project_leader_counts_the_default_hours_over_the_project(year):
    enschede = builders.gemeente("Enschede")
    leader = builders.person(enschede)
    builders.project(leader=leader, start=D(2018, 7, 1), end=D(2019, 6, 30))
    entry = selectors.hours_overview(year).for_organisation(enschede.pk)
    assert entry.delivered == pro_rata_hours(4, 184)
    assert entry.deliveries[0].role == str(selectors.PROJECTLEIDER_ROLE)


def test_the_project_leader_default_follows_the_year_setting(year):
    year.projectleider_hours_per_week = Decimal("8")
    year.save()
    enschede = builders.gemeente("Enschede")
    builders.project(leader=builders.person(enschede), start=D(2018, 1, 1))
    assert delivered(year, enschede) == pro_rata_hours(8, 365)


def test_a_project_leader_in_the_group_counts_with_their_own_hours_only(year):
    enschede = builders.gemeente("Enschede")
    leader = builders.person(enschede)
    project = builders.project(leader=leader, start=D(2018, 1, 1))
    builders.member(project, user=leader, hours="10", start=D(2018, 1, 1))
    assert delivered(year, enschede) == pro_rata_hours(10, 365)


def test_a_project_without_dates_does_not_count_its_leader(year):
    enschede = builders.gemeente("Enschede")
    builders.project(leader=builders.person(enschede))
    assert delivered(year, enschede) == 0


def test_a_named_member_without_an_account_counts_for_the_organisation(year):
    politie = builders.partner("Politie Oost-Nederland (district Twente)")
    builders.member(
        builders.project(), organisation=politie, name="Wijkagent", hours="2", start=D(2018, 1, 1)
    )
    assert delivered(year, politie) == pro_rata_hours(2, 365)


def test_pledges_of_gemeenten_and_partners(year):
    almelo = MunicipalityYearFactory(
        settings=year, organisation=builders.gemeente("Almelo"), population=72300
    )
    borne = MunicipalityYearFactory(
        settings=year,
        organisation=builders.gemeente("Borne"),
        population=22113,
        choice=Choice.SURCHARGE,
    )
    politie = PartnerPledgeFactory(
        settings=year,
        organisation=builders.partner("Politie Oost-Nederland (district Twente)"),
        hours_per_week=Decimal("8"),
    )
    overview = selectors.hours_overview(year)
    assert overview.for_organisation(almelo.organisation_id).pledged == 6 * 52
    assert overview.for_organisation(borne.organisation_id).pledged == 0
    assert overview.for_organisation(borne.organisation_id).pays_surcharge
    assert overview.for_organisation(politie.organisation_id).pledged == 8 * 52


def test_the_ranking_is_by_delivered_over_pledged(year):
    names = ["Almelo", "Borne", "Hengelo"]
    hours = {"Almelo": "1", "Borne": "6", "Hengelo": "3"}
    for name in names:
        organisation = builders.gemeente(name)
        MunicipalityYearFactory(settings=year, organisation=organisation, population=20000)
        builders.member(
            builders.project(f"Project {name}"),
            user=builders.person(organisation),
            hours=hours[name],
            start=D(2018, 1, 1),
        )
    surcharge = MunicipalityYearFactory(
        settings=year,
        organisation=builders.gemeente("Losser"),
        population=20000,
        choice=Choice.SURCHARGE,
    )
    ranked = [entry.organisation.name for entry in selectors.hours_overview(year).ranked]
    gemeenten = [name for name in ranked if name in {*names, "Losser"}]
    assert gemeenten == ["Borne", "Hengelo", "Almelo", "Losser"]
    assert selectors.hours_overview(year).ranked[-1].ratio is None
    assert surcharge.choice == Choice.SURCHARGE


def test_confidential_work_is_a_total_for_outsiders_only(year, voorzitter):
    almelo = builders.gemeente("Almelo")
    secret = builders.project("Geheim", vertrouwelijk=True)
    builders.member(secret, user=builders.person(almelo, first_name="Geheime"), start=D(2018, 1, 1))
    outsider = UserFactory(roles=[Role.PLATFORMLID], organisation=builders.gemeente("Wierden"))

    def hours_of(user):
        entry = selectors.hours_overview(year).for_organisation(almelo.pk)
        selectors.hide_confidential_work([entry], user)
        return entry

    hidden = hours_of(outsider)
    assert hidden.deliveries == []
    assert hidden.confidential == selectors.ConfidentialHours(
        projects=1, hours_per_week=Decimal(4), hours=365 * Decimal(4) / 7
    )
    assert hidden.delivered == 365 * Decimal(4) / 7 and hidden.project_count == 1
    shown = hours_of(voorzitter)
    [delivery] = shown.deliveries
    assert delivery.person.startswith("Geheime") and shown.confidential is None
    assert shown.delivered == hidden.delivered


def _populate(settings, count: int) -> None:
    for index in range(count):
        organisation = builders.gemeente(f"Gemeente {settings.year}-{index}")
        MunicipalityYearFactory(settings=settings, organisation=organisation, population=30000)
        partner = builders.partner(f"Partner {settings.year}-{index}")
        PartnerPledgeFactory(settings=settings, organisation=partner)
        project = builders.project(
            f"Project {index}", leader=builders.person(organisation), start=D(2018, 2, 1)
        )
        for _ in range(3):
            builders.member(project, user=builders.person(organisation), start=D(2018, 3, 1))
        builders.member(project, user=builders.person(partner), start=D(2018, 3, 1))
        builders.stop(
            project,
            at=datetime.datetime(2018, 11, 1, tzinfo=datetime.UTC),
            actor=project.projectleider,
        )


@pytest.mark.parametrize("page", ["", "uren/"])
def test_query_count_does_not_grow_with_organisations_and_memberships(client, platformlid, page):
    client.force_login(platformlid)
    small = fresh_year(2018)
    _populate(small, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/bijdragen/2018/{page}").status_code == 200
    _populate(small, 6)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/bijdragen/2018/{page}")
        assert response.status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)


def test_a_running_year_counts_up_to_today_against_the_pledge_so_far(client, platformlid, year):
    almelo = builders.gemeente("Almelo")
    MunicipalityYearFactory(settings=year, organisation=almelo, population=72300)
    builders.member(
        builders.project(), user=builders.person(almelo), hours="7", start=D(2018, 1, 1)
    )
    with time_machine.travel(datetime.datetime(2018, 7, 1, 12, tzinfo=datetime.UTC), tick=False):
        overview = selectors.hours_overview(year)
        client.force_login(platformlid)
        html = client.get("/bijdragen/2018/uren/").content.decode()
    assert overview.until == D(2018, 7, 1) and not overview.complete
    entry = overview.for_organisation(almelo.pk)
    assert entry.delivered == 182  # 1 January to 1 July
    assert entry.pledged == 312
    assert entry.pledged_to_date == Decimal(312) * 182 / 365
    assert entry.ratio == Decimal(182) / (Decimal(312) * 182 / 365)
    assert 'data-column="pledged-to-date"' in html
    # A peildatum of one's own, as the marap asks.
    assert (
        selectors.hours_overview(year, until=D(2018, 3, 31)).for_organisation(almelo.pk).delivered
        == 90
    )
    # Once the year is over, all of it counts.
    assert selectors.hours_overview(year, until=D(2018, 12, 31)).complete
