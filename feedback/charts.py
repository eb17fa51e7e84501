"""Server-rendered SVG charts for feedback summaries, each drawn beside a table of its data.

The builders here compute every coordinate, so that templates/feedback/charts/ only draws, and a
chart needs no JavaScript: it scales with its viewBox, reads to a screen reader through its title,
description and table, and mirrors for right-to-left languages.

Callers pass text already translated and numbers already formatted for the reader's locale
(`commonground.formatting`): a chart never formats a number itself, so the chart and its table
show exactly the same strings. Render a chart with
`{% include "feedback/charts/chart.html" with chart=chart %}` on a page that links
static/css/charts.css.
"""

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# The drawing is laid out in a fixed coordinate space and scaled to its column's width. charts.css
# keeps that column between about 300 px (a 360 px phone) and 22rem, so 14 units of text render
# at roughly 14 to 16 px.
WIDTH = 300
FONT_SIZE = 14
LINE_HEIGHT = 17
EDGE = 2
BAR_HEIGHT = 16
PAIR_BAR_HEIGHT = 13
PAIR_GAP = 3
STACK_HEIGHT = 24
LABEL_GAP = 4
ROW_GAP = 14
VALUE_GAP = 5
COLUMN_PLOT_HEIGHT = 170
# A suppressed value has no size to draw. Its hatched placeholder has one fixed length, so that it
# cannot be read as a measurement.
PLACEHOLDER_LENGTH = 24

# Colours live in charts.css as tones; these are the tones dark enough to carry white text.
DARK_TONES = frozenset({"brand", "accent", "scale-1", "scale-5"})
# A diverging scale for ordered answers (1 = strongly disagree ... 5 = strongly agree); fewer
# segments take evenly spaced steps of it, so that its ends keep their meaning.
SCALE_STEPS = {
    1: (5,),
    2: (1, 5),
    3: (1, 3, 5),
    4: (1, 2, 4, 5),
    5: (1, 2, 3, 4, 5),
}
CHART_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Datum:
    label: str
    # None means suppressed (too few people to report): drawn as a hatched placeholder.
    value: int | float | None
    display: str


@dataclass(frozen=True)
class Segment:
    label: str
    value: int | float
    display: str


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    hatched: bool = False


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    css_class: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    lines: tuple[str, ...]
    css_class: str
    anchor: str = "start"
    rotated: bool = False
    line_height: int = LINE_HEIGHT


@dataclass(frozen=True)
class LegendEntry:
    label: str
    tone: str


@dataclass(frozen=True)
class TableRow:
    heading: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headings: tuple[str, ...]
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class Chart:
    chart_id: str
    kind: str
    title: str
    description: str
    rtl: bool
    width: float
    height: float
    rules: tuple[Rule, ...]
    rects: tuple[Rect, ...]
    labels: tuple[Label, ...]
    legend: tuple[LegendEntry, ...]
    table: Table
    has_suppressed: bool

    @property
    def is_empty(self) -> bool:
        return not self.table.rows

    @property
    def font_size(self) -> int:
        return FONT_SIZE


def text_width(text: str, *, bold: bool = False) -> float:
    """An estimate, in drawing units, of how wide the text renders at FONT_SIZE.

    Estimated on the wide side (DejaVu Sans, a common fallback font, is wider than system-ui), so
    that labels wrap before they overflow rather than after.
    """
    em = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        if unicodedata.east_asian_width(char) in "WF":
            em += 1.0
        elif char in " .,:;'|!ilj()[]":
            em += 0.32
        elif char in "mwMW%—":
            em += 0.9
        elif char.isupper() or char.isdigit():
            em += 0.66
        else:
            em += 0.6
    return em * FONT_SIZE * (1.08 if bold else 1.0)


def wrap(text: str, *, max_width: float, bold: bool = False) -> tuple[str, ...]:
    """The text broken into lines no wider than max_width: at spaces, and inside a word only when
    the word alone is too wide (as Chinese, written without spaces, needs)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, bold=bold) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while len(word) > 1 and text_width(word, bold=bold) > max_width:
            cut = 1
            while cut < len(word) and text_width(word[: cut + 1], bold=bold) <= max_width:
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return tuple(lines) or ("",)


def nice_ticks(maximum: float, *, whole_numbers: bool) -> tuple[int | float, ...]:
    """Round axis values from 0 to at least maximum, in the smallest step (1, 2, 2.5 or 5 times
    a power of ten) that needs at most five intervals; whole steps only for counts."""
    if maximum <= 0:
        return (0,)
    magnitude = 10 ** math.floor(math.log10(maximum / 5))
    for multiple in (1, 2, 2.5, 5, 10):
        step = round(multiple * magnitude, 12)
        if whole_numbers and (step < 1 or step != int(step)):
            continue
        if math.ceil(maximum / step - 1e-9) <= 5:
            break
    count = math.ceil(maximum / step - 1e-9)
    ticks = [round(step * index, 10) for index in range(count + 1)]
    return tuple(int(tick) if tick == int(tick) else tick for tick in ticks)


class _Canvas:
    """Collects marks laid out left to right, and mirrors them when the chart is right to left.

    Text keeps its anchor when mirrored: the SVG's direction attribute makes "start" the right
    edge of right-to-left text, so a label placed at the mirrored x lines up as it should.
    """

    def __init__(self, *, rtl: bool):
        self.rtl = rtl
        self.rules: list[Rule] = []
        self.rects: list[Rect] = []
        self.labels: list[Label] = []

    def _x(self, x: float) -> float:
        return round(WIDTH - x if self.rtl else x, 2)

    def rect(
        self,
        *,
        x: float,
        y: float,
        width: float,
        height: float,
        css_class: str,
        hatched: bool = False,
    ):
        left = WIDTH - x - width if self.rtl else x
        self.rects.append(
            Rect(
                x=round(left, 2),
                y=round(y, 2),
                width=round(width, 2),
                height=round(height, 2),
                css_class=css_class,
                hatched=hatched,
            )
        )

    def rule(self, *, x1: float, y1: float, x2: float, y2: float, css_class: str):
        self.rules.append(
            Rule(
                x1=self._x(x1),
                y1=round(y1, 2),
                x2=self._x(x2),
                y2=round(y2, 2),
                css_class=css_class,
            )
        )

    def label(
        self,
        *,
        x: float,
        y: float,
        lines: tuple[str, ...],
        css_class: str,
        anchor: str = "start",
        rotated: bool = False,
    ):
        x = self._x(x)
        if rotated:
            # Turned a quarter to read upwards, the glyphs stand to the left of x: move them onto
            # the line x, which is not a mirrored distance. A right-to-left label's start would
            # point down.
            x = round(x + FONT_SIZE * 0.36, 2)
            if self.rtl and anchor != "middle":
                anchor = "end" if anchor == "start" else "start"
        self.labels.append(
            Label(
                x=x,
                y=round(y, 2),
                lines=lines,
                css_class=css_class,
                anchor=anchor,
                rotated=rotated,
            )
        )

    def text_block(self, *, text: str, top: float) -> float:
        """A category label across the chart's full width, wrapped; returns its bottom."""
        lines = wrap(text, max_width=WIDTH - 2 * EDGE)
        self.label(x=EDGE, y=top + FONT_SIZE, lines=lines, css_class="chart__label")
        return top + len(lines) * LINE_HEIGHT

    def chart(
        self,
        *,
        chart_id: str,
        kind: str,
        title: str,
        description: str,
        height: float,
        legend: tuple[LegendEntry, ...],
        table: Table,
    ) -> Chart:
        return Chart(
            chart_id=chart_id,
            kind=kind,
            title=title,
            description=description,
            rtl=self.rtl,
            width=WIDTH,
            height=round(max(height, 0), 2),
            rules=tuple(self.rules),
            rects=tuple(self.rects),
            labels=tuple(self.labels),
            legend=legend,
            table=table,
            has_suppressed=any(rect.hatched for rect in self.rects),
        )


def _check_id(chart_id: str) -> None:
    # The id prefixes every element id and the hatch pattern's url(#...) reference.
    if not CHART_ID.fullmatch(chart_id):
        raise ValueError(
            f"chart_id {chart_id!r} must be a letter followed by letters, digits, - or _"
        )


def _check_values(values: Sequence[int | float | None]) -> None:
    if any(value is not None and value < 0 for value in values):
        raise ValueError("Charts draw counts and shares, which cannot be negative.")


def _largest(values: Sequence[int | float | None]) -> float:
    return max((value for value in values if value is not None), default=0)


def _value_room(data: Sequence[Datum]) -> float:
    """Space kept after the longest bar for its value, so that no value label overflows."""
    widest = max((text_width(datum.display, bold=True) for datum in data), default=0)
    return widest + VALUE_GAP


def _horizontal_bar(
    canvas: _Canvas,
    *,
    datum: Datum,
    y: float,
    height: float,
    track: float,
    maximum: float,
    tone: str,
) -> None:
    """One bar from the start edge with its value after it, or a hatched placeholder."""
    if datum.value is None:
        canvas.rect(
            x=EDGE,
            y=y,
            width=PLACEHOLDER_LENGTH,
            height=height,
            css_class="chart__bar chart__bar--suppressed",
            hatched=True,
        )
        length = PLACEHOLDER_LENGTH
    else:
        length = track * datum.value / maximum if maximum else 0
        canvas.rect(
            x=EDGE, y=y, width=length, height=height, css_class=f"chart__bar chart-tone--{tone}"
        )
    canvas.label(
        x=EDGE + length + VALUE_GAP,
        y=y + height / 2 + FONT_SIZE * 0.36,
        lines=(datum.display,),
        css_class="chart__value",
    )


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    data: Sequence[Datum],
    value_heading: str,
    label_heading: str,
    rtl: bool = False,
) -> Chart:
    """Horizontal bars, one per datum, each under its label, which wraps to the chart's width."""
    _check_id(chart_id)
    _check_values([datum.value for datum in data])
    canvas = _Canvas(rtl=rtl)
    maximum = _largest([datum.value for datum in data])
    track = WIDTH - 2 * EDGE - _value_room(data)
    y = EDGE
    for datum in data:
        y = canvas.text_block(text=datum.label, top=y) + LABEL_GAP
        _horizontal_bar(
            canvas, datum=datum, y=y, height=BAR_HEIGHT, track=track, maximum=maximum, tone="brand"
        )
        y += BAR_HEIGHT + ROW_GAP
    table = Table(
        headings=(label_heading, value_heading),
        rows=tuple(TableRow(heading=datum.label, cells=(datum.display,)) for datum in data),
    )
    return canvas.chart(
        chart_id=chart_id,
        kind="bar",
        title=title,
        description=description,
        height=y - ROW_GAP + EDGE,
        legend=(),
        table=table,
    )


def _column_labels(labels: Sequence[str], band: float) -> tuple[tuple[tuple[str, ...], ...], int]:
    """Period labels, on one line or two, and how many columns each label must span to fit.

    Returns the layout that needs the fewest skipped labels; "Jan 2025" fits more often as
    "Jan" over "2025".
    """
    one_line = tuple((label,) for label in labels)
    layouts = [one_line]
    widest_word = max(text_width(word) for label in labels for word in label.split() or [""])
    two_lines = tuple(wrap(label, max_width=widest_word) for label in labels)
    if all(len(lines) <= 2 for lines in two_lines):
        layouts.append(two_lines)
    best = None
    for layout in layouts:
        widest = max(text_width(line) for lines in layout for line in lines)
        step = max(1, math.ceil((widest + 6) / band))
        if best is None or step < best[1]:
            best = (layout, step)
    return best


def column_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    data: Sequence[Datum],
    value_heading: str,
    label_heading: str,
    tick_labels: Callable[[float], str],
    rtl: bool = False,
) -> Chart:
    """Vertical columns for a trend over periods, on gridlines at round values.

    When the periods are too many for every label, every second (third, ...) period is labelled;
    the table lists them all. Values are written above the columns only when they fit.
    """
    _check_id(chart_id)
    values = [datum.value for datum in data]
    _check_values(values)
    canvas = _Canvas(rtl=rtl)
    table = Table(
        headings=(label_heading, value_heading),
        rows=tuple(TableRow(heading=datum.label, cells=(datum.display,)) for datum in data),
    )
    if not data:
        return canvas.chart(
            chart_id=chart_id,
            kind="column",
            title=title,
            description=description,
            height=0,
            legend=(),
            table=table,
        )
    whole_numbers = all(isinstance(value, int) for value in values if value is not None)
    ticks = nice_ticks(_largest(values), whole_numbers=whole_numbers)
    top_value = ticks[-1] or 1
    tick_texts = [tick_labels(tick) for tick in ticks]
    plot_left = EDGE + max(text_width(text) for text in tick_texts) + 6
    plot_right = WIDTH - EDGE - 4
    band = (plot_right - plot_left) / len(data)
    column_width = max(2.0, band * 0.68)
    values_fit = max(text_width(datum.display, bold=True) for datum in data) <= band - 2
    plot_top = EDGE + (LINE_HEIGHT + 4 if values_fit else 8)
    baseline = plot_top + COLUMN_PLOT_HEIGHT

    for tick, text in zip(ticks, tick_texts, strict=True):
        y = baseline - COLUMN_PLOT_HEIGHT * tick / top_value
        canvas.rule(
            x1=plot_left,
            y1=y,
            x2=plot_right,
            y2=y,
            css_class="chart__axis" if tick == 0 else "chart__grid",
        )
        canvas.label(
            x=plot_left - 6,
            y=y + FONT_SIZE * 0.36,
            lines=(text,),
            css_class="chart__tick",
            anchor="end",
        )

    period_labels, step = _column_labels([datum.label for datum in data], band)
    for index, datum in enumerate(data):
        centre = plot_left + band * (index + 0.5)
        left = centre - column_width / 2
        if datum.value is None:
            canvas.rect(
                x=left,
                y=baseline - PLACEHOLDER_LENGTH,
                width=column_width,
                height=PLACEHOLDER_LENGTH,
                css_class="chart__bar chart__bar--suppressed",
                hatched=True,
            )
            top = baseline - PLACEHOLDER_LENGTH
        else:
            height = COLUMN_PLOT_HEIGHT * datum.value / top_value
            top = baseline - height
            canvas.rect(
                x=left,
                y=top,
                width=column_width,
                height=height,
                css_class="chart__bar chart-tone--brand",
            )
        if values_fit:
            canvas.label(
                x=centre,
                y=top - 5,
                lines=(datum.display,),
                css_class="chart__value",
                anchor="middle",
            )
        elif datum.value is None:
            # Too narrow for the text across, the placeholder's label reads upwards above it.
            canvas.label(
                x=centre,
                y=top - 4,
                lines=(datum.display,),
                css_class="chart__value",
                rotated=True,
            )
        if index % step == 0:
            canvas.rule(x1=centre, y1=baseline, x2=centre, y2=baseline + 4, css_class="chart__axis")
            # The first and last labels may be wider than their columns: keep them in the drawing.
            half = max(text_width(line) for line in period_labels[index]) / 2
            canvas.label(
                x=min(max(centre, EDGE + half), WIDTH - EDGE - half),
                y=baseline + 6 + FONT_SIZE,
                lines=period_labels[index],
                css_class="chart__tick",
                anchor="middle",
            )
    label_lines = max(len(period_labels[index]) for index in range(0, len(data), step))
    return canvas.chart(
        chart_id=chart_id,
        kind="column",
        title=title,
        description=description,
        height=baseline + 6 + label_lines * LINE_HEIGHT + EDGE,
        legend=(),
        table=table,
    )


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, Sequence[Segment]]],
    label_heading: str,
    rtl: bool = False,
) -> Chart:
    """One 100 % bar per row, split into segments in the legend's order (up to five).

    Every row has the same segments, by label and order, e.g. the answers 1 to 5 to a question.
    A segment shows its value inside when the value fits.
    """
    _check_id(chart_id)
    segment_labels = tuple(segment.label for segment in rows[0][1]) if rows else ()
    if any(tuple(segment.label for segment in segments) != segment_labels for _, segments in rows):
        raise ValueError("Every row of a stacked bar chart has the same segments, in one order.")
    if len(segment_labels) > len(SCALE_STEPS):
        raise ValueError(f"A stacked bar chart has at most {len(SCALE_STEPS)} segments.")
    _check_values([segment.value for _, segments in rows for segment in segments])
    tones = [f"scale-{step}" for step in SCALE_STEPS.get(len(segment_labels), ())]
    canvas = _Canvas(rtl=rtl)
    track = WIDTH - 2 * EDGE
    y = EDGE
    for label, segments in rows:
        y = canvas.text_block(text=label, top=y) + LABEL_GAP
        total = sum(segment.value for segment in segments)
        x = EDGE
        for segment, tone in zip(segments, tones, strict=True):
            length = track * segment.value / total if total else 0
            canvas.rect(
                x=x,
                y=y,
                width=length,
                height=STACK_HEIGHT,
                css_class=f"chart__segment chart-tone--{tone}",
            )
            if text_width(segment.display, bold=True) + 6 <= length:
                on = "dark" if tone in DARK_TONES else "light"
                canvas.label(
                    x=x + length / 2,
                    y=y + STACK_HEIGHT / 2 + FONT_SIZE * 0.36,
                    lines=(segment.display,),
                    css_class=f"chart__segment-value chart__segment-value--on-{on}",
                    anchor="middle",
                )
            x += length
        if not total:
            canvas.rect(x=EDGE, y=y, width=track, height=STACK_HEIGHT, css_class="chart__empty-row")
        y += STACK_HEIGHT + ROW_GAP
    table = Table(
        headings=(label_heading, *segment_labels),
        rows=tuple(
            TableRow(heading=label, cells=tuple(segment.display for segment in segments))
            for label, segments in rows
        ),
    )
    return canvas.chart(
        chart_id=chart_id,
        kind="stacked",
        title=title,
        description=description,
        height=y - ROW_GAP + EDGE,
        legend=tuple(
            LegendEntry(label=label, tone=tone)
            for label, tone in zip(segment_labels, tones, strict=True)
        ),
        table=table,
    )


def paired_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    first: tuple[str, Sequence[Datum]],
    second: tuple[str, Sequence[Datum]],
    label_heading: str,
    rtl: bool = False,
) -> Chart:
    """Two bars per category on one scale, e.g. the share of participants against the share of
    the neighborhood's residents. first and second are (series name, data in labels' order)."""
    _check_id(chart_id)
    (first_name, first_data), (second_name, second_data) = first, second
    if not len(labels) == len(first_data) == len(second_data):
        raise ValueError("A paired bar chart has one datum in each series for every label.")
    both = [*first_data, *second_data]
    _check_values([datum.value for datum in both])
    canvas = _Canvas(rtl=rtl)
    maximum = _largest([datum.value for datum in both])
    track = WIDTH - 2 * EDGE - _value_room(both)
    y = EDGE
    for label, pair in zip(labels, zip(first_data, second_data, strict=True), strict=True):
        y = canvas.text_block(text=label, top=y) + LABEL_GAP
        for datum, tone in zip(pair, ("brand", "accent"), strict=True):
            _horizontal_bar(
                canvas,
                datum=datum,
                y=y,
                height=PAIR_BAR_HEIGHT,
                track=track,
                maximum=maximum,
                tone=tone,
            )
            y += PAIR_BAR_HEIGHT + PAIR_GAP
        y += ROW_GAP - PAIR_GAP
    table = Table(
        headings=(label_heading, first_name, second_name),
        rows=tuple(
            TableRow(heading=label, cells=(one.display, other.display))
            for label, one, other in zip(labels, first_data, second_data, strict=True)
        ),
    )
    return canvas.chart(
        chart_id=chart_id,
        kind="paired",
        title=title,
        description=description,
        height=y - ROW_GAP + EDGE,
        legend=(
            LegendEntry(label=first_name, tone="brand"),
            LegendEntry(label=second_name, tone="accent"),
        ),
        table=table,
    )
