"""The coordinators' report-back page: how soon each dialogue's residents heard back."""

from django.shortcuts import render
from django.utils import timezone, translation

from accounts.access import role_required
from accounts.roles import Role
from feedback.committee.accountability import figures_for_reader, report_back_by_dialogue


@role_required(Role.COORDINATOR)
def report_back(request):
    now = timezone.now()
    language = translation.get_language()
    return render(
        request,
        "feedback/committee/coordinator/report_back.html",
        {
            "reader_figures": figures_for_reader(now=now, language=language),
            "rows": report_back_by_dialogue(now=now, language=language),
        },
    )
