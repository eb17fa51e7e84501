"""Feedback charts as a reader gets them: the SVG drawing, its labels and the table beside it."""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from feedback.charts import (
    EDGE,
    WIDTH,
    Datum,
    Segment,
    bar_chart,
    column_chart,
    nice_ticks,
    paired_bar_chart,
    stacked_bar_chart,
    text_width,
    wrap,
)

SVG = "{http://www.w3.org/2000/svg}"
SUPPRESSED = "<11"


def render(chart) -> str:
    return render_to_string("feedback/charts/chart.html", {"chart": chart})


def svg_of(html: str) -> ET.Element:
    """The chart's SVG, parsed as XML: fails unless it is well-formed."""
    found = re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
    assert len(found) == 1, "a chart has exactly one SVG"
    return ET.fromstring(found[0])


def classes(element: ET.Element) -> list[str]:
    return element.get("class", "").split()


def marks(svg: ET.Element, css_class: str) -> list[ET.Element]:
    return [rect for rect in svg.iter(f"{SVG}rect") if css_class in classes(rect)]


def texts(svg: ET.Element, css_class: str) -> list[ET.Element]:
    return [text for text in svg.iter(f"{SVG}text") if css_class in classes(text)]


def words(element: ET.Element) -> str:
    return " ".join(part.strip() for part in element.itertext() if part.strip())


def number(element: ET.Element, attribute: str) -> float:
    return float(element.get(attribute))


class TableReader(HTMLParser):
    """The figure's table: caption, and every row as (tag, scope, text) cells."""

    def __init__(self):
        super().__init__()
        self.caption = None
        self.rows: list[list[tuple[str, str | None, str]]] = []
        self._cell = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self._in_caption = True
            self.caption = ""
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = [tag, dict(attrs).get("scope"), ""]

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td"):
            self.rows[-1].append((self._cell[0], self._cell[1], self._cell[2].strip()))
            self._cell = None

    def handle_data(self, data):
        if self._in_caption:
            self.caption += data
        elif self._cell is not None:
            self._cell[2] += data


def table_of(html: str) -> TableReader:
    reader = TableReader()
    reader.feed(html)
    return reader


def themes(**overrides):
    arguments = {
        "chart_id": "themes",
        "title": "Themes residents raised",
        "description": "Housing was raised most often.",
        "data": [
            Datum(
                label="Housing affordability and displacement pressures", value=400, display="400"
            ),
            Datum(label="Policing and public safety", value=200, display="200"),
            Datum(label="Schools", value=100, display="100"),
            Datum(label="Language access", value=0, display="0"),
        ],
        "value_heading": "Comments",
        "label_heading": "Theme",
    }
    return bar_chart(**(arguments | overrides))


def months(**overrides):
    arguments = {
        "chart_id": "months",
        "title": "Comments per month",
        "description": "Comments grew over two years.",
        "data": [
            Datum(label=f"M{index} 2025", value=None if index == 5 else 10 * index, display="")
            for index in range(24)
        ],
        "value_heading": "Comments",
        "label_heading": "Month",
        "tick_labels": lambda value: f"{value:,}",
    }
    arguments["data"] = [
        Datum(datum.label, datum.value, SUPPRESSED if datum.value is None else str(datum.value))
        for datum in arguments["data"]
    ]
    return column_chart(**(arguments | overrides))


SCALE = ["1 \N{EN DASH} strongly disagree", "2", "3", "4", "5 \N{EN DASH} strongly agree"]


def scores(**overrides):
    def row(label, counts):
        total = sum(counts)
        return (
            label,
            [
                Segment(label=scale, value=count, display=f"{round(100 * count / total)} %")
                for scale, count in zip(SCALE, counts, strict=True)
            ],
        )

    arguments = {
        "chart_id": "scores",
        "title": "How participants rated their dialogue",
        "description": "Most felt heard.",
        "rows": [
            row("I felt heard", [10, 10, 20, 60, 100]),
            row("I trust the city to act", [40, 40, 40, 40, 40]),
        ],
        "label_heading": "Statement",
    }
    return stacked_bar_chart(**(arguments | overrides))


def representation(**overrides):
    labels = ["Black or African American", "White", "American Indian or Alaska Native"]
    arguments = {
        "chart_id": "race",
        "title": "Who took part",
        "description": "Compared with who lives here.",
        "labels": labels,
        "first": (
            "Share of participants",
            [
                Datum(labels[0], 0.4, "40 %"),
                Datum(labels[1], 0.2, "20 %"),
                Datum(labels[2], None, SUPPRESSED),
            ],
        ),
        "second": (
            "Share of neighborhood residents",
            [
                Datum(labels[0], 0.3, "30 %"),
                Datum(labels[1], 0.4, "40 %"),
                Datum(labels[2], 0.01, "1 %"),
            ],
        ),
        "label_heading": "Race or ethnicity",
    }
    return paired_bar_chart(**(arguments | overrides))


ALL_CHARTS = [themes, months, scores, representation]


@pytest.mark.parametrize("build", ALL_CHARTS)
def test_svg_is_named_by_its_title_and_description(build):
    chart = build()
    html = render(chart)
    svg = svg_of(html)

    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == f"{chart.chart_id}-title {chart.chart_id}-desc"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert (title.get("id"), title.text) == (f"{chart.chart_id}-title", chart.title)
    assert (desc.get("id"), desc.text) == (f"{chart.chart_id}-desc", chart.description)
    assert list(svg)[:2] == [title, desc]
    figcaption = re.search(r"<figcaption.*?</figcaption>", html, flags=re.DOTALL).group()
    assert chart.title in figcaption
    assert html.strip().startswith("<figure")


@pytest.mark.parametrize("build", ALL_CHARTS)
def test_drawing_scales_with_its_column(build):
    svg = svg_of(render(build()))

    assert svg.get("width") == "100%"
    assert svg.get("height") is None
    x, y, width, height = (float(part) for part in svg.get("viewBox").split())
    assert (x, y, width) == (0, 0, WIDTH)
    assert height > 0
    for element in [*svg.iter(f"{SVG}rect"), *svg.iter(f"{SVG}line"), *svg.iter(f"{SVG}text")]:
        for attribute in ("x", "width", "x1", "x2"):
            if element.get(attribute) is not None:
                assert 0 <= number(element, attribute) <= WIDTH


def test_bar_chart_draws_one_bar_per_datum_in_proportion_to_its_value():
    chart = themes()
    svg = svg_of(render(chart))

    bars = marks(svg, "chart__bar")
    assert len(bars) == len(chart.table.rows) == 4
    widths = [number(bar, "width") for bar in bars]
    assert widths[0] > 100
    assert widths[1] == pytest.approx(widths[0] / 2, abs=0.02)
    assert widths[2] == pytest.approx(widths[0] / 4, abs=0.02)
    assert widths[3] == 0
    assert all(number(bar, "x") == EDGE for bar in bars)
    assert [words(text) for text in texts(svg, "chart__value")] == ["400", "200", "100", "0"]
    assert [words(text) for text in texts(svg, "chart__label")] == [
        "Housing affordability and displacement pressures",
        "Policing and public safety",
        "Schools",
        "Language access",
    ]


def test_each_value_is_written_just_past_the_end_of_its_bar():
    svg = svg_of(render(themes()))

    for bar, value in zip(marks(svg, "chart__bar"), texts(svg, "chart__value"), strict=True):
        end = number(bar, "x") + number(bar, "width")
        assert 0 < number(value, "x") - end < 10
        assert number(bar, "y") <= number(value, "y") <= number(bar, "y") + number(bar, "height")


def test_a_suppressed_value_is_a_hatched_placeholder_that_implies_no_length():
    def chart_with(largest):
        return themes(
            data=[
                Datum(label="Housing", value=largest, display=str(largest)),
                Datum(label="Representation", value=None, display=SUPPRESSED),
            ]
        )

    small, large = (svg_of(render(chart_with(largest))) for largest in (12, 12_000))
    for svg in (small, large):
        placeholder = marks(svg, "chart__bar--suppressed")
        assert len(placeholder) == 1
        assert placeholder[0].get("fill") == "url(#themes-hatch)"
        pattern = svg.find(f"{SVG}defs/{SVG}pattern")
        assert pattern.get("id") == "themes-hatch"
        assert [words(text) for text in texts(svg, "chart__value")] == [
            "12" if svg is small else "12000",
            SUPPRESSED,
        ]
    [small_placeholder], [large_placeholder] = (
        marks(svg, "chart__bar--suppressed") for svg in (small, large)
    )
    assert number(small_placeholder, "width") == number(large_placeholder, "width")
    small_bar = marks(small, "chart__bar")[0]
    assert number(small_placeholder, "width") < number(small_bar, "width") / 2


def test_the_legend_explains_the_hatching_only_when_a_value_is_suppressed():
    note = "Too few people to report, to protect their privacy"
    assert note not in render(themes())
    html = render(representation())
    assert note in html
    assert html.count("chart__swatch--suppressed") == 1


def test_column_chart_draws_columns_on_round_gridlines_and_thins_crowded_labels():
    chart = months()
    svg = svg_of(render(chart))

    columns = marks(svg, "chart__bar")
    assert len(columns) == 24
    heights = [number(column, "height") for column in columns]
    # Values 0, 10, ... 230 (one suppressed) on an axis from 0 to 250.
    assert heights[0] == 0
    assert heights[23] / heights[1] == pytest.approx(23, rel=1e-3)
    assert heights[23] / heights[12] == pytest.approx(23 / 12, rel=1e-3)
    bottoms = {round(number(column, "y") + number(column, "height"), 2) for column in columns}
    assert len(bottoms) == 1
    ticks = [words(text) for text in texts(svg, "chart__tick")]
    assert ticks[:6] == ["0", "50", "100", "150", "200", "250"]
    periods = ticks[6:]
    assert 2 <= len(periods) < 24
    assert periods[0] == "M0 2025"
    gridlines = [line for line in svg.iter(f"{SVG}line") if "chart__grid" in classes(line)]
    assert len(gridlines) == 5


def test_column_chart_draws_a_suppressed_period_as_a_labelled_placeholder_of_fixed_height():
    svg = svg_of(render(months()))
    [placeholder] = marks(svg, "chart__bar--suppressed")
    assert placeholder.get("fill") == "url(#months-hatch)"
    other = months(
        data=[Datum("Jan", 5000, "5,000"), Datum("Feb", None, SUPPRESSED)], chart_id="months"
    )
    [other_placeholder] = marks(svg_of(render(other)), "chart__bar--suppressed")
    assert number(placeholder, "height") == number(other_placeholder, "height")
    assert SUPPRESSED in [words(text) for text in texts(svg, "chart__value")]


def test_column_chart_writes_every_value_when_there_is_room():
    chart = months(data=[Datum("Spring", 12, "12"), Datum("Summer", 30, "30")])
    svg = svg_of(render(chart))
    assert [words(text) for text in texts(svg, "chart__value")] == ["12", "30"]
    assert [words(text) for text in texts(svg, "chart__tick")][-2:] == ["Spring", "Summer"]


def test_stacked_bars_fill_the_width_in_proportion_with_a_legend():
    chart = scores()
    html = render(chart)
    svg = svg_of(html)

    segments = marks(svg, "chart__segment")
    assert len(segments) == 10
    first_row = [number(segment, "width") for segment in segments[:5]]
    assert sum(first_row) == pytest.approx(WIDTH - 2 * EDGE, abs=0.05)
    assert [width / first_row[0] for width in first_row] == pytest.approx(
        [1, 1, 2, 6, 10], rel=1e-3
    )
    second_row = [number(segment, "width") for segment in segments[5:]]
    assert second_row == pytest.approx([second_row[0]] * 5, abs=0.01)
    legend = re.search(r'<ul class="chart__legend">.*?</ul>', html, flags=re.DOTALL).group()
    assert [re.sub(r"\s+", " ", item) for item in re.findall(r"</span>(.*?)</li>", legend)] == SCALE
    # Values are written inside the segments wide enough for them; the table has them all.
    assert [words(text) for text in texts(svg, "chart__segment-value")][:2] == ["30 %", "50 %"]


def test_stacked_bar_rows_must_share_their_segments():
    rows = [("A", [Segment("yes", 1, "1")]), ("B", [Segment("no", 1, "1")])]
    with pytest.raises(ValueError, match="same segments"):
        scores(rows=rows)


def test_paired_bars_draw_both_series_on_one_scale():
    chart = representation()
    svg = svg_of(render(chart))

    bars = marks(svg, "chart__bar")
    assert len(bars) == 6
    widths = [number(bar, "width") for bar in bars]
    # Black: 0.4 and 0.3; White: 0.2 and 0.4 (the longest, on the second series).
    assert widths[3] == pytest.approx(widths[0], abs=0.02)
    assert widths[1] == pytest.approx(widths[0] * 0.75, abs=0.02)
    assert widths[2] == pytest.approx(widths[0] * 0.5, abs=0.02)
    assert "chart__bar--suppressed" in classes(bars[4])
    assert [
        ("chart-tone--brand" in classes(bar), "chart-tone--accent" in classes(bar))
        for bar in (bars[0], bars[1])
    ] == [(True, False), (False, True)]
    with pytest.raises(ValueError, match="one datum in each series"):
        representation(labels=["Only one"])


@pytest.mark.parametrize(
    ("build", "headings", "rows"),
    [
        (
            themes,
            ["Theme", "Comments"],
            [
                ["Housing affordability and displacement pressures", "400"],
                ["Policing and public safety", "200"],
                ["Schools", "100"],
                ["Language access", "0"],
            ],
        ),
        (
            scores,
            ["Statement", *SCALE],
            [
                ["I felt heard", "5 %", "5 %", "10 %", "30 %", "50 %"],
                ["I trust the city to act", "20 %", "20 %", "20 %", "20 %", "20 %"],
            ],
        ),
        (
            representation,
            ["Race or ethnicity", "Share of participants", "Share of neighborhood residents"],
            [
                ["Black or African American", "40 %", "30 %"],
                ["White", "20 %", "40 %"],
                ["American Indian or Alaska Native", SUPPRESSED, "1 %"],
            ],
        ),
    ],
)
def test_table_holds_the_values_the_chart_shows(build, headings, rows):
    chart = build()
    table = table_of(render(chart))

    assert table.caption.strip() == f"Data: {chart.title}"
    header, *body = table.rows
    assert header == [("th", "col", heading) for heading in headings]
    assert [[text for _, _, text in row] for row in body] == rows
    assert all(row[0][:2] == ("th", "row") for row in body)
    assert all(tag == "td" for row in body for tag, _, _ in row[1:])


def test_column_chart_table_lists_every_period_even_those_without_a_label():
    table = table_of(render(months()))
    assert len(table.rows) == 25
    assert table.rows[6] == [("th", "row", "M5 2025"), ("td", None, SUPPRESSED)]


def test_right_to_left_chart_grows_from_the_right_edge():
    ltr, rtl = (svg_of(render(themes(rtl=flag))) for flag in (False, True))

    assert (ltr.get("direction"), rtl.get("direction")) == ("ltr", "rtl")
    for left, right in zip(marks(ltr, "chart__bar"), marks(rtl, "chart__bar"), strict=True):
        assert number(right, "x") + number(right, "width") == pytest.approx(WIDTH - EDGE)
        assert number(right, "width") == number(left, "width")
        assert number(right, "x") == pytest.approx(
            WIDTH - number(left, "x") - number(left, "width")
        )
    for left, right in zip(ltr.iter(f"{SVG}text"), rtl.iter(f"{SVG}text"), strict=True):
        assert number(right, "x") == pytest.approx(WIDTH - number(left, "x"))
        # Anchors are logical: under direction="rtl" a start-anchored label is right-aligned.
        assert right.get("text-anchor") == left.get("text-anchor")


def test_right_to_left_column_chart_puts_the_axis_and_the_first_period_on_the_right():
    ltr, rtl = (svg_of(render(months(rtl=flag))) for flag in (False, True))

    ltr_columns, rtl_columns = marks(ltr, "chart__bar"), marks(rtl, "chart__bar")
    assert number(rtl_columns[0], "x") > number(rtl_columns[-1], "x")
    assert number(ltr_columns[0], "x") < number(ltr_columns[-1], "x")
    rtl_ticks = texts(rtl, "chart__tick")
    assert number(rtl_ticks[0], "x") > number(rtl_columns[0], "x")
    # A label turned to read upwards keeps reading upwards: its anchor flips instead.
    [ltr_rotated], [rtl_rotated] = (
        [text for text in svg.iter(f"{SVG}text") if text.get("transform")] for svg in (ltr, rtl)
    )
    assert (ltr_rotated.get("text-anchor"), rtl_rotated.get("text-anchor")) == ("start", "end")


def test_text_is_escaped():
    attack = '<script>alert("x")</script> & Co'
    chart = themes(
        title=attack,
        description=attack,
        value_heading=attack,
        data=[Datum(label=attack, value=3, display=attack)],
    )
    html = render(chart)

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    svg = svg_of(html)
    assert svg.find(f"{SVG}title").text == attack
    assert words(texts(svg, "chart__label")[0]) == attack
    assert words(texts(svg, "chart__value")[0]) == attack
    assert table_of(html).rows[1][0][2] == attack


@pytest.mark.parametrize(
    "build",
    [
        lambda: themes(data=[]),
        lambda: months(data=[]),
        lambda: scores(rows=[]),
        lambda: representation(labels=[], first=("A", []), second=("B", [])),
    ],
)
def test_no_data_shows_a_message_instead_of_an_empty_drawing(build):
    chart = build()
    html = render(chart)

    assert "No data for this selection." in html
    assert "<svg" not in html
    assert "<table" not in html
    assert chart.title in html


def test_coordinates_stay_plain_numbers_in_languages_with_a_decimal_comma():
    with translation.override("fr"):
        html = render(representation())
    svg = svg_of(html)
    for rect in svg.iter(f"{SVG}rect"):
        for attribute in ("x", "y", "width", "height"):
            if rect.get(attribute) is not None:
                float(rect.get(attribute))
    assert all(re.fullmatch(r"[\d.]+", part) for part in svg.get("viewBox").split())


def test_ids_are_unique_within_a_page_of_charts():
    page = "".join(render(build()) for build in ALL_CHARTS)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    references = re.findall(r'aria-labelledby="([^"]+)"', page)
    targets = [target for reference in references for target in reference.split()]
    targets += re.findall(r'fill="url\(#([^)]+)\)"', page)
    assert "race-hatch" in targets
    assert set(targets) <= set(ids)


def test_chart_ids_must_be_usable_as_element_ids():
    with pytest.raises(ValueError, match="chart_id"):
        themes(chart_id="two words")


def test_values_cannot_be_negative():
    with pytest.raises(ValueError, match="negative"):
        themes(data=[Datum("Loss", -1, "-1")])


@pytest.mark.parametrize(
    ("maximum", "whole_numbers", "ticks"),
    [
        (102, True, (0, 25, 50, 75, 100, 125)),
        (230, True, (0, 50, 100, 150, 200, 250)),
        (3, True, (0, 1, 2, 3)),
        (7, True, (0, 2, 4, 6, 8)),
        (0.42, False, (0, 0.1, 0.2, 0.3, 0.4, 0.5)),
        (0.8, True, (0, 1)),
        (1000, True, (0, 200, 400, 600, 800, 1000)),
        (0, True, (0,)),
    ],
)
def test_axis_ticks_are_round_numbers(maximum, whole_numbers, ticks):
    assert nice_ticks(maximum, whole_numbers=whole_numbers) == ticks


def test_long_labels_wrap_within_the_chart_and_words_without_spaces_break():
    english = "Housing affordability, displacement pressures and the cost of staying in place"
    lines = wrap(english, max_width=150)
    assert len(lines) > 1
    assert " ".join(lines) == english
    assert all(text_width(line) <= 150 for line in lines)
    chinese = "住房负担能力和搬迁压力以及留在原地的成本"
    lines = wrap(chinese, max_width=100)
    assert len(lines) > 1
    assert "".join(lines) == chinese
    assert all(text_width(line) <= 100 for line in lines)


def test_a_long_label_is_drawn_on_several_lines():
    label = "Housing affordability, displacement pressures and the cost of staying in place"
    svg = svg_of(render(themes(data=[Datum(label=label, value=1, display="1")])))
    [text] = texts(svg, "chart__label")
    spans = text.findall(f"{SVG}tspan")
    assert len(spans) >= 2
    assert " ".join(span.text for span in spans) == label


def test_period_labels_wider_than_their_columns_stay_inside_the_drawing():
    data = [Datum(f"Consultation round {n}", n, str(n)) for n in range(1, 13)]
    for rtl in (False, True):
        svg = svg_of(render(months(data=data, rtl=rtl)))
        periods = [
            text for text in texts(svg, "chart__tick") if text.get("text-anchor") == "middle"
        ]
        assert 2 <= len(periods) < 12
        for text in periods:
            lines = [span.text for span in text.findall(f"{SVG}tspan")] or [text.text]
            half = max(text_width(line) for line in lines) / 2
            assert half <= number(text, "x") <= WIDTH - half
