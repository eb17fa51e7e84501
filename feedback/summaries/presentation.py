"""Turns a Summary into what a reader sees: translated labels, numbers in the reader's locale,
suppressed counts as "<11", charts and rows for the CSV export. The page and the export read
the same rows, so they can never disagree about what is hidden."""

from dataclasses import dataclass
from datetime import date

from babel import dates, numbers
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from commonground.formatting import format_number
from commonground.languages import babel_locale
from commonground.multilingual import localized
from dialogues.demographics import REPORTING_GROUPS
from feedback import charts
from feedback.models import SurveyResponse, Theme
from feedback.summaries.selectors import COME_AGAIN, SCORES, Summary
from feedback.suppression import Cell

UNKNOWN = "\N{EN DASH}"


def theme_name(theme: Theme, language: str) -> str:
    return localized(theme.name, language).text or theme.slug


def group_labels() -> dict[str, str]:
    return {code: str(label) for code, label in REPORTING_GROUPS}


def score_label(score: int, language: str) -> str:
    number = format_number(score, language)
    if score == 1:
        return _("%(number)s: not at all") % {"number": number}
    if score == 5:
        return _("%(number)s: very much") % {"number": number}
    return number


def come_again_label(answer: str) -> str:
    return str(SurveyResponse.ComeAgain(answer).label)


def question_label(question: str) -> str:
    return str(SurveyResponse._meta.get_field(question).verbose_name)


def month_label(month: date, language: str) -> str:
    return dates.format_skeleton("yMMM", month, locale=babel_locale(language))


def cell_display(cell: Cell, hidden_label: str, language: str) -> str:
    value = cell.published()
    return hidden_label if value is None else format_number(value, language)


def percent(part: int, whole: int, language: str) -> str:
    return numbers.format_percent(part / whole, locale=babel_locale(language))


@dataclass(frozen=True)
class Share:
    """A group's share of participants and of residents; None where hidden."""

    group: str
    label: str
    participants: float | None
    participants_display: str
    residents: float
    residents_display: str


def shares(summary: Summary, language: str) -> list[Share]:
    participation = summary.participation
    overall = participation.overall
    total = overall.grand_total.published()
    hidden = overall.hidden_label()
    labels = group_labels()
    rows = []
    for index, group in enumerate(participation.groups):
        count = overall.cells[0][index].published()
        if count is None:
            share, share_display = None, hidden
        elif not total:
            share, share_display = 0, UNKNOWN
        else:
            share, share_display = count / total, percent(count, total, language)
        residents = participation.population.get(group)
        if residents is None or not participation.population_total:
            # Unknown is not hidden: no census count exists for this group here.
            resident_share, resident_display = 0, UNKNOWN
        else:
            resident_share = residents / participation.population_total
            resident_display = percent(residents, participation.population_total, language)
        rows.append(
            Share(group, labels[group], share, share_display, resident_share, resident_display)
        )
    return rows


def summary_charts(summary: Summary, language: str) -> dict[str, charts.Chart]:
    rtl = language in settings.LANGUAGES_BIDI
    number = lambda value: format_number(value, language)  # noqa: E731
    themes = [
        theme for theme in summary.themes if theme.is_active or summary.theme_counts.get(theme.pk)
    ]
    theme_heading = _("Theme")
    built = {
        "themes": charts.bar_chart(
            chart_id="chart-themes",
            title=_("Feedback items by theme"),
            description=_(
                "How many feedback items people confirmed under each theme in the selection."
            ),
            data=[
                charts.Datum(
                    theme_name(theme, language),
                    summary.theme_counts.get(theme.pk, 0),
                    number(summary.theme_counts.get(theme.pk, 0)),
                )
                for theme in themes
            ],
            value_heading=_("Items"),
            label_heading=theme_heading,
            rtl=rtl,
        ),
        "trend": charts.column_chart(
            chart_id="chart-trend",
            title=_("Feedback items by month"),
            description=_("Confirmed feedback items in the selection, month by month."),
            data=[
                charts.Datum(
                    month_label(month, language),
                    summary.trend.get(month, 0),
                    number(summary.trend.get(month, 0)),
                )
                for month in summary.months
            ],
            value_heading=_("Items"),
            label_heading=_("Month"),
            tick_labels=number,
            rtl=rtl,
        ),
        "neighborhoods": charts.bar_chart(
            chart_id="chart-neighborhoods",
            title=_("Where it was said"),
            description=_("Confirmed feedback items by the neighborhood of the dialogue."),
            data=[
                charts.Datum(neighborhood.name, count, number(count))
                for neighborhood, count in summary.neighborhood_counts
            ],
            value_heading=_("Items"),
            label_heading=_("Neighborhood"),
            rtl=rtl,
        ),
        "scores": charts.stacked_bar_chart(
            chart_id="chart-scores",
            title=_("How the dialogues felt"),
            description=_(
                "Survey answers from 1 (not at all) to 5 (very much), as shares of everyone "
                "who answered each question."
            ),
            rows=[
                (
                    question_label(distribution.question),
                    [
                        charts.Segment(
                            score_label(score, language),
                            distribution.counts[score],
                            number(distribution.counts[score]),
                        )
                        for score in SCORES
                    ],
                )
                for distribution in summary.scores
            ],
            label_heading=_("Question"),
            rtl=rtl,
        ),
        "come_again": charts.bar_chart(
            chart_id="chart-come-again",
            title=question_label("come_again"),
            description=_("Survey answers to whether people would come again."),
            data=[
                charts.Datum(
                    come_again_label(answer),
                    summary.come_again.counts[answer],
                    number(summary.come_again.counts[answer]),
                )
                for answer in COME_AGAIN
            ],
            value_heading=_("Answers"),
            label_heading=_("Answer"),
            rtl=rtl,
        ),
        "priorities": charts.bar_chart(
            chart_id="chart-priorities",
            title=_("Issue areas residents named as mattering most"),
            description=_("How many survey answers named each issue area."),
            data=[
                charts.Datum(
                    theme_name(theme, language),
                    summary.priorities.get(theme.pk, 0),
                    number(summary.priorities.get(theme.pk, 0)),
                )
                for theme in themes
            ],
            value_heading=_("Answers"),
            label_heading=theme_heading,
            rtl=rtl,
        ),
    }
    share_rows = shares(summary, language)
    built["who_came"] = charts.paired_bar_chart(
        chart_id="chart-who-came",
        title=_("Who came, compared with who lives there"),
        description=_(
            "Each group's share of the people who took part, beside its share of the "
            "neighborhoods' residents. Groups with fewer than %(threshold)s people are hidden."
        )
        % {"threshold": number(summary.threshold)},
        labels=[row.label for row in share_rows],
        first=(
            _("People who took part"),
            [
                charts.Datum(row.label, row.participants, row.participants_display)
                for row in share_rows
            ],
        ),
        second=(
            _("Residents"),
            [charts.Datum(row.label, row.residents, row.residents_display) for row in share_rows],
        ),
        label_heading=_("Group"),
        rtl=rtl,
    )
    return built


def participation_table(summary: Summary, language: str) -> dict:
    """The groups x neighborhoods table with every hidden count shown as "<11"."""
    table = summary.participation.by_neighborhood
    hidden = table.hidden_label()
    labels = group_labels()
    return {
        "columns": [neighborhood.name for neighborhood in summary.participation.neighborhoods],
        "rows": [
            {
                "label": labels[group],
                "cells": [cell_display(cell, hidden, language) for cell in table.cells[index]],
                "total": cell_display(table.row_totals[index], hidden, language),
            }
            for index, group in enumerate(summary.participation.groups)
        ],
        "column_totals": [cell_display(cell, hidden, language) for cell in table.column_totals],
        "grand_total": cell_display(table.grand_total, hidden, language),
        "hidden_label": hidden,
    }


def csv_rows(summary: Summary, language: str) -> list[list[str]]:
    """Section, label, column, value: the same figures as the page, suppressed the same way.
    Numbers are plain digits so that spreadsheets read them."""
    section = {
        "themes": _("Feedback items by theme"),
        "trend": _("Feedback items by month"),
        "neighborhoods": _("Where it was said"),
        "scores": _("Survey answers"),
        "priorities": _("Issue areas residents named as mattering most"),
        "who_came": _("Who came, by neighborhood"),
    }
    total = pgettext("table", "Total")
    rows = [[_("Section"), _("Label"), _("Column"), _("Value")]]
    for theme in summary.themes:
        count = summary.theme_counts.get(theme.pk, 0)
        rows.append([section["themes"], theme_name(theme, language), "", str(count)])
    for month in summary.months:
        rows.append(
            [section["trend"], month.strftime("%Y-%m"), "", str(summary.trend.get(month, 0))]
        )
    for neighborhood, count in summary.neighborhood_counts:
        rows.append([section["neighborhoods"], neighborhood.name, "", str(count)])
    for distribution in [*summary.scores, summary.come_again]:
        for answer, count in distribution.counts.items():
            label = (
                score_label(answer, language)
                if isinstance(answer, int)
                else come_again_label(answer)
            )
            rows.append(
                [section["scores"], question_label(distribution.question), label, str(count)]
            )
    for theme in summary.themes:
        count = summary.priorities.get(theme.pk, 0)
        rows.append([section["priorities"], theme_name(theme, language), "", str(count)])
    table = summary.participation.by_neighborhood
    hidden = table.hidden_label()
    labels = group_labels()
    columns = [neighborhood.name for neighborhood in summary.participation.neighborhoods]
    for index, group in enumerate(summary.participation.groups):
        for column, cell in zip(columns, table.cells[index], strict=True):
            rows.append([section["who_came"], labels[group], column, _plain(cell, hidden)])
        rows.append(
            [section["who_came"], labels[group], total, _plain(table.row_totals[index], hidden)]
        )
    for column, cell in zip(columns, table.column_totals, strict=True):
        rows.append([section["who_came"], total, column, _plain(cell, hidden)])
    rows.append([section["who_came"], total, total, _plain(table.grand_total, hidden)])
    return rows


def _plain(cell: Cell, hidden_label: str) -> str:
    value = cell.published()
    return hidden_label if value is None else str(value)
