"""The outbox: enqueue in the event's transaction, deliver after commit, exactly once if possible.

A delivery task claims a batch of rows with SELECT ... FOR UPDATE SKIP LOCKED, marks them
sending and commits before talking to the provider. Just before each send it renews that row's
claim, then records the outcome. A worker that dies while sending leaves rows "sending"; after
SENDING_LEASE the tick puts them back in the queue, so nothing is lost. A row marked sent is
never sent again.
"""

import logging
import random
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core import signing
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from notifications.email import build_email, read_unsubscribe_token
from notifications.kinds import Category, Channel, NotificationKind, kind_for
from notifications.models import Notification, NotificationOptOut, UndeliverableAddress
from notifications.selectors import unread_counts

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
RETRY_BASE_DELAY = timedelta(minutes=1)
RETRY_MAX_DELAY = timedelta(hours=1)
SENDING_LEASE = timedelta(minutes=10)
# Rows younger than this still have the task enqueued when their transaction committed.
DISPATCH_GRACE = timedelta(minutes=2)
# Messages per delivery task: one claim, one provider connection, and a batch short enough
# that its last message goes out well inside SENDING_LEASE.
DELIVERY_BATCH = 50


class InvalidUnsubscribeLink(ValueError):
    """The link was not made by this site, or was altered."""


def unread_group_name(user_id: int) -> str:
    return f"notifications.user.{user_id}"


def _broadcast_unread_counts(user_ids: list[int]) -> None:
    layer = get_channel_layer()
    for user_id, count in unread_counts(user_ids).items():
        async_to_sync(layer.group_send)(
            unread_group_name(user_id), {"type": "notifications.unread", "count": count}
        )


@dataclass(frozen=True)
class Outgoing:
    """One message of a kind to one person: an account, or a guest's address."""

    idempotency_key: str
    recipient: User | None = None
    email: str = ""
    language: str = ""
    context: dict = field(default_factory=dict)
    calendar: str = ""


def notification_enqueue(
    *,
    kind: str,
    idempotency_key: str,
    recipient: User | None = None,
    email: str = "",
    language: str = "",
    context: dict | None = None,
    calendar: str = "",
) -> list[Notification]:
    """One message; see notifications_enqueue_many."""
    message = Outgoing(idempotency_key, recipient, email, language, context or {}, calendar)
    return notifications_enqueue_many(kind=kind, outgoing=[message])


def notifications_enqueue_many(*, kind: str, outgoing: Iterable[Outgoing]) -> list[Notification]:
    """Writes the kind's rows in the caller's transaction; delivery starts after commit.

    Returns the rows it created: a message whose idempotency key was enqueued before creates
    nothing. Email needs an address (the recipient's, unless given); in-app needs an account.
    """
    notification_kind = kind_for(kind)
    candidates = [
        row
        for message in outgoing
        for row in _rows_for(notification_kind, message)
        if row is not None
    ]
    if not candidates:
        return []
    with transaction.atomic():
        _mark_in_app_opt_outs(notification_kind.category, candidates)
        created = _insert_new(candidates)
        email_ids = [row.pk for row in created if row.channel == Channel.EMAIL]
        in_app_users = {
            row.recipient_id
            for row in created
            if row.channel == Channel.IN_APP and row.status == Notification.Status.SENT
        }
        if email_ids:
            transaction.on_commit(lambda: _enqueue_delivery(email_ids))
        if in_app_users:
            transaction.on_commit(lambda: _broadcast_unread_counts(sorted(in_app_users)))
    return created


def _rows_for(kind: NotificationKind, message: Outgoing) -> list[Notification | None]:
    recipient = message.recipient
    address = (message.email or (recipient.email if recipient else "")).strip().lower()
    language = (
        message.language or (recipient.preferred_language if recipient else "")
    ) or settings.LANGUAGE_CODE
    now = timezone.now()
    rows = []
    for channel in sorted(kind.channels):
        if channel == Channel.EMAIL and not address:
            continue
        if channel == Channel.IN_APP and recipient is None:
            continue
        rows.append(
            Notification(
                kind=kind.key,
                channel=channel,
                recipient=recipient,
                email=address if channel == Channel.EMAIL else "",
                language=language,
                context=message.context,
                calendar=message.calendar if channel == Channel.EMAIL else "",
                idempotency_key=message.idempotency_key,
                # In-app messages are delivered by being written; they need no worker.
                status=Notification.Status.SENT
                if channel == Channel.IN_APP
                else Notification.Status.PENDING,
                finished_at=now if channel == Channel.IN_APP else None,
            )
        )
    return rows


def _mark_in_app_opt_outs(category: Category, rows: list[Notification]) -> None:
    if not category.is_optional:
        return
    in_app = [row for row in rows if row.channel == Channel.IN_APP]
    refused = set(
        NotificationOptOut.objects.filter(
            category=category, user_id__in={row.recipient_id for row in in_app}
        ).values_list("user_id", flat=True)
    )
    for row in in_app:
        if row.recipient_id in refused:
            row.status = Notification.Status.SUPPRESSED
            row.last_error = "opted out"


def _insert_new(candidates: list[Notification]) -> list[Notification]:
    """Inserts the rows whose key and channel are new; the unique constraint decides races."""
    unique = {(row.idempotency_key, row.channel): row for row in candidates}
    existing = set(
        Notification.objects.filter(
            idempotency_key__in={key for key, _channel in unique}
        ).values_list("idempotency_key", "channel")
    )
    new = [row for identity, row in unique.items() if identity not in existing]
    try:
        with transaction.atomic():
            return Notification.objects.bulk_create(new, batch_size=500)
    except IntegrityError:
        # A concurrent event enqueued one of these keys first: take them one at a time.
        created = []
        for row in new:
            with transaction.atomic():
                if not Notification.objects.filter(
                    idempotency_key=row.idempotency_key, channel=row.channel
                ).exists():
                    row.save(force_insert=True)
                    created.append(row)
        return created


def _enqueue_delivery(notification_ids: list[int]) -> None:
    from notifications.tasks import deliver_notifications

    for start in range(0, len(notification_ids), DELIVERY_BATCH):
        deliver_notifications.enqueue(notification_ids[start : start + DELIVERY_BATCH])


def _suppression_reasons(rows: list[Notification], now: datetime) -> dict[int, str]:
    """Why each row must not be sent, if it must not: in three queries for the whole batch."""
    reasons = {
        row.pk: "account deactivated"
        for row in rows
        if row.recipient is not None and not row.recipient.is_active
    }
    undeliverable = {
        address.email: address
        for address in UndeliverableAddress.objects.filter(email__in={row.email for row in rows})
    }
    optional = [row for row in rows if kind_for(row.kind).category.is_optional]
    refusals = NotificationOptOut.objects.filter(
        Q(user_id__in={row.recipient_id for row in optional if row.recipient_id})
        | Q(user__isnull=True, email__in={row.email for row in optional})
    ).values_list("user_id", "email", "category")
    refused_accounts = {(user_id, category) for user_id, _email, category in refusals if user_id}
    refused_addresses = {(email, category) for user_id, email, category in refusals if not user_id}
    suppressed_per_address: dict[str, int] = {}
    for row in rows:
        if row.pk in reasons:
            continue
        address = undeliverable.get(row.email)
        if address is not None:
            reasons[row.pk] = f"address undeliverable ({address.get_reason_display()})"
            suppressed_per_address[row.email] = suppressed_per_address.get(row.email, 0) + 1
            continue
        category = kind_for(row.kind).category
        if category.is_optional and (
            (row.recipient_id, category) in refused_accounts
            or (row.email, category) in refused_addresses
        ):
            reasons[row.pk] = "opted out"
    for email, count in suppressed_per_address.items():
        UndeliverableAddress.objects.filter(email=email).update(
            suppressed_sends=F("suppressed_sends") + count, last_suppressed_at=now
        )
    return reasons


def _claim(notification_ids: list[int], now: datetime) -> list[Notification]:
    """Reserves the due, unclaimed email rows among these: marks them sending and commits.

    Rows that must not be sent are marked suppressed instead.
    """
    with transaction.atomic():
        due = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(
                pk__in=notification_ids,
                channel=Channel.EMAIL,
                status=Notification.Status.PENDING,
            )
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("pk")
        )
        if not due:
            return []
        reasons = _suppression_reasons(due, now)
        for reason in set(reasons.values()):
            Notification.objects.filter(
                pk__in=[pk for pk, why in reasons.items() if why == reason]
            ).update(status=Notification.Status.SUPPRESSED, last_error=reason, finished_at=now)
        claimed = [row for row in due if row.pk not in reasons]
        Notification.objects.filter(pk__in=[row.pk for row in claimed]).update(
            status=Notification.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    for row in claimed:
        row.status, row.claimed_at, row.attempts = (
            Notification.Status.SENDING,
            now,
            row.attempts + 1,
        )
    return claimed


def is_temporary(error: Exception) -> bool:
    """Whether trying again later may succeed: outages, timeouts, rate limits, 4xx SMTP."""
    if isinstance(error, AnymailRecipientsRefused | smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(error, AnymailAPIError):
        status = error.status_code
        return status is None or status == 429 or status >= 500
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, smtplib.SMTPException | ConnectionError | TimeoutError | OSError)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff with jitter, so that retries after an outage do not all collide."""
    delay = min(RETRY_BASE_DELAY * 2 ** (attempts - 1), RETRY_MAX_DELAY)
    return delay * random.uniform(0.8, 1.2)


def _describe(error: Exception) -> str:
    try:
        text = str(error)
    except Exception:  # some provider errors cannot describe themselves without a response
        text = repr(error.args)
    return f"{type(error).__name__}: {text}"[:2000]


def notifications_deliver(notification_ids: list[int], *, now: datetime | None = None) -> dict:
    """Sends the due, unclaimed email rows among these, through one provider connection.

    Returns how many were sent, left for a retry, failed, taken over by another worker after
    the lease ran out, or skipped (claimed elsewhere, not due, or suppressed).
    """
    now = now or timezone.now()
    claimed = _claim(notification_ids, now)
    outcomes = {"sent": 0, "retry": 0, "failed": 0, "taken": 0}
    connection = get_connection()
    try:
        for notification in claimed:
            outcomes[_send_one(notification, connection)] += 1
    finally:
        connection.close()
    outcomes["skipped"] = len(notification_ids) - len(claimed)
    return outcomes


def _send_one(notification: Notification, connection) -> str:
    sent_at = timezone.now()
    mine = Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.SENDING, claimed_at=notification.claimed_at
    )
    # Renews the claim just before sending: a row whose lease ran out while earlier messages of
    # the batch were going out may have been taken by another worker.
    if not mine.update(claimed_at=sent_at):
        return "taken"
    sending = Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.SENDING, claimed_at=sent_at
    )
    try:
        message = build_email(notification)
        connection.send_messages([message])
    except Exception as error:
        description = _describe(error)
        if is_temporary(error) and notification.attempts < MAX_ATTEMPTS:
            sending.update(
                status=Notification.Status.PENDING,
                last_error=description,
                next_attempt_at=sent_at + retry_delay(notification.attempts),
            )
            logger.warning("Notification %s will be retried: %s", notification.pk, description)
            return "retry"
        with transaction.atomic():
            sending.update(
                status=Notification.Status.FAILED, last_error=description, finished_at=sent_at
            )
            if isinstance(error, AnymailRecipientsRefused | smtplib.SMTPRecipientsRefused):
                _address_mark_undeliverable(
                    notification.email, UndeliverableAddress.Reason.REJECTED, description
                )
        logger.error("Notification %s failed: %s", notification.pk, description)
        return "failed"
    status = getattr(message, "anymail_status", None)
    sending.update(
        status=Notification.Status.SENT,
        finished_at=timezone.now(),
        provider_message_id=(status.message_id if status and status.message_id else "")[:200],
    )
    return "sent"


def notification_retry(*, notification: Notification) -> bool:
    """A coordinator's retry of a failed or suppressed email; a fresh round of attempts."""
    with transaction.atomic():
        retried = Notification.objects.filter(
            pk=notification.pk,
            channel=Channel.EMAIL,
            status__in=[Notification.Status.FAILED, Notification.Status.SUPPRESSED],
        ).update(
            status=Notification.Status.PENDING,
            attempts=0,
            next_attempt_at=None,
            finished_at=None,
        )
        if retried:
            transaction.on_commit(lambda: _enqueue_delivery([notification.pk]))
    return bool(retried)


def notifications_withdraw(*, key_prefix: str, reason: str) -> int:
    """Stops pending messages whose event no longer holds, e.g. a cancelled registration's
    reminders. Call it in the transaction that cancels."""
    return Notification.objects.filter(
        idempotency_key__startswith=key_prefix, status=Notification.Status.PENDING
    ).update(status=Notification.Status.SUPPRESSED, last_error=reason, finished_at=timezone.now())


def notifications_release_stale(*, now: datetime) -> int:
    """Puts back in the queue the rows of workers that died while sending."""
    return Notification.objects.filter(
        status=Notification.Status.SENDING, claimed_at__lt=now - SENDING_LEASE
    ).update(
        status=Notification.Status.PENDING,
        next_attempt_at=now,
        last_error="the worker stopped while sending; sending again",
    )


def notifications_dispatch_due(*, now: datetime) -> int:
    """Enqueues delivery of pending rows that are due: retries, and rows whose task was lost."""
    due = Notification.objects.filter(
        channel=Channel.EMAIL, status=Notification.Status.PENDING
    ).filter(
        Q(next_attempt_at__lte=now)
        | Q(next_attempt_at__isnull=True, created_at__lte=now - DISPATCH_GRACE)
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True))
    _enqueue_delivery(ids)
    return len(ids)


@dataclass(frozen=True)
class TickReport:
    reminders: int
    digests: int
    released: int
    dispatched: int


def notifications_tick(*, now: datetime | None = None) -> TickReport:
    """The periodic work: due reminders and digests, stale sends, retries. Safe to run twice or
    late."""
    from notifications.digests import digests_send_due
    from notifications.reminders import reminders_enqueue_due

    now = now or timezone.now()
    reminders = reminders_enqueue_due(now=now)
    digests = digests_send_due(now=now)
    released = notifications_release_stale(now=now)
    dispatched = notifications_dispatch_due(now=now)
    return TickReport(
        reminders=reminders, digests=digests, released=released, dispatched=dispatched
    )


def notifications_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Marks the user's in-app notifications read: these, or all of them."""
    unread = Notification.objects.filter(
        recipient=user, channel=Channel.IN_APP, read_at__isnull=True
    )
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    with transaction.atomic():
        marked = unread.update(read_at=timezone.now())
        if marked:
            transaction.on_commit(lambda: _broadcast_unread_counts([user.pk]))
    return marked


def notification_preferences_set(*, user: User, wanted: set[Category]) -> None:
    """Keeps the optional categories in `wanted` and opts the account out of the others."""
    with transaction.atomic():
        for category in Category:
            if not category.is_optional:
                continue
            if category in wanted:
                NotificationOptOut.objects.filter(user=user, category=category).delete()
            else:
                NotificationOptOut.objects.get_or_create(user=user, category=category)


def unsubscribe_by_token(*, token: str) -> Category:
    """The one-click unsubscribe from an email's link: opts the account or address out."""
    try:
        payload = read_unsubscribe_token(token)
        category = Category(payload["c"])
    except (signing.BadSignature, KeyError, ValueError):
        raise InvalidUnsubscribeLink(token) from None
    if not category.is_optional:
        raise InvalidUnsubscribeLink(token)
    user = User.objects.filter(pk=payload.get("u")).first() if payload.get("u") else None
    if user is not None:
        NotificationOptOut.objects.get_or_create(user=user, category=category)
    else:
        NotificationOptOut.objects.get_or_create(
            user=None, email=payload["e"].lower(), category=category
        )
    return category


def _address_mark_undeliverable(email: str, reason: str, detail: str) -> None:
    UndeliverableAddress.objects.update_or_create(
        email=email.lower(), defaults={"reason": reason, "detail": detail[:2000]}
    )


# Provider events that mean mail to the address will not arrive, or must not be sent.
UNDELIVERABLE_EVENTS = {
    "bounced": UndeliverableAddress.Reason.BOUNCED,
    "complained": UndeliverableAddress.Reason.COMPLAINED,
    "rejected": UndeliverableAddress.Reason.REJECTED,
}


def delivery_event_record(
    *,
    event_type: str,
    recipient: str,
    description: str = "",
    notification_id: str = "",
    category: str = "",
) -> None:
    """A provider's tracking event: bounces and complaints stop later mail to the address."""
    if not recipient:
        return
    with transaction.atomic():
        reason = UNDELIVERABLE_EVENTS.get(event_type)
        if reason is not None:
            _address_mark_undeliverable(recipient, reason, description)
            if event_type == "bounced" and notification_id.isdigit():
                Notification.objects.filter(
                    pk=int(notification_id), status=Notification.Status.SENT
                ).update(status=Notification.Status.FAILED, last_error=f"bounced: {description}")
        elif (
            event_type == "unsubscribed"
            and category in Category.values
            and Category(category).is_optional
        ):
            NotificationOptOut.objects.get_or_create(
                user=None, email=recipient.lower(), category=category
            )


def address_deliverable_again(*, email: str) -> bool:
    """A coordinator confirms the address works again (the resident fixed their mailbox)."""
    deleted, _ = UndeliverableAddress.objects.filter(email=email.lower()).delete()
    return bool(deleted)
