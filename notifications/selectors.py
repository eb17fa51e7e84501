from datetime import date, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, QuerySet
from django.db.models.functions import Lower, TruncDate
from django.utils import timezone

from accounts.models import User
from commonground.formatting import city_time_zone
from notifications.kinds import Category, Channel
from notifications.models import Notification, NotificationOptOut, UndeliverableAddress


def _unread() -> QuerySet[Notification]:
    return Notification.objects.filter(
        channel=Channel.IN_APP, status=Notification.Status.SENT, read_at__isnull=True
    )


def unread_count(user: AbstractBaseUser) -> int:
    return _unread().filter(recipient_id=user.pk).count()


def unread_counts(user_ids: list[int]) -> dict[int, int]:
    """Each account's unread count, in one query: a digest may reach thousands at once."""
    counts = dict(
        _unread()
        .filter(recipient_id__in=user_ids)
        .values("recipient_id")
        .annotate(unread=Count("id"))
        .values_list("recipient_id", "unread")
    )
    return {user_id: counts.get(user_id, 0) for user_id in user_ids}


def in_app_notifications(user: AbstractBaseUser) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(
            recipient_id=user.pk, channel=Channel.IN_APP, status=Notification.Status.SENT
        )
        .select_related("recipient")
        .order_by("-created_at", "-id")
    )


def categories_wanted(user: AbstractBaseUser) -> set[Category]:
    """The optional categories the account still receives."""
    refused = set(
        NotificationOptOut.objects.filter(user_id=user.pk).values_list("category", flat=True)
    )
    return {category for category in Category if category.is_optional} - {
        Category(value) for value in refused
    }


def outbox_daily_counts(*, days: int) -> list[dict]:
    """Per day in the city's time zone, newest first: emails sent, failed and suppressed."""
    today = timezone.now().astimezone(city_time_zone()).date()
    first_day = today - timedelta(days=days - 1)
    finished = (
        Notification.objects.filter(
            channel=Channel.EMAIL,
            status__in=[
                Notification.Status.SENT,
                Notification.Status.FAILED,
                Notification.Status.SUPPRESSED,
            ],
            finished_at__date__gte=first_day - timedelta(days=1),
        )
        .annotate(day=TruncDate("finished_at", tzinfo=city_time_zone()))
        .values("day", "status")
        .annotate(count=Count("id"))
    )
    counts: dict[date, dict[str, int]] = {}
    for row in finished:
        if row["day"] >= first_day:
            counts.setdefault(row["day"], {})[row["status"]] = row["count"]
    return [
        {
            "day": day,
            "sent": counts.get(day, {}).get(Notification.Status.SENT, 0),
            "failed": counts.get(day, {}).get(Notification.Status.FAILED, 0),
            "suppressed": counts.get(day, {}).get(Notification.Status.SUPPRESSED, 0),
        }
        for day in (today - timedelta(days=offset) for offset in range(days))
    ]


def unreachable_people() -> list[dict]:
    """Addresses mail cannot reach, with the account that uses each, if any."""
    addresses = list(UndeliverableAddress.objects.order_by("-recorded_at"))
    accounts = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email")).filter(
            email_lower__in=[address.email for address in addresses]
        )
    }
    return [{"address": address, "account": accounts.get(address.email)} for address in addresses]
