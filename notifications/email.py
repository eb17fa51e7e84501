"""Turning an outbox row into an email: multipart, in the recipient's language."""

from email.mime.text import MIMEText
from urllib.parse import urlsplit

from anymail.message import AnymailMessage
from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from notifications.kinds import Category, NotificationKind, kind_for
from notifications.models import Notification

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def delivery_language(notification: Notification) -> str:
    """The row's language, or the site's, if the city has since stopped offering it."""
    configured = dict(settings.LANGUAGES)
    return notification.language if notification.language in configured else settings.LANGUAGE_CODE


def unsubscribe_token(*, category: Category, user_id: int | None, email: str) -> str:
    # No expiry: a link in an old email must keep working.
    return signing.dumps({"c": category.value, "u": user_id, "e": email}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> dict:
    """The payload of a token; raises signing.BadSignature if it was not made here."""
    return signing.loads(token, salt=UNSUBSCRIBE_SALT)


def _unsubscribe_url(notification: Notification, kind: NotificationKind) -> str:
    token = unsubscribe_token(
        category=kind.category, user_id=notification.recipient_id, email=notification.email
    )
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def render_for(notification: Notification, template: str, **extra) -> str:
    """Renders one of the kind's templates; the caller has activated the language."""
    kind = kind_for(notification.kind)
    context = {
        **notification.context,
        "city_name": settings.CITY_NAME,
        "site_url": settings.SITE_URL,
        "recipient": notification.recipient,
        **extra,
    }
    return render_to_string(f"{kind.template_directory}/{template}", context)


def build_email(notification: Notification) -> AnymailMessage:
    kind = kind_for(notification.kind)
    headers = {
        # One ID per outbox row: a receiving server that sees a retry can tell it is the same.
        "Message-ID": f"<notification-{notification.pk}@{urlsplit(settings.SITE_URL).hostname}>",
        "Auto-Submitted": "auto-generated",
    }
    with translation.override(delivery_language(notification)):
        extra = {}
        if not kind.is_transactional:
            extra["unsubscribe_url"] = _unsubscribe_url(notification, kind)
            headers["List-Unsubscribe"] = f"<{extra['unsubscribe_url']}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        subject = " ".join(render_for(notification, "subject.txt", **extra).split())
        text = render_for(notification, "email.txt", **extra)
        html = render_for(notification, "email.html", **extra)
    message = AnymailMessage(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.email],
        headers=headers,
        tags=[kind.key],
        metadata={"notification_id": str(notification.pk), "category": kind.category.value},
    )
    message.attach_alternative(html, "text/html")
    if notification.calendar:
        part = MIMEText(notification.calendar, "calendar", "utf-8")
        part.set_param("method", "PUBLISH")
        part.add_header("Content-Disposition", "attachment", filename="dialogue.ics")
        message.attach(part)
    return message
