"""The reports' paired-bar SVG: well-formed, accessible, escaped, without style attributes."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from platform_ivz.core import charts as core_charts
from reporting import charts
from reporting.charts import PairedBar

# A report's chart is printed: at most REPORT_MAX_WIDTH wide, so its text stays >= 8 pt.
BAR_AREA = core_charts.REPORT_MAX_WIDTH - core_charts.LABEL_WIDTH - core_charts.REPORT_VALUE_WIDTH

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, in a test)


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def _bars(root: ET.Element) -> list[ET.Element]:
    """Bars are rects in the plot (not the background, legend or hatch pattern)."""
    return [
        r
        for r in root.iter(f"{SVG}rect")
        if r.get("x") == str(core_charts.LABEL_WIDTH)
        and (r.get("y"), r.get("width")) != ("14", "28")
    ]


def _chart(rows, **kwargs):
    options = {
        "title": "Doel tegen behaald",
        "description": "Per rij twee balken.",
        "id_prefix": "chart-1",
        "first_label": "doel",
        "second_label": "behaald",
    }
    options.update(kwargs)
    return charts.paired_bar_chart(rows, **options)


def test_chart_is_an_accessible_image_with_title_and_description():
    root = _parse(_chart([PairedBar("Woninginbraken", Decimal("10"), Decimal("5"))]))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-1-title chart-1-desc"
    assert root.find(f"{SVG}title").text == "Doel tegen behaald"
    assert root.find(f"{SVG}title").get("id") == "chart-1-title"
    assert root.find(f"{SVG}desc").text == "Per rij twee balken."


def test_no_style_attributes_and_the_reports_own_font():
    svg = _chart([PairedBar("A", Decimal("1"), Decimal("2"))])
    root = _parse(svg)
    for element in root.iter():
        assert "style" not in element.attrib
    assert "<style" not in svg
    assert root.get("font-family") == "'Source Sans 3', sans-serif"


def test_values_are_written_as_text_with_the_series_names():
    rows = [
        PairedBar("Woninginbraken", Decimal("40"), Decimal("25")),
        PairedBar("Meldingen", Decimal("12.50"), None),
    ]
    texts = _texts(_parse(_chart(rows)))
    assert "Woninginbraken" in texts
    assert "doel: 40" in texts
    assert "behaald: 25" in texts
    assert "doel: 12,5" in texts
    assert "behaald: niet bekend" in texts


def test_plain_numbers_are_dutch():
    rows = [PairedBar("Bereik", Decimal("12500.00"), Decimal("0.25"))]
    texts = _texts(_parse(_chart(rows)))
    assert "doel: 12.500" in texts
    assert "behaald: 0,25" in texts


def test_given_texts_replace_the_numbers():
    rows = [PairedBar("Dossiers", Decimal("80"), Decimal("60"), "80 dossiers", "60 dossiers")]
    texts = _texts(_parse(_chart(rows)))
    assert "doel: 80 dossiers" in texts
    assert "behaald: 60 dossiers" in texts


def test_bars_share_one_scale():
    rows = [
        PairedBar("Groot", Decimal("100"), Decimal("50")),
        PairedBar("Klein", Decimal("10"), Decimal("5")),
    ]
    shared = [int(r.get("width")) for r in _bars(_parse(_chart(rows)))]
    assert shared == [BAR_AREA, BAR_AREA // 2, BAR_AREA // 10, BAR_AREA // 20]


def test_first_bar_is_hatched_and_second_solid_with_a_diamond():
    root = _parse(_chart([PairedBar("A", Decimal("4"), Decimal("3"))]))
    first, second = _bars(root)
    assert first.get("fill") == "url(#chart-1-hatch)"
    assert second.get("fill") == core_charts.SECOND
    assert root.find(f"{SVG}defs/{SVG}pattern").get("id") == "chart-1-hatch"
    # One diamond in the legend, one at the end of the solid bar.
    assert len(list(root.iter(f"{SVG}polygon"))) == 2


def test_unknown_zero_and_negative_values_draw_no_bar_but_keep_their_text():
    rows = [PairedBar("Daling", Decimal("-5"), Decimal("0")), PairedBar("Leeg", None, None)]
    root = _parse(_chart(rows))
    assert _bars(root) == []
    assert "doel: -5" in _texts(root)


def test_user_text_is_escaped():
    evil = '<script>alert("x")</script> & "quotes"'
    svg = _chart(
        [PairedBar(evil, Decimal("1"), Decimal("1"), first_text=evil)],
        title=evil,
        description=evil,
        id_prefix='x" onload="alert(1)',
        first_label=evil,
    )
    assert "<script>" not in svg
    assert 'onload="' not in svg
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == evil
    assert evil in "".join(_texts(root))


def test_long_labels_wrap_onto_two_lines():
    label = "Aanpak ondermijning in het buitengebied van Twente met alle partners samen"
    texts = _texts(_parse(_chart([PairedBar(label, Decimal("1"), Decimal("1"))])))
    assert "Aanpak ondermijning in het" in texts
    assert any(t.endswith("…") for t in texts)


def test_empty_chart_says_so():
    texts = _texts(_parse(_chart([], empty_text="Geen indicatoren.")))
    assert "Geen indicatoren." in texts


def test_budget_chart_writes_dutch_amounts():
    svg = charts.budget_chart(
        [PairedBar("Project X", Decimal("12345.6"), Decimal("1234.56"))], id_prefix="budget"
    )
    texts = "".join(_texts(_parse(svg)))
    assert "€ 12.345,60" in texts
    assert "€ 1.234,56" in texts


def test_progress_bar_draws_target_and_achieved_on_the_rows_own_scale():
    root = _parse(charts.progress_bar(Decimal("90"), Decimal("45")))
    target, achieved = root.findall("{http://www.w3.org/2000/svg}rect")
    full = charts.PROGRESS_WIDTH - 1
    assert float(target.get("width")) == full
    assert float(achieved.get("width")) == full / 2
    assert target.get("fill") == "#ffffff"  # outlined, told apart from the solid bar by shape
    assert "45" in root.get("aria-label") and "90" in root.get("aria-label")


def test_progress_bar_without_a_measurement_draws_nothing():
    """An outlined target with nothing in it is what an achieved 0 looks like: an indicator not
    yet measured gets no bar (its cell says so in words), so unknown never reads as 0%."""
    assert charts.progress_bar(Decimal("14"), None) == ""
    root = _parse(charts.progress_bar(Decimal("14"), Decimal("0")))
    assert len(root.findall("{http://www.w3.org/2000/svg}rect")) == 1  # the target only
    assert "14" in root.get("aria-label") and "0" in root.get("aria-label")
    assert not root.findall(".//{http://www.w3.org/2000/svg}text")


def test_a_long_value_text_narrows_the_bars_instead_of_being_cut_off_or_shrunk():
    """The printed chart keeps its width (and so its text size): the bars give way."""

    def width(root):
        return int(root.get("viewBox").split()[2])

    short = _parse(_chart([PairedBar("A", Decimal("1"), Decimal("1"))]))
    long_text = "Platformbudget: € 1.234.567,89"
    wide = _parse(_chart([PairedBar("A", Decimal("1"), Decimal("1"), second_text=long_text)]))
    assert width(short) == width(wide) == core_charts.REPORT_MAX_WIDTH
    assert int(_bars(wide)[0].get("width")) < int(_bars(short)[0].get("width"))
    value = next(t for t in wide.iter(f"{SVG}text") if t.text and long_text in t.text)
    assert float(value.get("x")) + len(value.text) * 7 <= width(wide)


def test_a_legend_too_wide_for_one_line_takes_two():
    root = _parse(_chart([PairedBar("A", Decimal("1"), Decimal("1"))], second_label="x" * 70))
    legend = [t for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("x" * 70)]
    assert float(legend[0].get("x")) + 70 * core_charts.CHAR_WIDTH <= int(
        root.get("viewBox").split()[2]
    )


def test_without_legend_the_value_texts_still_name_both_series():
    root = _parse(_chart([PairedBar("A", Decimal("4"), Decimal("3"))], legend=False))
    texts = _texts(root)
    assert texts == ["A", "doel: 4", "behaald: 3"]
    first, second = _bars(root)
    assert int(first.get("y")) < core_charts.TOP
    assert len(list(root.iter(f"{SVG}polygon"))) == 1  # only the diamond on the solid bar


def test_the_contributions_hours_chart_is_given_the_report_font():
    from contributions import charts as contribution_charts
    from tests.factories import OrganisationFactory

    class Entry:  # the attributes of contributions.selectors.OrganisationHours it draws
        organisation = OrganisationFactory.build(name="Hengelo")
        pledged_to_date, delivered, ratio, status = Decimal("10"), Decimal("5"), Decimal("0.5"), ""

    svg = contribution_charts.hours_chart(
        [Entry()],
        title="Uren",
        description="Uren.",
        id_prefix="uren",
        font=core_charts.REPORT_FONT,
    )
    root = _parse(svg)
    assert root.get("font-family") == "'Source Sans 3', sans-serif"


def test_without_value_texts_the_chart_has_bars_and_labels_only():
    rows = [PairedBar("Project A", Decimal("10"), Decimal("5"))]
    root = _parse(charts.budget_chart(rows, id_prefix="b", value_texts=False))
    assert [t.text for t in root.iter(f"{SVG}text")][-1:] == ["Project A"]
    assert len([r for r in _bars(root) if r.get("width") != "28"]) == 2
    assert int(root.get("viewBox").split()[2]) <= core_charts.REPORT_MAX_WIDTH
