from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch

from dialogues.models import DiscussionGuide, GuideSegment, GuideVersion, LiveRoom, Program, Session

# Participants see titles and prompts; notes are for facilitators only.
PUBLIC_FIELDS = ("title", "prompt")
TEXT_FIELDS = ("title", "prompt", "facilitator_notes")


def guide_for_session(session: Session) -> DiscussionGuide | None:
    """The program's own guide, else the city's default guide."""
    return (
        session.dialogue.program.discussion_guide
        or DiscussionGuide.objects.filter(is_default=True).first()
    )


def current_version(guide: DiscussionGuide) -> GuideVersion | None:
    return guide.versions.order_by("-number").first()


def guide_version_for_session(session: Session) -> GuideVersion | None:
    """The version a session uses: the one its live room started with, else the current
    version of the session's guide."""
    room = (
        LiveRoom.objects.filter(session=session, guide_version__isnull=False)
        .select_related("guide_version__guide")
        .first()
    )
    if room is not None:
        return room.guide_version
    guide = guide_for_session(session)
    return current_version(guide) if guide is not None else None


def version_segments(version: GuideVersion) -> list[GuideSegment]:
    return list(version.segments.order_by("position"))


@dataclass(frozen=True)
class LanguageCompleteness:
    """What one language lacks in one version: for each segment, the fields missing."""

    code: str
    missing_by_segment: list[tuple[GuideSegment, list[str]]]

    def _count(self, fields) -> int:
        return sum(
            1 for _segment, missing in self.missing_by_segment for f in missing if f in fields
        )

    @property
    def missing_titles(self) -> int:
        return self._count(("title",))

    @property
    def missing_prompts(self) -> int:
        return self._count(("prompt",))

    @property
    def missing_notes(self) -> int:
        return self._count(("facilitator_notes",))

    @property
    def missing_public(self) -> int:
        return self.missing_titles + self.missing_prompts

    @property
    def is_complete(self) -> bool:
        """Participants can follow the guide in this language without a fallback."""
        return self.missing_public == 0


def guide_completeness(segments: list[GuideSegment]) -> list[LanguageCompleteness]:
    """For every configured language, in the switcher's order, which texts are missing."""
    return [
        LanguageCompleteness(
            code=code,
            missing_by_segment=[
                (segment, [field for field in TEXT_FIELDS if not getattr(segment, field).get(code)])
                for segment in segments
            ],
        )
        for code, _name in settings.LANGUAGES
    ]


@dataclass(frozen=True)
class GuideOverview:
    guide: DiscussionGuide
    version: GuideVersion | None
    segment_count: int
    total_minutes: int
    languages: list[LanguageCompleteness]
    programs: list[Program]

    @property
    def complete_languages(self) -> list[LanguageCompleteness]:
        return [language for language in self.languages if language.is_complete]

    @property
    def incomplete_languages(self) -> list[LanguageCompleteness]:
        return [language for language in self.languages if not language.is_complete]


def guides_overview() -> list[GuideOverview]:
    """Every guide with its current version, size and translation completeness."""
    guides = DiscussionGuide.objects.prefetch_related(
        Prefetch("programs", queryset=Program.objects.order_by("slug"))
    )
    overviews = []
    for guide in guides:
        version = current_version(guide)
        segments = version_segments(version) if version is not None else []
        overviews.append(
            GuideOverview(
                guide=guide,
                version=version,
                segment_count=len(segments),
                total_minutes=sum(segment.duration_minutes for segment in segments),
                languages=guide_completeness(segments),
                programs=list(guide.programs.all()),
            )
        )
    return overviews
