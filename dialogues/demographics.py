"""The voluntary questions, following the 2024 federal race and ethnicity standard (OMB SPD 15):
one combined question, select all that apply, with the minimum detailed categories."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

RACE_ETHNICITY = [
    (
        "aian",
        _("American Indian or Alaska Native"),
        [],
    ),
    (
        "asian",
        _("Asian"),
        [
            ("chinese", pgettext_lazy("ancestry", "Chinese")),
            ("asian_indian", pgettext_lazy("ancestry", "Asian Indian")),
            ("filipino", pgettext_lazy("ancestry", "Filipino")),
            ("vietnamese", pgettext_lazy("ancestry", "Vietnamese")),
            ("korean", pgettext_lazy("ancestry", "Korean")),
            ("japanese", pgettext_lazy("ancestry", "Japanese")),
        ],
    ),
    (
        "black",
        _("Black or African American"),
        [
            ("african_american", pgettext_lazy("ancestry", "African American")),
            ("jamaican", pgettext_lazy("ancestry", "Jamaican")),
            ("haitian", pgettext_lazy("ancestry", "Haitian")),
            ("nigerian", pgettext_lazy("ancestry", "Nigerian")),
            ("ethiopian", pgettext_lazy("ancestry", "Ethiopian")),
            ("somali", pgettext_lazy("ancestry", "Somali")),
        ],
    ),
    (
        "hispanic",
        _("Hispanic or Latino"),
        [
            ("mexican", pgettext_lazy("ancestry", "Mexican")),
            ("puerto_rican", pgettext_lazy("ancestry", "Puerto Rican")),
            ("salvadoran", pgettext_lazy("ancestry", "Salvadoran")),
            ("cuban", pgettext_lazy("ancestry", "Cuban")),
            ("dominican", pgettext_lazy("ancestry", "Dominican")),
            ("guatemalan", pgettext_lazy("ancestry", "Guatemalan")),
        ],
    ),
    (
        "mena",
        _("Middle Eastern or North African"),
        [
            ("lebanese", pgettext_lazy("ancestry", "Lebanese")),
            ("iranian", pgettext_lazy("ancestry", "Iranian")),
            ("egyptian", pgettext_lazy("ancestry", "Egyptian")),
            ("syrian", pgettext_lazy("ancestry", "Syrian")),
            ("iraqi", pgettext_lazy("ancestry", "Iraqi")),
            ("israeli", pgettext_lazy("ancestry", "Israeli")),
        ],
    ),
    (
        "nhpi",
        _("Native Hawaiian or Pacific Islander"),
        [
            ("native_hawaiian", pgettext_lazy("ancestry", "Native Hawaiian")),
            ("samoan", pgettext_lazy("ancestry", "Samoan")),
            ("chamorro", pgettext_lazy("ancestry", "Chamorro")),
            ("tongan", pgettext_lazy("ancestry", "Tongan")),
            ("fijian", pgettext_lazy("ancestry", "Fijian")),
            ("marshallese", pgettext_lazy("ancestry", "Marshallese")),
        ],
    ),
    (
        "white",
        _("White"),
        [
            ("english", pgettext_lazy("ancestry", "English")),
            ("german", pgettext_lazy("ancestry", "German")),
            ("irish", pgettext_lazy("ancestry", "Irish")),
            ("italian", pgettext_lazy("ancestry", "Italian")),
            ("polish", pgettext_lazy("ancestry", "Polish")),
            ("scottish", pgettext_lazy("ancestry", "Scottish")),
        ],
    ),
]

# Stored as "asian" for a category and "asian.korean" for a detailed one.
RACE_ETHNICITY_CODES = {code for code, _label, _details in RACE_ETHNICITY} | {
    f"{code}.{detail}" for code, _label, details in RACE_ETHNICITY for detail, _ in details
}

AGE_RANGES = [
    ("under_18", _("Under 18")),
    ("18_24", _("18 to 24")),
    ("25_34", _("25 to 34")),
    ("35_44", _("35 to 44")),
    ("45_54", _("45 to 54")),
    ("55_64", _("55 to 64")),
    ("65_plus", _("65 or older")),
]

# Summaries count each person once, so that a table's cells add up to its totals and small-cell
# suppression can protect them: someone who chose one category alone is counted in it, someone
# who chose several in "more than one", the way census tables report "two or more races".
MORE_THAN_ONE = "multiple"
SELF_DESCRIBED_ONLY = "self_described"
NOT_REPORTED = "not_reported"
REPORTING_GROUPS = [
    *[(code, label) for code, label, _details in RACE_ETHNICITY],
    (MORE_THAN_ONE, _("More than one group")),
    (SELF_DESCRIBED_ONLY, _("Described in their own words")),
    (NOT_REPORTED, _("Not answered or prefer not to say")),
]
# The groups a census count of a neighborhood's residents can be given in.
POPULATION_GROUPS = [
    (code, label)
    for code, label in REPORTING_GROUPS
    if code not in {SELF_DESCRIBED_ONLY, NOT_REPORTED}
]


def reporting_group(
    race_ethnicity: list[str] | None, self_described: str = "", prefer_not_to_say: bool = False
) -> str:
    """The one summary group a person's answers count in."""
    if prefer_not_to_say:
        return NOT_REPORTED
    categories = {code.split(".", 1)[0] for code in race_ethnicity or []}
    if len(categories) > 1:
        return MORE_THAN_ONE
    if categories:
        return categories.pop()
    return SELF_DESCRIBED_ONLY if self_described.strip() else NOT_REPORTED
