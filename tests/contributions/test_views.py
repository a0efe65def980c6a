"""Pages: who sees and edits what, bad input, conflicting edits, escaping, navigation."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils.translation import gettext as _

from contributions.models import Choice, IncomeLine, MunicipalityYear, PartnerPledge, YearSettings
from tests.contributions import builders
from tests.factories import IncomeLineFactory, PartnerPledgeFactory, UserFactory

ROLES = ["voorzitter", "regiocoordinator", "platformlid", "dvo_lid", "beheerder"]
EDITORS = {"regiocoordinator", "beheerder"}
XSS = "<script>alert(1)</script>"

# Pages every signed-in user sees (with {year}, {org}, {line} filled in).
READ_URLS = [
    "/bijdragen/",
    "/bijdragen/{year}/",
    "/bijdragen/{year}/uren/",
    "/bijdragen/{year}/uren/{org}/",
    "/bijdragen/{year}/begroting/",
    "/bijdragen/{year}/instellingen/",
    "/bijdragen/{year}/bijdragen.csv",
    "/bijdragen/{year}/bijdragen.xlsx",
    "/bijdragen/{year}/uren.csv",
    "/bijdragen/{year}/uren.xlsx",
    "/bijdragen/{year}/begroting.csv",
    "/bijdragen/{year}/begroting.xlsx",
]
# Pages only the regiocoördinator and the beheerder may open.
EDIT_URLS = [
    "/bijdragen/nieuw-jaar/",
    "/bijdragen/{year}/instellingen/bewerken/",
    "/bijdragen/{year}/gemeenten/bewerken/",
    "/bijdragen/{year}/partners/bewerken/",
    "/bijdragen/{year}/inkomsten/nieuw/",
    "/bijdragen/{year}/inkomsten/{line}/bewerken/",
    "/bijdragen/{year}/inkomsten/{line}/verwijderen/",
]


@pytest.fixture
def urls(year_2018):
    line = IncomeLineFactory(settings=year_2018)
    org = year_2018.municipalities.get(organisation__name="Almelo").organisation_id
    values = {"year": 2018, "org": org, "line": line.pk}
    return {
        "read": [url.format(**values) for url in READ_URLS],
        "edit": [url.format(**values) for url in EDIT_URLS],
    }


def test_anonymous_users_are_sent_to_sign_in(client, urls):
    for url in urls["read"] + urls["edit"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/inloggen/?next="), url
        assert client.post(url).status_code == 302, url


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, client, urls, role):
    client.force_login(request.getfixturevalue(role))
    for url in urls["read"]:
        assert client.get(url).status_code == 200, url
    for url in urls["edit"]:
        expected = 200 if role in EDITORS else 403
        assert client.get(url).status_code == expected, url
        if role not in EDITORS:
            assert client.post(url, {}).status_code == 403, url
    assert IncomeLine.objects.count() == 1  # nothing was deleted by a refused POST


def test_a_user_without_a_role_sees_but_cannot_edit(client, urls):
    client.force_login(UserFactory())
    assert client.get(urls["read"][1]).status_code == 200
    assert client.get(urls["edit"][0]).status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_edit_buttons_show_only_to_editors(request, client, year_2018, role):
    client.force_login(request.getfixturevalue(role))
    html = client.get("/bijdragen/2018/").content.decode()
    assert ("/bijdragen/2018/gemeenten/bewerken/" in html) == (role in EDITORS)
    assert ("/bijdragen/nieuw-jaar/" in html) == (role in EDITORS)


def test_the_navigation_links_to_the_contributions(client, platformlid, year_2018):
    client.force_login(platformlid)
    html = client.get("/").content.decode()
    assert 'href="/bijdragen/"' in html


def test_the_default_page_shows_the_latest_year_up_to_now(client, platformlid, seeded_years):
    client.force_login(platformlid)
    response = client.get("/bijdragen/")
    assert response.context["year"] == max(seeded_years)


def test_without_any_year_the_page_says_so(client, regiocoordinator, db):
    YearSettings.objects.all().delete()
    client.force_login(regiocoordinator)
    response = client.get("/bijdragen/")
    assert response.status_code == 200
    assert _("No contribution year has been set up yet.") in response.content.decode()


def test_an_unknown_year_gets_a_clear_404(client, regiocoordinator, year_2018):
    client.force_login(regiocoordinator)
    response = client.get("/bijdragen/1999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert _("There are no contribution figures for %(year)s.") % {"year": "1999"} in html
    assert "/bijdragen/nieuw-jaar/" in html
    assert client.get("/bijdragen/2018/uren/999999/").status_code == 404


# The new year --------------------------------------------------------------------------------


def test_a_new_year_from_the_last(client, regiocoordinator, year_2018):
    client.force_login(regiocoordinator)
    form = client.get("/bijdragen/nieuw-jaar/").context["form"]
    assert form.initial == {"year": 2019, "copy_from": 2018}
    response = client.post("/bijdragen/nieuw-jaar/", {"year": "2019", "copy_from": "2018"})
    assert response.status_code == 302
    assert response["Location"] == "/bijdragen/2019/instellingen/"
    assert YearSettings.objects.get(year=2019).municipalities.count() == 14


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"year": "2018", "copy_from": "2018"}, "year"),
        ({"year": "twintig", "copy_from": "2018"}, "year"),
        ({"year": "1850", "copy_from": "2018"}, "year"),
        ({"year": "2020", "copy_from": "2005"}, "copy_from"),
    ],
)
def test_a_new_year_with_bad_input(client, regiocoordinator, year_2018, data, field):
    client.force_login(regiocoordinator)
    response = client.post("/bijdragen/nieuw-jaar/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert form.data["year"] == data["year"]  # what was typed is kept
    assert f'value="{data["year"]}"' in response.content.decode()


# Tariff and brackets -------------------------------------------------------------------------


def settings_data(settings, **changes) -> dict:
    brackets = list(settings.brackets.all())
    data = {
        "version": str(settings.version),
        "tariff_per_inhabitant": "0,20",
        "projectleider_hours_per_week": "4",
        "brackets-TOTAL_FORMS": str(len(brackets) + 1),
        "brackets-INITIAL_FORMS": str(len(brackets)),
        "brackets-MIN_NUM_FORMS": "0",
        "brackets-MAX_NUM_FORMS": "1000",
    }
    for index, bracket in enumerate(brackets):
        data.update(
            {
                f"brackets-{index}-id": str(bracket.pk),
                f"brackets-{index}-max_population": ""
                if bracket.max_population is None
                else str(bracket.max_population),
                f"brackets-{index}-hours_per_week": str(bracket.hours_per_week).replace(".", ","),
                f"brackets-{index}-labour_value": str(bracket.labour_value).replace(".", ","),
                f"brackets-{index}-surcharge_per_inhabitant": str(
                    bracket.surcharge_per_inhabitant
                ).replace(".", ","),
            }
        )
    data.update(changes)
    return data


@pytest.mark.parametrize(("typed", "stored"), [("0,25", "0.25"), ("0.25", "0.25"), ("1", "1")])
def test_a_tariff_typed_the_dutch_way_is_understood(
    client, regiocoordinator, year_2018, typed, stored
):
    client.force_login(regiocoordinator)
    response = client.post(
        "/bijdragen/2018/instellingen/bewerken/",
        settings_data(year_2018, tariff_per_inhabitant=typed),
    )
    assert response.status_code == 302, response.context["form"].errors
    year_2018.refresh_from_db()
    assert year_2018.tariff_per_inhabitant == Decimal(stored)


@pytest.mark.parametrize("typed", ["0,205", "twintig cent", "-0,20", "0.200", "12"])
def test_a_bad_tariff_gets_a_clear_error_and_is_kept(client, regiocoordinator, year_2018, typed):
    client.force_login(regiocoordinator)
    response = client.post(
        "/bijdragen/2018/instellingen/bewerken/",
        settings_data(year_2018, tariff_per_inhabitant=typed),
    )
    assert response.status_code == 400
    assert "tariff_per_inhabitant" in response.context["form"].errors
    assert f'value="{typed}"' in response.content.decode()
    year_2018.refresh_from_db()
    assert year_2018.tariff_per_inhabitant == Decimal("0.20")


def test_a_new_bracket_row_and_a_deleted_one(client, regiocoordinator, year_2018):
    client.force_login(regiocoordinator)
    data = settings_data(
        year_2018,
        **{
            "brackets-1-DELETE": "on",
            "brackets-4-max_population": "50.000",
            "brackets-4-hours_per_week": "5",
            "brackets-4-labour_value": "9.722",
            "brackets-4-surcharge_per_inhabitant": "0,18",
        },
    )
    response = client.post("/bijdragen/2018/instellingen/bewerken/", data)
    assert response.status_code == 302
    limits = [b.max_population for b in year_2018.brackets.all()]
    assert limits == [25999, 50000, 85000, None]


def test_brackets_with_a_gap_are_refused_with_the_input_kept(client, regiocoordinator, year_2018):
    client.force_login(regiocoordinator)
    data = settings_data(year_2018, **{"brackets-3-max_population": "200.000"})
    response = client.post("/bijdragen/2018/instellingen/bewerken/", data)
    assert response.status_code == 400
    assert response.context["formset"].non_form_errors()
    assert 'value="200.000"' in response.content.decode()


def test_a_stale_settings_form_is_refused_with_the_input_kept(client, regiocoordinator, year_2018):
    client.force_login(regiocoordinator)
    stale = settings_data(year_2018, tariff_per_inhabitant="0,30")
    assert (
        client.post(
            "/bijdragen/2018/instellingen/bewerken/",
            settings_data(year_2018, tariff_per_inhabitant="0,22"),
        ).status_code
        == 302
    )
    response = client.post("/bijdragen/2018/instellingen/bewerken/", stale)
    assert response.status_code == 400
    assert 'value="0,30"' in response.content.decode()
    year_2018.refresh_from_db()
    assert year_2018.tariff_per_inhabitant == Decimal("0.22")
    # Saving again (the version is now the current one) goes through.
    again = response.context["form"].data.copy()
    assert client.post("/bijdragen/2018/instellingen/bewerken/", again).status_code == 302


# Populations and choices ---------------------------------------------------------------------


def municipality_data(client) -> dict:
    formset = client.get("/bijdragen/2018/gemeenten/bewerken/").context["formset"]
    data = {
        "gemeenten-TOTAL_FORMS": str(formset.total_form_count()),
        "gemeenten-INITIAL_FORMS": str(formset.initial_form_count()),
        "gemeenten-MIN_NUM_FORMS": "0",
        "gemeenten-MAX_NUM_FORMS": "1000",
    }
    names = {}
    for index, form in enumerate(formset.forms):
        for name in ("organisation", "version", "population", "choice"):
            value = form.initial.get(name)
            data[f"gemeenten-{index}-{name}"] = "" if value is None else str(value)
        names[form.organisation_name] = index
    return data, names


def test_change_a_population_and_a_choice(client, regiocoordinator, year_2018):
    client.force_login(regiocoordinator)
    data, names = municipality_data(client)
    data[f"gemeenten-{names['Almelo']}-population"] = "73.000"
    data[f"gemeenten-{names['Almelo']}-choice"] = Choice.SURCHARGE
    response = client.post("/bijdragen/2018/gemeenten/bewerken/", data)
    assert response.status_code == 302
    almelo = MunicipalityYear.objects.get(settings=year_2018, organisation__name="Almelo")
    assert (almelo.population, almelo.choice) == (73000, Choice.SURCHARGE)
    html = client.get("/bijdragen/2018/").content.decode()
    # 73.000 × 0,20 + 73.000 × 0,15 = 14.600 + 10.950
    assert "€ 25.550" in html


@pytest.mark.parametrize("typed", ["-5", "veel", "", "2.500.000"])
def test_a_bad_population_gets_a_clear_error_and_is_kept(
    client, regiocoordinator, year_2018, typed
):
    client.force_login(regiocoordinator)
    data, names = municipality_data(client)
    index = names["Almelo"]
    data[f"gemeenten-{index}-population"] = typed
    data[f"gemeenten-{names['Borne']}-population"] = "23.000"  # a valid change, also kept
    response = client.post("/bijdragen/2018/gemeenten/bewerken/", data)
    assert response.status_code == 400
    assert "population" in response.context["formset"].forms[index].errors
    html = response.content.decode()
    assert f'value="{typed}"' in html or typed == ""
    assert 'value="23.000"' in html
    assert 'aria-invalid="true"' in html
    assert (
        MunicipalityYear.objects.get(settings=year_2018, organisation__name="Almelo").population
        == 72300
    )


def test_a_conflicting_population_edit_is_refused(client, regiocoordinator, beheerder, year_2018):
    client.force_login(regiocoordinator)
    data, names = municipality_data(client)
    MunicipalityYear.objects.filter(settings=year_2018, organisation__name="Almelo").update(
        population=72500, version=2
    )
    data[f"gemeenten-{names['Almelo']}-population"] = "71.000"
    response = client.post("/bijdragen/2018/gemeenten/bewerken/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="71.000"' in html
    assert "72.500" in html  # the figure as it is now
    assert (
        MunicipalityYear.objects.get(settings=year_2018, organisation__name="Almelo").population
        == 72500
    )


def test_a_tampered_organisation_list_is_refused(client, regiocoordinator, year_2018):
    client.force_login(regiocoordinator)
    data, names = municipality_data(client)
    politie = builders.partner("Politie Oost-Nederland (district Twente)")
    data[f"gemeenten-{names['Almelo']}-organisation"] = str(politie.pk)
    response = client.post("/bijdragen/2018/gemeenten/bewerken/", data)
    assert response.status_code == 400
    assert not MunicipalityYear.objects.filter(organisation=politie).exists()


# Partners ------------------------------------------------------------------------------------


def test_partner_pledges_through_the_page(client, regiocoordinator, year_2018):
    client.force_login(regiocoordinator)
    formset = client.get("/bijdragen/2018/partners/bewerken/").context["formset"]
    data = {
        "partners-TOTAL_FORMS": str(formset.total_form_count()),
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(formset.forms):
        data[f"partners-{index}-organisation"] = str(form.initial["organisation"])
        data[f"partners-{index}-version"] = str(form.initial["version"])
        if form.organisation_name == "Openbaar Ministerie":
            data[f"partners-{index}-contact_name"] = XSS
            data[f"partners-{index}-hours_per_week"] = "2,5"
    response = client.post("/bijdragen/2018/partners/bewerken/", data)
    assert response.status_code == 302
    pledge = PartnerPledge.objects.get(settings=year_2018)
    assert (pledge.contact_name, pledge.hours_per_week) == (XSS, Decimal("2.5"))
    html = client.get("/bijdragen/2018/instellingen/").content.decode()
    assert XSS not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# Income --------------------------------------------------------------------------------------


def test_income_lines_through_the_pages(client, regiocoordinator, year_2018):
    client.force_login(regiocoordinator)
    response = client.post(
        "/bijdragen/2018/inkomsten/nieuw/",
        {"kind": "subsidie", "description": "Provincie", "amount": "12.500,50"},
    )
    assert response.status_code == 302
    line = IncomeLine.objects.get()
    assert line.amount == Decimal("12500.50")
    html = client.get("/bijdragen/2018/begroting/").content.decode()
    assert "€ 12.500,50" in html
    response = client.post(
        f"/bijdragen/2018/inkomsten/{line.pk}/bewerken/",
        {"kind": "reserve", "description": "Reserve", "amount": "-3", "version": "1"},
    )
    assert response.status_code == 400 and 'value="-3"' in response.content.decode()
    response = client.post(
        f"/bijdragen/2018/inkomsten/{line.pk}/bewerken/",
        {"kind": "reserve", "description": "Reserve", "amount": "3", "version": "7"},
    )
    assert response.status_code == 400  # stale
    assert client.get(f"/bijdragen/2018/inkomsten/{line.pk}/verwijderen/").status_code == 200
    assert IncomeLine.objects.exists()  # GET only asks
    assert client.post(f"/bijdragen/2018/inkomsten/{line.pk}/verwijderen/").status_code == 302
    assert not IncomeLine.objects.exists()


def test_an_income_line_of_another_year_is_not_found(client, regiocoordinator, seeded_years):
    client.force_login(regiocoordinator)
    line = IncomeLineFactory(settings=seeded_years[2017])
    assert client.get(f"/bijdragen/2018/inkomsten/{line.pk}/bewerken/").status_code == 404
    assert client.post(f"/bijdragen/2018/inkomsten/{line.pk}/verwijderen/").status_code == 404


# Budget, hours and escaping ------------------------------------------------------------------


def test_the_budget_balances_income_against_costs(client, platformlid, year_2018):
    client.force_login(platformlid)
    IncomeLineFactory(settings=year_2018, amount=Decimal("10000"))
    project = builders.project("Dashboard")
    builders.budget_line(project, year=2018, planned="5000", realised="2500.25")
    builders.budget_line(project, year=2018, planned="1000", source="lokaal")
    builders.budget_line(project, year=2019, planned="99999")
    budget = client.get("/bijdragen/2018/begroting/").context["budget"]
    income = Decimal("124852") + Decimal("10000")  # all deliver hours: no surcharges
    assert budget.income == income
    assert budget.planned_total == Decimal("6000")
    assert budget.planned_platform == Decimal("5000")
    assert budget.balance_planned == income - 5000
    assert budget.balance_realised == income - Decimal("2500.25")


def test_confidential_budgets_are_summed_for_outsiders(client, voorzitter, year_2018):
    secret = builders.project(XSS, vertrouwelijk=True)
    builders.budget_line(secret, year=2018, planned="700")
    outsider = UserFactory(roles=["platformlid"], organisation=builders.gemeente("Wierden"))
    client.force_login(outsider)
    html = client.get("/bijdragen/2018/begroting/").content.decode()
    assert "&lt;script&gt;" not in html and XSS not in html
    assert "€ 700,00" in html
    client.force_login(voorzitter)
    html = client.get("/bijdragen/2018/begroting/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and XSS not in html


def test_project_titles_and_names_are_escaped_in_the_hours_pages(client, voorzitter, year_2018):
    almelo = year_2018.municipalities.get(organisation__name="Almelo").organisation
    project = builders.project(XSS)
    builders.member(
        project, organisation=almelo, name=XSS, start=datetime.date(2018, 1, 1), hours="4"
    )
    client.force_login(voorzitter)
    for url in ("/bijdragen/2018/uren/", f"/bijdragen/2018/uren/{almelo.pk}/"):
        html = client.get(url).content.decode()
        assert XSS not in html, url
    html = client.get(f"/bijdragen/2018/uren/{almelo.pk}/").content.decode()
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2


def test_the_chart_is_accessible_svg_without_style_attributes(client, platformlid, year_2018):
    PartnerPledgeFactory(settings=year_2018, organisation=builders.partner(XSS))
    client.force_login(platformlid)
    html = client.get("/bijdragen/2018/uren/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "aria-labelledby" in svg
    assert "<pattern" in svg and "<polygon" in svg  # hatching and diamonds, not colour alone
    assert "style=" not in html and "<style" not in svg
    assert XSS not in svg and "&lt;script&gt;" in svg
    # Every organisation's numbers are written out as text.
    assert len(re.findall(r"<text[^>]*>[^<]*\d", svg)) >= 2 * 14


def test_the_history_shows_on_the_settings_page(client, regiocoordinator, year_2018):
    client.force_login(regiocoordinator)
    data, names = municipality_data(client)
    data[f"gemeenten-{names['Borne']}-population"] = "23.000"
    client.post("/bijdragen/2018/gemeenten/bewerken/", data)
    response = client.get("/bijdragen/2018/instellingen/")
    [entry, *_rest] = response.context["page"].object_list
    assert entry.subject == "Borne" and entry.who == str(regiocoordinator)
    assert "23.000" in response.content.decode()


def test_a_source_with_nothing_planned_or_recorded_is_a_dash_not_unknown(
    client, platformlid, year_2018
):
    client.force_login(platformlid)
    project = builders.project("Dashboard")
    builders.budget_line(project, year=2018, planned="5000", realised="2500.25")
    builders.budget_line(project, year=2018, planned="1000", realised=None, source="lokaal")
    page = client.get("/bijdragen/2018/begroting/").content.decode()
    table = page[page.index("Financieringsbron") :]
    table = table[: table.index("</table>")]
    rows = {
        source: table[table.index(f">{source}<") :].split("</tr>")[0]
        for source in ("Budget Platform", "Subsidie", "Lokaal", "Partner")
    }
    # Planned money without realised amounts stays unknown.
    assert "niet gerapporteerd" in rows["Lokaal"]
    # No lines at all: nothing planned and nothing recorded, said as such to a screen reader.
    for source in ("Subsidie", "Partner"):
        assert "niet gerapporteerd" not in rows[source]
        assert "€ 0,00" not in rows[source]
        assert '<span aria-hidden="true">—</span>' in rows[source]
        assert '<span class="visually-hidden">niets gepland</span>' in rows[source]
