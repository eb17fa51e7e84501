import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from accounts.access import role_required
from accounts.roles import Role
from commonground.formatting import city_time_zone, format_date_local
from feedback.committee.selectors import docket
from feedback.summaries import presentation
from feedback.summaries.forms import SummaryFilterForm
from feedback.summaries.selectors import summary, visible_dialogue_ids

READERS = (Role.COORDINATOR, Role.COMMITTEE_MEMBER, Role.FACILITATOR)


@role_required(Role.COMMITTEE_MEMBER)
def committee_home(request):
    """The committee's docket: every routed brief, grouped by status."""
    return render(request, "feedback/committee_home.html", {"docket": docket()})


def _summary_for(request):
    today = timezone.localtime(timezone.now(), city_time_zone()).date()
    form = SummaryFilterForm(request.GET or None, today=today)
    restricted_to = visible_dialogue_ids(request.user)
    return form, summary(form.filters(restricted_to)), restricted_to is not None


@role_required(*READERS)
def summaries(request):
    form, data, only_own = _summary_for(request)
    language = translation.get_language()
    return render(
        request,
        "feedback/summaries/summary.html",
        {
            "form": form,
            "summary": data,
            "only_own": only_own,
            "charts": presentation.summary_charts(data, language),
            "participation": presentation.participation_table(data, language),
            "period": (
                format_date_local(data.filters.start, language=language),
                format_date_local(data.filters.end, language=language),
            ),
            "selected_theme": (
                presentation.theme_name(data.filters.theme, language) if data.filters.theme else ""
            ),
            "csv_query": request.GET.urlencode(),
        },
    )


@role_required(*READERS)
def summaries_csv(request):
    _form, data, _only_own = _summary_for(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"feedback-summary-{data.filters.start}-{data.filters.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark, so that spreadsheet programs read accents and scripts as UTF-8.
    response.write("\ufeff")
    csv.writer(response).writerows(presentation.csv_rows(data, translation.get_language()))
    return response
