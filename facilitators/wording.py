"""The solver's reasons and goals in plain words, in the reader's language."""

from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from commonground.formatting import format_date_local, format_moment, format_month
from commonground.languages import language_display_name
from facilitators import staffing

GOAL_LABELS = {
    staffing.GOAL_MENTORING: _("a newer facilitator with an experienced one"),
    staffing.GOAL_DIVERSITY: _("different backgrounds"),
    staffing.GOAL_NEIGHBORHOOD: _("knows the neighborhood"),
    staffing.GOAL_SHARED_LANGUAGE: _("both speak the language"),
    staffing.GOAL_STABILITY: _("keeps people already assigned"),
}


def goal_labels(goals: list[str]) -> list[str]:
    return [str(GOAL_LABELS[goal]) for goal in goals if goal in GOAL_LABELS]


def _when(value) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return format_moment(moment, translation.get_language())


def _language(code: str) -> str:
    return language_display_name(code, translation.get_language(), code)


def _day(value) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date_local(day, "medium", translation.get_language())


def _month(value) -> str:
    """A "YYYY-MM" month as the reader's locale writes a month and year."""
    year, month = (int(part) for part in str(value).split("-")[:2])
    return format_month(year, month, translation.get_language())


def _person(person_id) -> str:
    user = User.objects.filter(pk=person_id).first()
    return (user.display_name or user.email) if user else f"#{person_id}"


def reason_text(code: str, params: dict) -> str:
    """One unstaffed dialogue or uncovered language, said plainly in the active language."""
    if code == "no_speaker":
        return gettext("No active facilitator can facilitate in %(language)s.") % {
            "language": _language(params["language"])
        }
    if code == "no_certified_speaker":
        return gettext(
            "No facilitator who can facilitate in %(language)s is certified on %(when)s."
        ) % {"language": _language(params["language"]), "when": _when(params["starts"])}
    if code == "no_free_speaker":
        return gettext("No certified %(language)s-speaking facilitator is free on %(when)s.") % {
            "language": _language(params["language"]),
            "when": _when(params["starts"]),
        }
    if code == "no_free_lead":
        return gettext("No certified facilitator who may lead is free on %(when)s.") % {
            "when": _when(params["starts"])
        }
    if code == "too_few_free":
        return gettext(
            "Only %(free)s of the %(needed)s certified facilitators needed are free on %(when)s."
        ) % {"free": params["free"], "needed": params["needed"], "when": _when(params["starts"])}
    if code == "required_unavailable":
        return gettext("%(person)s must stay on the team but cannot work on %(when)s.") % {
            "person": _person(params["facilitator"]),
            "when": _when(params["starts"]),
        }
    if code == "taken":
        return gettext(
            "The %(count)s facilitators who could staff it are needed for other dialogues "
            "at the same time or have reached their monthly maximum."
        ) % {"count": params["candidates"]}
    if code == "monthly_max":
        return gettext(
            "Everyone who could staff it would go over their monthly maximum in %(month)s."
        ) % {"month": _month(params["month"])}
    if code == "no_interpreter_pair":
        return gettext("No interpreter works between %(source)s and %(target)s.") % {
            "source": _language(params["source"]),
            "target": _language(params["target"]),
        }
    if code == "no_free_interpreter":
        return gettext(
            "Only %(free)s of the %(needed)s %(source)s/%(target)s interpreters needed "
            "are free on %(when)s."
        ) % {
            "free": params["free"],
            "needed": params["needed"],
            "source": _language(params["source"]),
            "target": _language(params["target"]),
            "when": _when(params["starts"]),
        }
    if code == "interpreters_taken":
        return gettext(
            "The %(source)s/%(target)s interpreters who are free are needed elsewhere at the "
            "same time or have reached their monthly maximum."
        ) % {"source": _language(params["source"]), "target": _language(params["target"])}
    if code == "removed_by_coordinator":
        return gettext("A coordinator removed the team by hand.")
    return gettext("The solver gave no reason (%(code)s).") % {"code": code}


def plan_gap_texts(plan, language: str) -> list[str]:
    """Everything the plan could not staff, in `language`."""
    with translation.override(language):
        texts = [
            reason_text(entry.gap_code, entry.gap_params)
            for entry in plan.entries.exclude(gap_code="")
        ]
        texts += [
            reason_text(row.gap_code, row.gap_params)
            for row in plan.interpretation.exclude(gap_code="")
        ]
    return texts


def violation_text(code: str, params: dict) -> str:
    """A hard rule a hand-made team breaks, from the independent checker, in plain words."""
    person = _person(params["person"]) if "person" in params else ""
    texts = {
        "not_facilitator": lambda: (
            gettext("%(person)s is not an active facilitator.") % {"person": person}
        ),
        "team_size": lambda: (
            gettext("The team has %(size)s facilitators; this dialogue needs %(needed)s.")
            % {"size": params["size"], "needed": params["needed"]}
        ),
        "twice": lambda: gettext("%(person)s is on the team twice.") % {"person": person},
        "required_missing": lambda: (
            gettext("%(person)s accepted and must stay on the team.") % {"person": person}
        ),
        "no_speaker_on_team": lambda: (
            gettext("Nobody on the team can facilitate in %(language)s.")
            % {"language": _language(params["language"])}
        ),
        "declined": lambda: gettext("%(person)s declined this dialogue.") % {"person": person},
        "not_certified": lambda: (
            gettext("%(person)s is not certified on %(day)s.")
            % {"person": person, "day": _day(params["day"])}
        ),
        "may_not_lead": lambda: (
            gettext("%(person)s may not lead on %(day)s.")
            % {"person": person, "day": _day(params["day"])}
        ),
        "no_window": lambda: (
            gettext("%(person)s is not available on %(when)s.")
            % {"person": person, "when": _when(params["starts"])}
        ),
        "blackout": lambda: (
            gettext("%(person)s is away on %(day)s.")
            % {"person": person, "day": _day(params["day"])}
        ),
        "busy": lambda: (
            gettext("%(person)s is already assigned elsewhere on %(when)s.")
            % {"person": person, "when": _when(params["starts"])}
        ),
        "overlap": lambda: (
            gettext("%(person)s would be in two places at once on %(when)s.")
            % {"person": person, "when": _when(params["starts"])}
        ),
        "travel": lambda: (
            gettext("%(person)s would not have time to travel between venues on %(when)s.")
            % {"person": person, "when": _when(params["starts"])}
        ),
        "monthly_max": lambda: (
            gettext(
                "%(person)s would have %(total)s sessions in %(month)s, over their maximum of "
                "%(maximum)s."
            )
            % {
                "person": person,
                "total": params["total"],
                "month": _month(params["month"]),
                "maximum": params["maximum"],
            }
        ),
    }
    if code in texts:
        return texts[code]()
    return gettext("The team breaks a rule (%(code)s).") % {"code": code}
