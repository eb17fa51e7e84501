from django.shortcuts import render

from accounts.access import role_required
from accounts.roles import Role


@role_required(Role.COMMITTEE_MEMBER)
def committee_home(request):
    return render(request, "feedback/committee_home.html")
