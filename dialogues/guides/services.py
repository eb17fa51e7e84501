"""Writing discussion guides: a guide is changed only by saving a new version.

Versions are never edited once saved, because a live room points at the version it started
with; a session under way keeps its wording while coordinators improve the guide.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from commonground.languages import language_display_name
from dialogues.models import DiscussionGuide, GuideSegment, GuideVersion

MIN_SEGMENT_MINUTES = 1
MAX_SEGMENT_MINUTES = 240
TEXT_MAX_LENGTHS = {"title": 120, "prompt": 2000, "facilitator_notes": 4000}


class GuideError(Exception):
    """A guide change that cannot be made; `message` says why, translated."""

    message = _("This guide cannot be saved.")

    def __str__(self) -> str:
        return str(self.message)


class GuideLanguageUnknown(GuideError):
    message = _("Choose one of the site's languages as the guide's primary language.")


class GuideNameMissing(GuideError):
    message = _("Give the guide a name in its primary language.")


class GuideEmpty(GuideError):
    message = _("A guide needs at least one segment.")


class SegmentInvalid(GuideError):
    """One segment is wrong; the message names it by its number, counted from 1."""

    def __init__(self, number: int, problem: str, language: str = ""):
        self.number = number
        self.problem = problem
        self.language = language
        super().__init__(number, problem, language)

    @property
    def message(self) -> str:
        values = {"number": self.number}
        if self.problem == "kind":
            return _("Segment %(number)s: choose what kind of segment it is.") % values
        if self.problem == "duration":
            return _("Segment %(number)s: give between 1 and 240 minutes.") % values
        if self.problem == "too_long":
            return _("Segment %(number)s: a text is too long.") % values
        language = language_display_name(self.language, translation.get_language() or "en")
        return _(
            "Segment %(number)s needs a prompt in %(language)s, the guide's primary language."
        ) % {
            **values,
            "language": language,
        }


def _texts(value) -> dict[str, str]:
    """Only configured languages, without empty texts."""
    codes = {code for code, _name in settings.LANGUAGES}
    return {
        code: text.strip()
        for code, text in (value or {}).items()
        if code in codes and isinstance(text, str) and text.strip()
    }


def _segment_rows(segments: list[dict], primary_language: str) -> list[GuideSegment]:
    if not segments:
        raise GuideEmpty
    rows = []
    for position, segment in enumerate(segments):
        number = position + 1
        if segment.get("kind") not in GuideSegment.Kind.values:
            raise SegmentInvalid(number, "kind")
        minutes = segment.get("duration_minutes")
        if (
            not isinstance(minutes, int)
            or isinstance(minutes, bool)
            or not MIN_SEGMENT_MINUTES <= minutes <= MAX_SEGMENT_MINUTES
        ):
            raise SegmentInvalid(number, "duration")
        texts = {field: _texts(segment.get(field)) for field in TEXT_MAX_LENGTHS}
        if not texts["prompt"].get(primary_language):
            raise SegmentInvalid(number, "prompt", primary_language)
        for field, max_length in TEXT_MAX_LENGTHS.items():
            if any(len(text) > max_length for text in texts[field].values()):
                raise SegmentInvalid(number, "too_long")
        rows.append(
            GuideSegment(position=position, kind=segment["kind"], duration_minutes=minutes, **texts)
        )
    return rows


def guide_create(*, name: dict, primary_language: str, by: User | None) -> DiscussionGuide:
    """A new guide without versions; its first version is saved with `guide_version_save`."""
    if primary_language not in dict(settings.LANGUAGES):
        raise GuideLanguageUnknown
    name = _texts(name)
    if not name.get(primary_language):
        raise GuideNameMissing
    return DiscussionGuide.objects.create(name=name, primary_language=primary_language)


@transaction.atomic
def guide_version_save(
    *, guide: DiscussionGuide, segments: list[dict], note: str, by: User | None
) -> GuideVersion:
    """Saves `segments` (dicts of kind, duration_minutes, title, prompt, facilitator_notes, in
    order) as the guide's next version. Earlier versions are left exactly as they were.

    Raises GuideError, with nothing written, when a segment is not valid.
    """
    # The lock makes two coordinators saving at once get numbers n+1 and n+2, not a clash.
    guide = DiscussionGuide.objects.select_for_update().get(pk=guide.pk)
    rows = _segment_rows(segments, guide.primary_language)
    previous = guide.versions.aggregate(number=Max("number"))["number"] or 0
    version = GuideVersion.objects.create(
        guide=guide, number=previous + 1, created_by=by, note=note.strip()[:200]
    )
    for row in rows:
        row.version = version
    GuideSegment.objects.bulk_create(rows)
    return version


@transaction.atomic
def guide_make_default(*, guide: DiscussionGuide) -> DiscussionGuide:
    """Makes `guide` the one every program without its own guide uses."""
    # Locking the current default serializes two coordinators choosing different defaults;
    # the update then reads the latest committed state, so exactly one default remains.
    list(DiscussionGuide.objects.select_for_update().filter(Q(is_default=True) | Q(pk=guide.pk)))
    DiscussionGuide.objects.filter(is_default=True).exclude(pk=guide.pk).update(is_default=False)
    DiscussionGuide.objects.filter(pk=guide.pk).update(is_default=True)
    guide.is_default = True
    return guide
