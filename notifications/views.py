from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.roles import Role
from notifications.email import render_for
from notifications.forms import PreferencesForm
from notifications.kinds import Category
from notifications.selectors import categories_wanted, in_app_notifications
from notifications.services import (
    InvalidUnsubscribeLink,
    notification_preferences_set,
    notifications_mark_read,
    unsubscribe_by_token,
)

PAGE_SIZE = 30


@role_required(Role.RESIDENT)
def notification_list(request):
    page = Paginator(in_app_notifications(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # Rendered now, in the reader's language, not when the message was written.
    items = [
        {"notification": notification, "html": render_for(notification, "in_app.html")}
        for notification in page
    ]
    return render(request, "notifications/list.html", {"page": page, "items": items})


@role_required(Role.RESIDENT)
@require_POST
def notifications_read(request):
    raw_ids = request.POST.getlist("notification")
    ids = [int(value) for value in raw_ids if value.isdigit()] if raw_ids else None
    notifications_mark_read(user=request.user, notification_ids=ids)
    return redirect("notifications:list")


@role_required(Role.RESIDENT)
def preferences(request):
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            notification_preferences_set(user=request.user, wanted=set(form.cleaned_data["wanted"]))
            messages.success(request, _("Your choices are saved."))
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(
            initial={"wanted": [c.value for c in categories_wanted(request.user)]}
        )
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "categories": list(Category)},
    )


# The signed token is the authority, and mail providers post the one-click unsubscribe
# (RFC 8058) without a CSRF token.
@csrf_exempt
def unsubscribe(request, token):
    if request.method != "POST":
        return render(request, "notifications/unsubscribe.html", {"token": token})
    try:
        category = unsubscribe_by_token(token=token)
    except InvalidUnsubscribeLink:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    return render(
        request,
        "notifications/unsubscribe_done.html",
        {"category": category},
    )
