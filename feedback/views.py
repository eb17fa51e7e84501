from django.shortcuts import get_object_or_404, render

from accounts.access import role_required
from accounts.roles import Role
from dialogues.models import Session


@role_required(Role.COMMITTEE_MEMBER)
def committee_home(request):
    return render(request, "feedback/committee_home.html")


def session_feedback(request, session_id: int):
    """Where a live session sends everyone when it ends."""
    session = get_object_or_404(Session.objects.select_related("dialogue"), pk=session_id)
    return render(request, "feedback/session_feedback.html", {"session": session})
