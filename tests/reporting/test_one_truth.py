"""One truth per figure (issue 15 item 2; docs/ARCHITECTURE.md §6.1): a portfolio is built, every
report rendered to PDF and read back as text, the project and budget pages fetched, and each
shared figure compared across all of them.

- money spent per project is the budget lines' realised amounts, everywhere; a progress
  report's own spent_to_date (a snapshot, here deliberately stale) is never read as a figure;
- unknown spending is "niet gerapporteerd", never € 0,00 or 0%;
- the contribution total has one value and one precision (whole euros) everywhere;
- the hours pledged and in projectgroepen, per organisation and in total, are the same in the
  marap (samenvatting and table), the Kring's report, the jaarverslag, the factsheet and on
  the hours page.
"""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from contributions import selectors as contribution_selectors
from platform_ivz.core.formatting import euro, euro_whole, hours
from platform_ivz.core.models import Organisation
from reporting.generation import render_kind
from reporting.kinds import KINDS
from tests.factories import (
    BudgetLineFactory,
    ContributionYearFactory,
    MunicipalityYearFactory,
    OrganisationFactory,
)
from tests.reporting import marap_data as data
from tests.reporting.pdf_text import flat_text

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 15)
NOW = datetime.datetime(2026, 10, 15, 10, 0, tzinfo=datetime.UTC)
UNKNOWN = "niet gerapporteerd"


@pytest.fixture
def portfolio():
    with time_machine.travel(NOW, tick=False):
        # Led from Hengelo, so Hengelo's factsheet lists it.
        reported = data.running_project(
            "Aanpak woninginbraken", projectleider=data.leader("anna", "Hengelo")
        )
        BudgetLineFactory(
            project=reported,
            description="Inhuur A",
            year=2026,
            planned_amount=Decimal("12500"),
            realised_amount=Decimal("4200.50"),
        )
        BudgetLineFactory(
            project=reported,
            description="Vervolg A",
            year=2027,
            planned_amount=Decimal("7500"),
            realised_amount=None,
        )
        data.submitted_report(
            reported, submitted=datetime.date(2026, 7, 20), spent_to_date=Decimal("4200.50")
        )
        silent = data.running_project("Triage verwarde personen")
        BudgetLineFactory(
            project=silent,
            description="Inhuur B",
            year=2026,
            planned_amount=Decimal("8000"),
            realised_amount=None,
        )
        # A typed amount from before the lines were the truth: no page or report may show it.
        data.submitted_report(
            silent, submitted=datetime.date(2026, 7, 21), spent_to_date=Decimal("999.99")
        )
        settings = ContributionYearFactory(year=2026)
        hengelo = OrganisationFactory(name="Hengelo", kind=Organisation.Kind.GEMEENTE)
        borne = OrganisationFactory(name="Borne", kind=Organisation.Kind.GEMEENTE)
        MunicipalityYearFactory(settings=settings, organisation=hengelo, population=81067)
        MunicipalityYearFactory(
            settings=settings, organisation=borne, population=22113, choice="ophoging"
        )
    return {"reported": reported, "silent": silent, "settings": settings, "hengelo": hengelo}


def _pdf_texts(portfolio) -> dict[str, str]:
    texts = {}
    with time_machine.travel(NOW, tick=False):
        for key, kwargs in (
            ("jaarplan", {"year": 2026}),
            ("jaarverslag", {"year": 2026}),
            ("marap", {"year": 2026, "peildatum": TODAY}),
            ("factsheet", {"organisation": portfolio["hengelo"], "year": 2026}),
            ("kring", {"year": 2026, "peildatum": TODAY}),
        ):
            rendered = render_kind(
                KINDS[key], title=f"{key} 2026", year=2026, is_concept=True, build_kwargs=kwargs
            )
            texts[key] = flat_text(rendered.pdf)
    return texts


def _page_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", " ")


def _after(text: str, marker: str, length: int = 160) -> str:
    start = text.index(marker)
    return text[start : start + length]


def test_every_shared_figure_agrees_across_reports_and_pages(portfolio, client, regiocoordinator):
    texts = _pdf_texts(portfolio)
    client.force_login(regiocoordinator)
    with time_machine.travel(NOW, tick=False):
        pages = {
            name: client.get(url).content.decode()
            for name, url in (
                ("reported", reverse("projects:detail", args=[portfolio["reported"].pk])),
                ("silent", reverse("projects:detail", args=[portfolio["silent"].pk])),
                ("budget", reverse("contributions:budget", args=[2026])),
                ("table", reverse("contributions:year", args=[2026])),
                ("hours", reverse("contributions:hours", args=[2026])),
            )
        }

    # Spent to date (all years) of the project that reported: marap and project page.
    spent = euro(Decimal("4200.50"))
    assert re.search(r'data-figure="spent">\s*' + re.escape(spent), pages["reported"])
    assert re.search(
        r"Aanpak woninginbraken € 12\.500,00 € 20\.000,00 " + re.escape(spent), texts["marap"]
    )
    # Spent in 2026: the jaarverslag's budget line and the budget page's project row.
    assert f"Inhuur A Budget Platform € 12.500,00 {spent}" in texts["jaarverslag"]
    assert spent in _after(_page_text(pages["budget"]), "Aanpak woninginbraken")
    # The factsheet of the gemeente that leads it: spent to date, as the marap.
    assert f"Besteed tot nu toe: {spent}" in _after(
        texts["factsheet"], "Aanpak woninginbraken", 300
    )

    # The project without reported spending is unknown everywhere, never € 0 or 0%.
    assert re.search(r'data-figure="spent">\s*' + UNKNOWN, pages["silent"])
    assert re.search(r"Triage verwarde personen € 8\.000,00 € 8\.000,00 " + UNKNOWN, texts["marap"])
    assert f"Inhuur B Budget Platform € 8.000,00 {UNKNOWN}" in texts["jaarverslag"]
    assert UNKNOWN in _after(_page_text(pages["budget"]), "Triage verwarde personen")
    for name, text in {**texts, **pages}.items():
        assert "999,99" not in text, name  # the stale typed amount is read nowhere

    # The totals: the marap's finance table and its samenvatting say the same.
    marap = texts["marap"]
    assert f"Totaal € 20.500,00 € 28.000,00 {spent}" in marap
    assert "Geld gepland (alle jaren, tot nu toe) € 28.000,00" in marap
    assert f"Geld besteed (alle jaren, tot nu toe) {spent}" in marap
    assert "€ 0,00 (0%)" not in marap and "0%" not in _after(marap, "Triage verwarde personen € 8")
    # The jaarverslag's samenvatting: the year's money of the same lines.
    assert (
        f"Geld besteed (in 2026) {spent} (1 van 2 begrotingsregels gerapporteerd)"
        in (texts["jaarverslag"])
    )

    # The contribution total: one value, one precision (whole euros), everywhere.
    table = contribution_selectors.contribution_table(portfolio["settings"])
    assert table.total != table.total.quantize(Decimal("1"))  # the exact sum has cents
    whole, cents = euro_whole(table.total), euro(table.total)
    # Printed as whole euros, not only as the start of an amount with cents.
    as_whole = re.compile(re.escape(whole) + r"(?!,\d)")
    for name in ("jaarplan", "jaarverslag", "factsheet"):
        assert as_whole.search(texts[name]), name
    assert as_whole.search(_page_text(pages["table"]))
    for name, text in {**texts, **pages}.items():
        assert cents not in text, name

    # Hours pledged and in projectgroepen (up to today, the marap's peildatum): Hengelo's and
    # the totals, the same in every report that shows them and on the hours page.
    with time_machine.travel(NOW, tick=False):
        overview = contribution_selectors.hours_overview(portfolio["settings"], until=TODAY)
    hengelo = overview.for_organisation(portfolio["hengelo"].pk)
    assert hengelo.delivered > 0 and hengelo.pledged_to_date > 0  # something to compare
    planned, pledged = hours(hengelo.delivered), hours(hengelo.pledged_to_date)
    assert f"Hengelo {hours(hengelo.pledged)} {pledged} {planned}" in marap
    assert f"Hengelo {pledged} {planned}" in texts["jaarverslag"]
    factsheet = texts["factsheet"]
    assert f"Toegezegd tot nu toe {pledged} In projectgroepen tot nu toe {planned}" in factsheet
    # The hours page's table row.
    row = re.search(r'<tr data-organisation="Hengelo">(.*?)</tr>', pages["hours"], re.S)[1]
    for column, figure in (("pledged-to-date", pledged), ("delivered", planned)):
        assert re.search(f'data-column="{column}">{re.escape(figure)}<', row), column
    totals = (hours(overview.pledged), hours(overview.pledged_to_date), hours(overview.delivered))
    assert "Totaal {} {} {}".format(*totals) in marap
    assert "Totaal {} {}".format(*totals[1:]) in texts["jaarverslag"]
    for name in ("marap", "kring", "jaarverslag"):
        text = texts[name]
        assert f"Uren toegezegd tot en met 15 oktober 2026 {totals[1]}" in text, name
        assert f"Uren ingepland in projectgroepen tot en met 15 oktober 2026 {totals[2]}" in text, (
            name
        )
