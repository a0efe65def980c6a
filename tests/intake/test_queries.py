"""The lists and the werkvoorraad keep a constant number of queries as the data grows."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platform_ivz.core.models import Organisation
from platform_ivz.core.roles import Role
from tests.factories import ProjectFactory, ProjectRequestFactory
from tests.intake.scenario import make_user

pytestmark = pytest.mark.django_db

PAGES = {
    # name: (url, who looks)
    "intake:list": (reverse("intake:list"), "voorzitter"),
    "intake:list filtered": (reverse("intake:list") + "?q=woninginbraken&gemeente=", "voorzitter"),
    "intake:mine": (reverse("intake:mine"), "indiener"),
    "intake:review": (reverse("intake:review"), "voorzitter"),
    "home (reviewer)": (reverse("home"), "voorzitter"),
    "home (indiener)": (reverse("home"), "indiener"),
    "home (portefeuillehouder)": (reverse("home"), "portefeuillehouder"),
    "projects:list": (reverse("projects:list"), "platformlid"),
}


class Portfolio:
    """Grows in units; each unit adds a request to review, an open request of Hengelo
    (confidential), a staffed project and one still to staff, each in several gemeenten."""

    def __init__(self):
        self.users = {
            "voorzitter": make_user("q_voorzitter", Role.VOORZITTER, "Enschede"),
            "indiener": make_user("q_indiener", Role.PLATFORMLID, "Hengelo"),
            "portefeuillehouder": make_user("q_dvo", Role.DVO_LID, "Openbaar Ministerie"),
            "platformlid": make_user("q_platformlid", Role.PLATFORMLID, "Almelo"),
        }
        authors = [
            make_user(f"q_auteur_{n}", Role.PLATFORMLID, name)
            for n, name in enumerate(["Hengelo", "Hengelo", "Borne", "Losser"])
        ]
        leaders = [make_user(f"q_leider_{n}", Role.PLATFORMLID, "Almelo") for n in range(3)]
        self.authors = itertools.cycle(authors)
        self.hengelo = itertools.cycle([a for a in authors if a.organisation.name == "Hengelo"])
        self.leaders = itertools.cycle(leaders)
        self.borne = Organisation.objects.get(name="Borne")
        self.units = 0

    def grow_to(self, units: int) -> None:
        while self.units < units:
            n = self.units
            ProjectRequestFactory(
                indiener=next(self.authors),
                status="ingediend",
                gemeenten=3 + n % 5,
                on_behalf_of="burgemeester",
                on_behalf_organisation=self.borne,
            )
            ProjectRequestFactory(
                indiener=next(self.hengelo), status="concept", gemeenten=4, vertrouwelijk=True
            )
            ProjectFactory(
                request__indiener=next(self.authors),
                request__gemeenten=5,
                projectleider=next(self.leaders),
                portefeuillehouder=self.users["portefeuillehouder"],
                status="in_voorbereiding",
            )
            ProjectFactory(request__indiener=next(self.authors), request__gemeenten=2)
            self.units += 1

    def count_queries(self, client) -> dict[str, int]:
        counts = {}
        for name, (url, who) in PAGES.items():
            client.force_login(self.users[who])
            client.get(url)  # warm up: session, caches
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, name
            counts[name] = len(captured.captured_queries)
        return counts


@pytest.fixture
def portfolio(db):
    return Portfolio()


def test_the_pages_show_the_rows(portfolio, client):
    """Guard for the comparisons below: the measured pages really list what was added."""
    portfolio.grow_to(30)
    client.force_login(portfolio.users["voorzitter"])
    assert len(client.get(reverse("intake:list")).context["page"].object_list) == 25
    assert len(client.get(reverse("intake:review")).context["page"].object_list) == 25
    client.force_login(portfolio.users["platformlid"])
    assert len(client.get(reverse("projects:list")).context["page"].object_list) == 25
    client.force_login(portfolio.users["portefeuillehouder"])
    sections = {s.key: s for s in client.get(reverse("home")).context["sections"]}
    assert (sections["mijn-projecten"].count, len(sections["mijn-projecten"].items)) == (30, 5)


def test_the_query_count_does_not_grow_with_the_number_of_requests(portfolio, client):
    portfolio.grow_to(5)
    few = portfolio.count_queries(client)
    portfolio.grow_to(60)
    many = portfolio.count_queries(client)
    assert many == few


def test_the_werkvoorraad_does_not_query_per_item(portfolio, client):
    """Below the five items a section shows (from five on it also counts them), an extra
    item must cost nothing."""
    portfolio.grow_to(1)
    one = portfolio.count_queries(client)
    portfolio.grow_to(2)  # at most four items in every section
    two = portfolio.count_queries(client)
    assert two == one
