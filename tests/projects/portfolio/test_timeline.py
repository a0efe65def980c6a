"""The timeline: server-side SVG, well-formed, accessible, escaped, and never confidential."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from projects.portfolio.timeline import TimelineItem, TimelineMilestone, timeline_svg
from tests.factories import MilestoneFactory, ProjectFactory
from tests.projects.people import ACTORS, actor_for
from tests.projects.portfolio.scenario import CIRCLE, confidential_project

D = datetime.date
SVG = "{http://www.w3.org/2000/svg}"
XSS = "<script>alert(1)</script>"


def items():
    return [
        TimelineItem(
            label="Aanpak woninginbraken",
            start=D(2025, 3, 1),
            end=D(2026, 12, 31),
            status_label="In uitvoering",
            milestones=(
                TimelineMilestone("Start", D(2025, 4, 1), D(2025, 4, 1), "Gehaald", False),
                TimelineMilestone("Tussenstand", D(2025, 9, 1), D(2025, 11, 1), "Gehaald", True),
                TimelineMilestone("Eindrapport", D(2026, 11, 1), None, "Gepland", False),
            ),
        ),
        TimelineItem(label="Zonder mijlpalen", start=D(2024, 6, 1), end=D(2025, 6, 1)),
    ]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_the_svg_is_well_formed_and_labelled():
    root = parse(timeline_svg(items(), title="Tijdlijn", description="Uitleg", id_prefix="t"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "t-titel t-omschrijving"
    assert root.find(f"{SVG}title").text == "Tijdlijn"
    assert root.find(f"{SVG}title").get("id") == "t-titel"
    assert root.find(f"{SVG}desc").text == "Uitleg"
    assert root.find(f"{SVG}desc").get("id") == "t-omschrijving"


def test_bars_markers_and_year_ticks():
    root = parse(timeline_svg(items(), title="T", description="D", today=D(2026, 3, 2)))
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert {"2024", "2025", "2026"} <= set(texts)
    assert "Aanpak woninginbraken" in texts and "Zonder mijlpalen" in texts
    groups = root.findall(f"{SVG}g")
    titles = [group.find(f"{SVG}title").text for group in groups]
    assert any(t.startswith("Aanpak woninginbraken:") and "1 maart 2025" in t for t in titles)
    # Three milestones: a diamond for each planned date, a dot for each actual date.
    milestone_groups = [g for g in groups if g.find(f"{SVG}polygon") is not None]
    assert len(milestone_groups) == 3
    assert [len(g.findall(f"{SVG}circle")) for g in milestone_groups] == [1, 1, 0]
    # The late one is also marked by a square around its dot, not by colour alone.
    assert [len(g.findall(f"{SVG}rect")) for g in milestone_groups] == [0, 1, 0]
    assert "Tussenstand" in milestone_groups[1].find(f"{SVG}title").text


def test_no_style_attributes_and_no_scripts():
    svg = timeline_svg(items(), title="T", description="D")
    assert "style=" not in svg
    assert "<script" not in svg
    assert "<style" not in svg


def test_all_text_is_escaped():
    hostile = [
        TimelineItem(
            label=XSS,
            start=D(2025, 1, 1),
            end=D(2025, 12, 31),
            status_label='"><b>',
            milestones=(TimelineMilestone(XSS, D(2025, 6, 1), None, "&", False),),
        )
    ]
    svg = timeline_svg(hostile, title=XSS, description="a & b", id_prefix='x"y')
    assert XSS not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)  # still well-formed
    assert root.find(f"{SVG}title").text == XSS
    assert all(element.tag.startswith(SVG) for element in root.iter())


def test_nothing_to_draw():
    assert timeline_svg([], title="T", description="D") == ""


@pytest.mark.django_db
def test_the_page_embeds_the_timeline_with_a_text_alternative(client, regiocoordinator):
    project = ProjectFactory(
        title="Met data", status="in_uitvoering", start_date=D(2025, 1, 1), end_date=D(2026, 1, 1)
    )
    MilestoneFactory(project=project, name="Eerste mijlpaal", planned_date=D(2025, 5, 1))
    ProjectFactory(title="Zonder data", status="te_bemensen")
    client.force_login(regiocoordinator)
    html = client.get(reverse("projects:list")).content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0)
    root = parse(svg)
    assert root.get("aria-labelledby")
    assert "Eerste mijlpaal" in svg
    assert "Zonder data" not in svg
    details = html[html.index("<details") : html.index("</details>")]
    assert "Met data" in details and "Eerste mijlpaal" in details and "1 mei 2025" in details


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_a_confidential_project_is_drawn_only_for_its_circle(client, request, actor):
    project = confidential_project()
    client.force_login(actor_for(request, project, actor))
    html = client.get(reverse("projects:list")).content.decode()
    timeline = html[html.index('id="tijdlijn-kop"') :]
    for secret in ["Geheime mijlpaal", "30 november 2027"]:
        assert (secret in timeline) is (actor in CIRCLE), (actor, secret)
    assert ("<svg" in timeline) is (actor in CIRCLE)
