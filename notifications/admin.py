from django.contrib import admin, messages
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import User
from notifications.kinds import Channel
from notifications.models import Notification, NotificationOptOut, UndeliverableAddress
from notifications.selectors import outbox_daily_counts
from notifications.services import address_deliverable_again, notification_retry

DAYS_SHOWN = 14


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox: what was sent to whom, what failed and why, with a retry for failures."""

    change_list_template = "admin/notifications/notification/change_list.html"
    list_display = [
        "created_at",
        "kind",
        "channel",
        "addressee",
        "language",
        "status",
        "attempts",
        "finished_at",
    ]
    list_filter = ["status", "kind", "channel", "language"]
    search_fields = ["email", "recipient__email", "idempotency_key"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    actions = ["retry_selected"]
    fields = [
        "kind",
        "channel",
        "recipient",
        "email",
        "language",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "claimed_at",
        "created_at",
        "finished_at",
        "provider_message_id",
        "read_at",
        "idempotency_key",
    ]
    # The context may hold personal details, and the outbox is a record: nothing is edited here.
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("to"))
    def addressee(self, notification):
        return notification.email or notification.recipient

    def get_list_display(self, request):
        csrf_token = get_token(request)

        # Bound to this request: a one-click retry is a POST, with this request's CSRF token.
        @admin.display(description=_("retry"))
        def retry_button(notification):
            if notification.channel != Channel.EMAIL or notification.status not in (
                Notification.Status.FAILED,
                Notification.Status.SUPPRESSED,
            ):
                return ""
            return format_html(
                '<form method="post" action="{}"><input type="hidden" '
                'name="csrfmiddlewaretoken" value="{}"><button type="submit">{}</button></form>',
                reverse("admin:notifications_notification_retry", args=[notification.pk]),
                csrf_token,
                _("Retry"),
            )

        return [*self.list_display, retry_button]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "daily_counts": outbox_daily_counts(days=DAYS_SHOWN),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        retry = self.admin_site.admin_view(require_POST(self.retry_view))
        return [
            path("<int:pk>/retry/", retry, name="notifications_notification_retry"),
            *super().get_urls(),
        ]

    def retry_view(self, request, pk):
        notification = get_object_or_404(Notification, pk=pk)
        if notification_retry(notification=notification):
            messages.success(request, _("The message is back in the queue."))
        else:
            messages.warning(request, _("Only failed or suppressed emails can be retried."))
        return redirect("admin:notifications_notification_changelist")

    @admin.action(description=_("Retry the selected failed or suppressed emails"))
    def retry_selected(self, request, queryset):
        retried = sum(notification_retry(notification=notification) for notification in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message is back in the queue.",
                "%(count)d messages are back in the queue.",
                retried,
            )
            % {"count": retried},
            messages.SUCCESS,
        )


@admin.register(UndeliverableAddress)
class UndeliverableAddressAdmin(admin.ModelAdmin):
    """Who cannot be reached by email, and how many messages did not go to them."""

    list_display = [
        "email",
        "account",
        "reason",
        "recorded_at",
        "suppressed_sends",
        "last_suppressed_at",
    ]
    list_filter = ["reason"]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "reason",
        "detail",
        "recorded_at",
        "suppressed_sends",
        "last_suppressed_at",
    ]
    actions = ["allow_sending_again"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("account"))
    def account(self, address):
        return User.objects.filter(email__iexact=address.email).first() or "—"

    @admin.action(description=_("The address works again: allow sending to it"))
    def allow_sending_again(self, request, queryset):
        for address in queryset:
            address_deliverable_again(email=address.email)


@admin.register(NotificationOptOut)
class NotificationOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "category", "created_at"]
    list_filter = ["category"]
    search_fields = ["email", "user__email"]
    readonly_fields = ["user", "email", "category", "created_at"]

    def has_add_permission(self, request):
        return False
