from django.shortcuts import render

from accounts.access import role_required
from accounts.roles import Role
from accounts.selectors import role_member_counts
from dialogues.selectors import neighborhoods_listed
from notifications.selectors import outbox_daily_counts, unreachable_people


@role_required(Role.COORDINATOR)
def coordinator_home(request):
    return render(
        request,
        "dialogues/coordinator_home.html",
        {
            "role_counts": role_member_counts(),
            "neighborhoods": neighborhoods_listed(),
            "email_today": outbox_daily_counts(days=1)[0],
            "unreachable": unreachable_people(),
        },
    )
