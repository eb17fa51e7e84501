from django.shortcuts import render

from accounts.access import role_required
from accounts.roles import Role


@role_required(Role.FACILITATOR)
def facilitator_home(request):
    return render(request, "facilitators/facilitator_home.html")


@role_required(Role.INTERPRETER)
def interpreter_home(request):
    return render(request, "facilitators/interpreter_home.html")
