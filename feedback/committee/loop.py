"""Closing the loop: residents who asked to hear back learn what became of what they said.

Who hears about a brief: everyone who consented and who took part, within the brief's evidence
period, in a dialogue whose recorded feedback fed the brief's theme. Consent is either the box
ticked when registering (Registration.outcomes_consented_at, for those who were checked in) or
the survey's "tell me what happens" (SurveyReceipt.hear_back). Feedback items carry no names,
so taking part in the dialogue is what links a person to its words.

Each status change is recorded as news once per person (a unique constraint), in the
transaction of the change. The news waits DIGEST_GATHER, so that a committee meeting's several
decisions arrive together, and each person gets at most one outcomes message per
DIGEST_SPACING; whatever is pending then goes as one digest, in their language.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import translation

from commonground.formatting import city_time_zone, format_date_local
from commonground.multilingual import localized
from dialogues.models import Registration, Session
from feedback.committee.messages import OUTCOMES_DIGEST
from feedback.committee.public_selectors import (
    brief_anchor,
    evidence_period,
    format_percent,
    recommendation_anchor,
)
from feedback.models import (
    BriefStatusChange,
    OutcomeNews,
    RecommendationUpdate,
    SurveyReceipt,
    ThemeBrief,
)
from feedback.selectors import recorded_confirmed_tags
from feedback.summaries.presentation import theme_name
from notifications.services import Outgoing, notifications_enqueue_many

DIGEST_GATHER = timedelta(hours=1)
DIGEST_SPACING = timedelta(hours=24)


@dataclass(frozen=True)
class Contact:
    """One person to tell: an account, or a guest's address."""

    key: str
    recipient_id: int | None
    # The account's address, to recognise the same person registered as a guest; a guest's
    # address otherwise.
    email: str
    language: str


# The columns that make a contact, read as plain values: an audience can be thousands of people.
_REGISTRATION_CONTACT = ("user_id", "user__is_active", "user__preferred_language", "user__email")
_GUEST_CONTACT = ("email", "language")


def _contact(user_id, user_is_active, user_language, user_email, email, language) -> Contact | None:
    if user_id is not None:
        if not user_is_active:
            return None
        return Contact(f"user:{user_id}", user_id, (user_email or "").lower(), user_language)
    # A guest who left only a phone number cannot be written to: messages go by email.
    if not email:
        return None
    email = email.strip().lower()
    return Contact(f"email:{email}", None, email, language)


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = city_time_zone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def brief_linked_sessions(brief: ThemeBrief) -> list[Session]:
    """The sessions, within the brief's evidence period, of the dialogues whose recorded,
    confirmed feedback fed the brief's theme in that period."""
    start, end = evidence_period((brief.evidence or {}).get("period"))
    if start is None or end is None:
        return []
    dialogue_ids = (
        recorded_confirmed_tags()
        .filter(
            theme_id=brief.theme_id,
            item__occurred_on__range=(start, end),
        )
        .values_list("item__dialogue_id", flat=True)
        .distinct()
    )
    earliest, latest = _day_bounds(start, end)
    return list(
        Session.objects.filter(
            dialogue_id__in=dialogue_ids, starts_at__gte=earliest, starts_at__lt=latest
        ).exclude(status=Session.Status.CANCELLED)
    )


def briefs_audience(briefs: list[ThemeBrief]) -> list[Contact]:
    """Everyone who asked to hear back and took part in a dialogue that fed these briefs,
    once each, in the language they chose (the latest registration's, for a guest)."""
    sessions = [session for brief in briefs for session in brief_linked_sessions(brief)]
    if not sessions:
        return []
    contacts: dict[str, Contact] = {}
    registrations = (
        Registration.objects.filter(
            attendance__session__in=sessions, outcomes_consented_at__isnull=False
        )
        .distinct()
        .order_by("-created_at", "-id")
        .values_list(*_REGISTRATION_CONTACT, *_GUEST_CONTACT, "created_at", "id")
    )
    for *columns, _created_at, _id in registrations:
        contact = _contact(*columns)
        if contact is not None:
            contacts.setdefault(contact.key, contact)
    receipts = (
        SurveyReceipt.objects.filter(session__in=sessions, hear_back=True)
        .order_by("-submitted_on")
        .values_list(
            "registration_id",
            *(f"registration__{column}" for column in _REGISTRATION_CONTACT + _GUEST_CONTACT),
            "hear_back_email",
            "language",
        )
    )
    for registration_id, *columns, hear_back_email, language in receipts:
        if registration_id is not None:
            contact = _contact(*columns)
        else:
            contact = _contact(None, None, None, None, hear_back_email, language)
        if contact is not None:
            contacts.setdefault(contact.key, contact)
    # A guest address that is also an account's address is that person: the account wins.
    account_addresses = {
        contact.email for contact in contacts.values() if contact.recipient_id is not None
    }
    return [
        contact
        for contact in contacts.values()
        if contact.recipient_id is not None or contact.email not in account_addresses
    ]


def _news_write(audience: list[Contact], **change) -> int:
    news = [
        OutcomeNews(
            recipient_id=contact.recipient_id,
            # An account's messages go to its address at the time they are sent.
            email="" if contact.recipient_id is not None else contact.email,
            contact_key=contact.key,
            language=contact.language or settings.LANGUAGE_CODE,
            **change,
        )
        for contact in audience
    ]
    # The unique constraints make a second recording of the same change a no-op.
    return len(OutcomeNews.objects.bulk_create(news, batch_size=500, ignore_conflicts=True))


def outcome_news_record_brief_change(change: BriefStatusChange) -> int:
    """Call in the transaction that appends the change."""
    return _news_write(briefs_audience([change.brief]), brief_change=change)


def outcome_news_record_recommendation_update(update: RecommendationUpdate) -> int:
    """Call in the transaction that appends the update, after the recommendation's briefs are
    set."""
    briefs = list(update.recommendation.briefs.all())
    return _news_write(briefs_audience(briefs), recommendation_update=update)


def _page_url(language: str, anchor: str = "") -> str:
    with translation.override(language):
        path = reverse("feedback:you_said_we_did")
    return f"{settings.SITE_URL}{path}" + (f"#{anchor}" if anchor else "")


def _brief_change_context(change: BriefStatusChange, language: str) -> dict:
    """One step of a brief, in the reader's language: what changed, why, and where to read
    more."""
    subject = localized(change.brief.title, language)
    reason = localized(change.rationale, language) if change.rationale else None
    return {
        "subject": subject.text,
        "subject_language": subject.language,
        "theme": theme_name(change.brief.theme, language),
        "department": "",
        "status": str(change.get_status_display()),
        "on": format_date_local(change.at, language=language),
        "reason": reason.text if reason else "",
        "reason_language": reason.language if reason else "",
        "percent": "",
        "url": _page_url(language, brief_anchor(change.brief_id)),
    }


def _recommendation_update_context(update: RecommendationUpdate, language: str) -> dict:
    subject = localized(update.recommendation.title, language)
    note = localized(update.note, language) if update.note else None
    return {
        "subject": subject.text,
        "subject_language": subject.language,
        "theme": "",
        "department": update.recommendation.department,
        "status": str(update.get_status_display()),
        "on": format_date_local(update.at, language=language),
        "reason": note.text if note else "",
        "reason_language": note.language if note else "",
        "percent": (
            format_percent(update.percent_complete, language) if update.percent_complete else ""
        ),
        "url": _page_url(language, recommendation_anchor(update.recommendation_id)),
    }


class _Changes:
    """The changes a digest run reports, each loaded once and described once per language:
    thousands of people share the same few changes."""

    def __init__(self, pending: list[OutcomeNews]):
        self.brief_changes = (
            BriefStatusChange.objects.select_related("brief__theme")
            # The evidence snapshot is large and not needed to say what changed.
            .defer("brief__evidence")
            .in_bulk({news.brief_change_id for news in pending if news.brief_change_id})
        )
        self.updates = RecommendationUpdate.objects.select_related("recommendation").in_bulk(
            {news.recommendation_update_id for news in pending if news.recommendation_update_id}
        )
        self.described: dict[tuple, dict] = {}

    def context(self, news: OutcomeNews, language: str) -> dict:
        key = (news.brief_change_id, news.recommendation_update_id, language)
        if key not in self.described:
            with translation.override(language):
                self.described[key] = (
                    _brief_change_context(self.brief_changes[news.brief_change_id], language)
                    if news.brief_change_id
                    else _recommendation_update_context(
                        self.updates[news.recommendation_update_id], language
                    )
                )
        return self.described[key]


DIGEST_KEY_PREFIX = "feedback.outcomes:"


def digest_key(first_news_id: int) -> str:
    # The first news row belongs to this digest alone: a retry after a crash finds the key.
    return f"{DIGEST_KEY_PREFIX}{first_news_id}"


def _digest(news: list[OutcomeNews], changes: _Changes, page_urls: dict[str, str]) -> Outgoing:
    first = news[0]
    language = first.recipient.preferred_language if first.recipient else first.language
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if language not in page_urls:
        page_urls[language] = _page_url(language)
    return Outgoing(
        idempotency_key=digest_key(first.pk),
        recipient=first.recipient,
        email=first.email,
        language=language,
        context={
            "name": first.recipient.display_name if first.recipient else "",
            "changes": [changes.context(item, language) for item in news],
            "page_url": page_urls[language],
        },
    )


# Rows per UPDATE when marking news sent: well under every database's parameter limit.
MARK_BATCH = 1000


def _mark_sent(news_ids: list[int], now: datetime) -> None:
    """Marks the run's news sent, and each row with its digest's key (its person's first row
    in this run), in a handful of statements however many people there are."""
    for start in range(0, len(news_ids), MARK_BATCH):
        OutcomeNews.objects.filter(pk__in=news_ids[start : start + MARK_BATCH]).update(sent_at=now)
    first_of_digest = (
        OutcomeNews.objects.filter(contact_key=OuterRef("contact_key"), sent_at=now)
        .order_by("created_at", "id")
        .values("pk")[:1]
    )
    OutcomeNews.objects.filter(sent_at=now, notification_key="").update(
        notification_key=Concat(
            Value(DIGEST_KEY_PREFIX),
            Cast(Subquery(first_of_digest), output_field=CharField()),
        )
    )


def outcome_digests_send_due(*, now: datetime) -> int:
    """Enqueues one digest for each person whose news has gathered long enough and who has
    had no outcomes message within DIGEST_SPACING; returns how many."""
    with transaction.atomic():
        pending = list(
            # Not SKIP LOCKED: a second run would take part of someone's news and send them
            # two digests. It waits instead, then finds the rows sent.
            OutcomeNews.objects.select_for_update(of=("self",))
            .filter(sent_at__isnull=True, created_at__lte=now)
            .select_related("recipient")
            .order_by("created_at", "id")
        )
        if not pending:
            return 0
        by_contact: dict[str, list[OutcomeNews]] = defaultdict(list)
        for news in pending:
            by_contact[news.contact_key].append(news)
        last_sent = dict(
            OutcomeNews.objects.filter(contact_key__in=by_contact, sent_at__isnull=False)
            .values("contact_key")
            .annotate(last=Max("sent_at"))
            .values_list("contact_key", "last")
        )
        due = [
            news
            for key, news in by_contact.items()
            if news[0].created_at <= now - DIGEST_GATHER
            and (key not in last_sent or last_sent[key] <= now - DIGEST_SPACING)
        ]
        if not due:
            return 0
        changes = _Changes([item for news in due for item in news])
        page_urls: dict[str, str] = {}
        notifications_enqueue_many(
            kind=OUTCOMES_DIGEST.key,
            outgoing=[_digest(news, changes, page_urls) for news in due],
        )
        _mark_sent([item.pk for news in due for item in news], now)
    return len(due)
