"""The facilitator, interpreter and staffing pages in every configured language, right to left
where the language is: each page's heading comes from the catalog."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from facilitators.models import Assignment, AssignmentPlan, InterpreterProfile
from facilitators.services import assignment_plan_publish, assignment_plan_solve
from tests.factories import DialogueFactory, evening, facilitator, user_with_role
from tests.helpers import translated

pytestmark = pytest.mark.django_db

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def staffed():
    coordinator = user_with_role(Role.COORDINATOR)
    lead = facilitator()
    facilitator()
    # One dialogue it can staff and one in a language nobody facilitates in, so that the
    # plan page shows a team and a reason.
    DialogueFactory(sessions__starts_at=evening(10))
    DialogueFactory(sessions__starts_at=evening(11), primary_language__code="vi")
    today = timezone.localdate()
    plan = AssignmentPlan.objects.create(
        scope=AssignmentPlan.Scope.PERIOD,
        first_day=today,
        last_day=today + timedelta(days=30),
        created_by=coordinator,
    )
    assignment_plan_solve(plan_id=plan.pk)
    draft = AssignmentPlan.objects.create(
        scope=AssignmentPlan.Scope.PERIOD,
        first_day=today,
        last_day=today + timedelta(days=30),
        created_by=coordinator,
    )
    assignment_plan_solve(plan_id=draft.pk)
    assignment_plan_publish(plan_id=plan.pk, by=coordinator)
    interpreter = user_with_role(Role.INTERPRETER)
    InterpreterProfile.objects.create(user=interpreter)
    return {"coordinator": coordinator, "lead": lead, "interpreter": interpreter, "plan": draft}


def pages(staffed):
    return [
        ("lead", "facilitators:facilitator_home", [], "Facilitator area"),
        ("lead", "facilitators:facilitator_details", [], "Your facilitator details"),
        ("lead", "facilitators:availability", [], "When you can work"),
        ("interpreter", "facilitators:interpreter_home", [], "Interpreter area"),
        ("coordinator", "facilitators:staffing_home", [], "Staffing"),
        ("coordinator", "facilitators:plan_detail", [staffed["plan"].pk], "Assignment plan"),
        ("coordinator", "facilitators:training_matrix", [], "Training matrix"),
    ]


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_staffing_pages_render_in_every_language(client, staffed, language):
    for who, name, args, heading in pages(staffed):
        client.force_login(staffed[who])
        with translation.override(language):
            url = reverse(name, args=args)
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert f"<h1>{translated(language, heading)}</h1>" in body, (language, url)
        expected_dir = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
        assert f'dir="{expected_dir}"' in body


def test_the_reply_page_renders_in_every_language(client, staffed):
    from facilitators.messages import response_token

    assignment = Assignment.objects.filter(person=staffed["lead"]).first()
    for language in LANGUAGE_CODES:
        with translation.override(language):
            url = reverse("facilitators:assignment_respond", args=[response_token(assignment)])
        body = client.get(url).content.decode()
        assert translated(language, "Your reply") in body


REASONS = {
    "no_speaker": {"language": "vi"},
    "no_certified_speaker": {"language": "vi", "starts": "2027-03-02T23:00:00+00:00"},
    "no_free_speaker": {"language": "vi", "starts": "2027-03-02T23:00:00+00:00"},
    "monthly_max": {"month": "2027-03"},
    "no_free_lead": {"starts": "2027-03-02T23:00:00+00:00"},
    "too_few_free": {"starts": "2027-03-02T23:00:00+00:00", "free": 1, "needed": 2},
    "taken": {"candidates": 4},
    "no_interpreter_pair": {"source": "en", "target": "ase"},
    "no_free_interpreter": {
        "source": "en",
        "target": "ht",
        "starts": "2027-03-02T23:00:00+00:00",
        "free": 1,
        "needed": 2,
    },
    "interpreters_taken": {"source": "en", "target": "ht", "free": 2, "needed": 2},
}
VIOLATIONS = {
    "team_size": {"size": 1, "needed": 2},
    "no_speaker_on_team": {"language": "vi"},
    "not_certified": {"day": "2027-03-02"},
    "may_not_lead": {"day": "2027-03-02"},
    "no_window": {"starts": "2027-03-02T23:00:00+00:00"},
    "blackout": {"day": "2027-03-02"},
    "busy": {"starts": "2027-03-02T23:00:00+00:00"},
    "overlap": {"starts": "2027-03-02T23:00:00+00:00"},
    "travel": {"starts": "2027-03-02T23:00:00+00:00"},
    "monthly_max": {"total": 5, "month": "2027-03", "maximum": 4},
    "declined": {},
    "twice": {},
    "required_missing": {},
    "not_facilitator": {},
}


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_every_reason_and_warning_is_worded_in_every_language(language):
    from facilitators.wording import reason_text, violation_text

    person = facilitator(display_name="Ana")
    with translation.override(language):
        for code, params in REASONS.items():
            text = reason_text(code, params)
            assert f"({code})" not in text, (code, text)
        assert "Vietnamese" in reason_text("no_speaker", REASONS["no_speaker"]) or (
            language != "en"
        )
        for code, params in VIOLATIONS.items():
            text = violation_text(code, {"person": person.pk, **params})
            assert f"({code})" not in text
            assert code in ("team_size", "no_speaker_on_team") or "Ana" in text
