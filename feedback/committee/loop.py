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
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from commonground.formatting import city_time_zone
from commonground.multilingual import localized
from dialogues.models import Registration, Session
from feedback.committee.messages import OUTCOMES_DIGEST
from feedback.committee.public_selectors import (
    brief_anchor,
    format_percent,
    recommendation_anchor,
)
from feedback.models import (
    BriefStatusChange,
    OutcomeNews,
    RecommendationUpdate,
    SessionReport,
    SurveyReceipt,
    ThemeBrief,
    ThemeTag,
)
from feedback.summaries.presentation import theme_name
from notifications.services import Outgoing, notifications_enqueue_many

DIGEST_GATHER = timedelta(hours=1)
DIGEST_SPACING = timedelta(hours=24)


@dataclass(frozen=True)
class Contact:
    """One person to tell: an account, or a guest's address."""

    key: str
    recipient: User | None
    email: str
    language: str


def _account(user: User) -> Contact:
    return Contact(f"user:{user.pk}", user, "", user.preferred_language)


def _address(email: str, language: str) -> Contact:
    email = email.strip().lower()
    return Contact(f"email:{email}", None, email, language)


def _registration_contact(registration: Registration) -> Contact | None:
    if registration.user is not None:
        return _account(registration.user) if registration.user.is_active else None
    # A guest who left only a phone number cannot be written to: messages go by email.
    return _address(registration.email, registration.language) if registration.email else None


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = city_time_zone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def brief_linked_sessions(brief: ThemeBrief) -> list[Session]:
    """The sessions, within the brief's evidence period, of the dialogues whose recorded,
    confirmed feedback fed the brief's theme in that period."""
    period = (brief.evidence or {}).get("period")
    if not period:
        return []
    start, end = (date.fromisoformat(value) for value in period)
    dialogue_ids = (
        ThemeTag.objects.filter(
            Q(item__report__isnull=True) | Q(item__report__status=SessionReport.Status.SUBMITTED),
            theme_id=brief.theme_id,
            status=ThemeTag.Status.CONFIRMED,
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
    once each, in the language they chose."""
    sessions = [session for brief in briefs for session in brief_linked_sessions(brief)]
    if not sessions:
        return []
    contacts: dict[str, Contact] = {}
    registrations = (
        Registration.objects.filter(
            attendance__session__in=sessions, outcomes_consented_at__isnull=False
        )
        .select_related("user")
        .distinct()
        .order_by("-created_at", "-id")
    )
    for registration in registrations:
        contact = _registration_contact(registration)
        if contact is not None:
            contacts.setdefault(contact.key, contact)
    receipts = (
        SurveyReceipt.objects.filter(session__in=sessions, hear_back=True)
        .select_related("registration__user")
        .order_by("-submitted_on")
    )
    for receipt in receipts:
        if receipt.registration is not None:
            contact = _registration_contact(receipt.registration)
        elif receipt.hear_back_email:
            contact = _address(receipt.hear_back_email, receipt.language)
        else:
            contact = None
        if contact is not None:
            contacts.setdefault(contact.key, contact)
    # A guest address that is also an account's address is that person: the account wins.
    account_addresses = {
        contact.recipient.email.lower() for contact in contacts.values() if contact.recipient
    }
    return [
        contact
        for contact in contacts.values()
        if contact.recipient is not None or contact.email not in account_addresses
    ]


def _news_write(audience: list[Contact], **change) -> int:
    news = [
        OutcomeNews(
            recipient=contact.recipient,
            email=contact.email,
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


def _change_context(news: OutcomeNews, language: str) -> dict:
    """One change, in the reader's language: what changed, why, and where to read more."""
    if news.brief_change is not None:
        change = news.brief_change
        subject = localized(change.brief.title, language)
        reason = localized(change.rationale, language) if change.rationale else None
        return {
            "subject": subject.text,
            "subject_language": subject.language,
            "theme": theme_name(change.brief.theme, language),
            "department": "",
            "status": str(change.get_status_display()),
            "reason": reason.text if reason else "",
            "reason_language": reason.language if reason else "",
            "percent": "",
            "url": _page_url(language, brief_anchor(change.brief_id)),
        }
    update = news.recommendation_update
    subject = localized(update.recommendation.title, language)
    note = localized(update.note, language) if update.note else None
    return {
        "subject": subject.text,
        "subject_language": subject.language,
        "theme": "",
        "department": update.recommendation.department,
        "status": str(update.get_status_display()),
        "reason": note.text if note else "",
        "reason_language": note.language if note else "",
        "percent": (
            format_percent(update.percent_complete, language) if update.percent_complete else ""
        ),
        "url": _page_url(language, recommendation_anchor(update.recommendation_id)),
    }


def _digest(news: list[OutcomeNews]) -> Outgoing:
    first = news[0]
    language = first.recipient.preferred_language if first.recipient else first.language
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        changes = [_change_context(item, language) for item in news]
    return Outgoing(
        # The first news row belongs to this digest alone: a retry after a crash finds the key.
        idempotency_key=f"feedback.outcomes:{first.pk}",
        recipient=first.recipient,
        email=first.email,
        language=language,
        context={
            "name": first.recipient.display_name if first.recipient else "",
            "changes": changes,
            "page_url": _page_url(language),
        },
    )


def outcome_digests_send_due(*, now: datetime) -> int:
    """Enqueues one digest for each person whose news has gathered long enough and who has
    had no outcomes message within DIGEST_SPACING; returns how many."""
    with transaction.atomic():
        pending = list(
            OutcomeNews.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(sent_at__isnull=True)
            .select_related(
                "recipient",
                "brief_change__brief__theme",
                "recommendation_update__recommendation",
            )
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
        digests = [_digest(news) for news in due]
        notifications_enqueue_many(kind=OUTCOMES_DIGEST.key, outgoing=digests)
        sent = []
        for news, digest in zip(due, digests, strict=True):
            for item in news:
                item.sent_at, item.notification_key = now, digest.idempotency_key
                sent.append(item)
        OutcomeNews.objects.bulk_update(sent, ["sent_at", "notification_key"], batch_size=500)
    return len(due)
