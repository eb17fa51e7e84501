"""The committee's workspace: the docket, a brief's evidence and record, decisions with
reasons, the discussion, and recommendations, through the pages members use."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from feedback.committee import services
from feedback.models import BriefComment, Recommendation, ThemeBrief
from tests.helpers import translated

pytestmark = pytest.mark.django_db

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def new_brief(data, people, title: str, *, route: bool = True) -> ThemeBrief:
    brief = services.brief_create(
        theme=data.housing,
        title={"en": title},
        public_summary={"en": f"{title}: residents say rents rise and repairs wait."},
        proposed_ask={"en": "Enforce repair orders within 30 days."},
        quotes=list(data.housing.quotes.all()),
        action_ideas=[],
        by=people[Role.COORDINATOR],
    )
    if route:
        brief = services.brief_route(brief_id=brief.pk, by=people[Role.COORDINATOR])
    return brief


def decide(brief, people, status: str) -> None:
    services.brief_decide(
        brief_id=brief.pk,
        status=status,
        rationale={"en": f"Reason for {status}."},
        by=people[Role.COMMITTEE_MEMBER],
    )
    brief.refresh_from_db()


def multilingual(name: str, texts: dict[str, str]) -> dict[str, str]:
    """Form data for a MultilingualFormField: one box per configured language."""
    return {f"{name}_{index}": texts.get(code, "") for index, code in enumerate(LANGUAGE_CODES)}


def page_of(response) -> str:
    # Translations and evidence labels may hold characters that templates write escaped.
    return unescape(response.content.decode())


def decision_data(outcome: str, rationale: dict[str, str], **extra) -> dict[str, str]:
    return {"outcome": outcome, **multilingual("rationale", rationale), **extra}


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.FACILITATOR, Role.RESIDENT])
def test_only_committee_members_decide_and_comment(client, data, people, role):
    brief = new_brief(data, people, "Rents and repairs")
    client.force_login(people[role])

    decided = client.post(
        reverse("feedback:committee_brief_decide", args=[brief.pk]),
        decision_data(ThemeBrief.Status.ACCEPTED, {"en": "Strong evidence."}),
    )
    commented = client.post(
        reverse("feedback:committee_brief_comment", args=[brief.pk]), {"text": "I agree."}
    )

    assert decided.status_code == 403
    assert commented.status_code == 403
    brief.refresh_from_db()
    assert brief.status == ThemeBrief.Status.ON_DOCKET
    assert brief.history.count() == 1
    assert not BriefComment.objects.exists()


def test_coordinators_read_the_brief_without_the_forms_to_decide_or_comment(client, data, people):
    brief = new_brief(data, people, "Rents and repairs")
    client.force_login(people[Role.COORDINATOR])
    page = page_of(client.get(reverse("feedback:committee_brief", args=[brief.pk])))
    assert "Rents and repairs" in page
    assert reverse("feedback:committee_brief_decide", args=[brief.pk]) not in page
    assert reverse("feedback:committee_brief_comment", args=[brief.pk]) not in page
    # The docket itself is the committee's own page.
    assert client.get(reverse("feedback:committee_home")).status_code == 403


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.RESIDENT])
def test_facilitators_and_residents_see_no_workspace(client, data, people, role):
    brief = new_brief(data, people, "Rents and repairs")
    client.force_login(people[role])
    assert client.get(reverse("feedback:committee_home")).status_code == 403
    assert client.get(reverse("feedback:committee_brief", args=[brief.pk])).status_code == 403


def test_a_draft_is_not_in_the_workspace(client, data, people):
    draft = new_brief(data, people, "Still being written", route=False)
    client.force_login(people[Role.COMMITTEE_MEMBER])
    assert client.get(reverse("feedback:committee_brief", args=[draft.pk])).status_code == 404
    assert "Still being written" not in page_of(client.get(reverse("feedback:committee_home")))


def test_a_member_records_a_decision_with_its_reason_votes_and_minutes(client, data, people):
    brief = new_brief(data, people, "Rents and repairs")
    client.force_login(people[Role.COMMITTEE_MEMBER])
    url = reverse("feedback:committee_brief", args=[brief.pk])

    response = client.post(
        reverse("feedback:committee_brief_decide", args=[brief.pk]),
        decision_data(
            ThemeBrief.Status.ACCEPTED,
            {"en": "Repairs are a matter of health.", "es": "Las reparaciones son de salud."},
            votes_for="7",
            votes_against="1",
            abstentions="",
            minutes="Meeting of 3 March.",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == url
    change = brief.history.last()
    assert (change.status, change.by, change.votes_for, change.abstentions) == (
        ThemeBrief.Status.ACCEPTED,
        people[Role.COMMITTEE_MEMBER],
        7,
        None,
    )
    assert change.rationale == {
        "en": "Repairs are a matter of health.",
        "es": "Las reparaciones son de salud.",
    }
    page = page_of(client.get(url))
    assert "Repairs are a matter of health." in page
    assert "<dt>Votes for</dt><dd>7</dd>" in page
    assert "<dt>Votes against</dt><dd>1</dd>" in page
    # Abstentions were not recorded: they are not shown as zero.
    assert "<dt>Abstentions</dt>" not in page
    assert "Meeting of 3 March." in page
    # A decided brief offers no second decision.
    assert reverse("feedback:committee_brief_decide", args=[brief.pk]) not in page


def test_a_decision_without_a_reason_is_refused_with_the_error_shown(client, data, people):
    brief = new_brief(data, people, "Rents and repairs")
    client.force_login(people[Role.COMMITTEE_MEMBER])

    response = client.post(
        reverse("feedback:committee_brief_decide", args=[brief.pk]),
        decision_data(ThemeBrief.Status.NOT_ADOPTED, {"en": "   "}, votes_for="3"),
    )

    assert response.status_code == 200
    page = page_of(response)
    assert str(services.RationaleRequired.message) in page
    # The member's other answers stay in the form, to be completed rather than retyped.
    assert 'value="3"' in page
    brief.refresh_from_db()
    assert brief.status == ThemeBrief.Status.ON_DOCKET
    assert brief.history.count() == 1


def test_members_discuss_a_brief(client, data, people):
    brief = new_brief(data, people, "Rents and repairs")
    client.force_login(people[Role.COMMITTEE_MEMBER])

    response = client.post(
        reverse("feedback:committee_brief_comment", args=[brief.pk]),
        {"text": "Can we hear from the tenants' union?"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#discussion")
    page = page_of(client.get(reverse("feedback:committee_brief", args=[brief.pk])))
    assert "Can we hear from the tenants' union?" in page
    assert "Advisory committee member Person" in page
    docket = page_of(client.get(reverse("feedback:committee_home")))
    assert "<dt>Comments</dt><dd>1</dd>" in docket


def test_the_docket_groups_briefs_by_status(client, data, people):
    accepted = new_brief(data, people, "Accepted brief")
    decide(accepted, people, ThemeBrief.Status.ACCEPTED)
    more_input = new_brief(data, people, "Brief needing input")
    decide(more_input, people, ThemeBrief.Status.MORE_INPUT)
    refused = new_brief(data, people, "Refused brief")
    decide(refused, people, ThemeBrief.Status.NOT_ADOPTED)
    new_brief(data, people, "Waiting brief")
    client.force_login(people[Role.COMMITTEE_MEMBER])

    page = page_of(client.get(reverse("feedback:committee_home")))

    headings = [
        page.index(f'id="docket-{status}"')
        for status in ("on_docket", "more_input", "accepted", "not_adopted")
    ]
    assert headings == sorted(headings)
    titles = [
        page.index(title)
        for title in ("Waiting brief", "Brief needing input", "Accepted brief", "Refused brief")
    ]
    # Each brief sits in its own status's group, which come in docket order.
    assert headings[0] < titles[0] < headings[1] < titles[1] < headings[2]
    assert headings[2] < titles[2] < headings[3] < titles[3]
    assert f'href="{reverse("feedback:committee_brief", args=[accepted.pk])}"' in page
    assert f'href="{reverse("feedback:summaries")}"' in page


def test_the_brief_page_shows_the_evidence_with_hidden_cells_and_the_history(client, data, people):
    brief = new_brief(data, people, "Rents and repairs")
    decide(brief, people, ThemeBrief.Status.MORE_INPUT)
    brief = services.brief_route(brief_id=brief.pk, by=people[Role.COORDINATOR])
    client.force_login(people[Role.COMMITTEE_MEMBER])

    page = page_of(client.get(reverse("feedback:committee_brief", args=[brief.pk])))

    assert "Rents and repairs: residents say rents rise" in page
    assert "Enforce repair orders within 30 days." in page
    assert 'id="chart-brief-months"' in page
    assert 'id="chart-brief-neighborhoods"' in page
    # Three attendees from the Middle East or North Africa in Roxbury: hidden, never counted.
    mena_row = page[page.index('<th scope="row">Middle Eastern or North African') :]
    mena_row = mena_row[: mena_row.index("</tr>")]
    assert "<td><11</td>" in mena_row
    assert "<td>3</td>" not in mena_row
    assert "The rent went up again and the landlord will not fix the heat." in page
    history = page[page.index('id="history-title"') : page.index('id="discussion-title"')]
    assert history.count('class="card history__entry"') == 3
    assert "Reason for more_input." in history
    assert "Coordinator Person" in history
    # Residents' names and addresses from the dataset never reach the workspace.
    assert "Resident Person" not in page
    assert "@example.org" not in page


def test_a_recommendation_is_drafted_and_advanced_through_the_pages(client, data, people):
    brief = new_brief(data, people, "Rents and repairs")
    decide(brief, people, ThemeBrief.Status.ACCEPTED)
    client.force_login(people[Role.COMMITTEE_MEMBER])

    created = client.post(
        reverse("feedback:committee_recommendation_create", args=[brief.pk]),
        {**multilingual("title", {"en": "Repair orders in 30 days"}), "department": "Housing"},
    )

    recommendation = Recommendation.objects.get()
    url = reverse("feedback:committee_recommendation", args=[recommendation.pk])
    assert created.status_code == 302
    assert created["Location"] == url
    assert list(recommendation.briefs.all()) == [brief]
    assert recommendation.department == "Housing"

    sent = client.post(
        url,
        {
            "status": "sent",
            **multilingual("note", {"en": "Sent by letter."}),
            "percent_complete": "0",
        },
    )
    assert sent.status_code == 302
    # A step that does not follow from "sent" is not offered, and nothing changes.
    skipped = client.post(
        url, {"status": "implemented", **multilingual("note", {}), "percent_complete": "100"}
    )
    assert skipped.status_code == 200
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.SENT
    assert recommendation.history.count() == 2

    page = page_of(client.get(url))
    assert "Sent by letter." in page
    assert '<option value="responded">' in page
    assert '<option value="implemented">' not in page
    brief_page = page_of(client.get(reverse("feedback:committee_brief", args=[brief.pk])))
    assert f'href="{url}"' in brief_page
    # Once implemented, the history is complete and no further step is offered.
    for step, percent in (
        ("responded", 0),
        ("adopted", 0),
        ("in_progress", 40),
        ("implemented", 40),
    ):
        client.post(url, {"status": step, **multilingual("note", {}), "percent_complete": percent})
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.percent_complete) == ("implemented", 100)
    final = page_of(client.get(url))
    assert final.count('class="card history__entry"') == 6
    assert "Add the step" not in final


def test_a_decline_without_the_departments_reason_is_refused(client, data, people):
    brief = new_brief(data, people, "Rents and repairs")
    decide(brief, people, ThemeBrief.Status.ACCEPTED)
    recommendation = services.recommendation_create(
        briefs=[brief], title={"en": "Repairs"}, department="Housing", by=people[Role.COORDINATOR]
    )
    for step in ("sent", "responded"):
        services.recommendation_update(
            recommendation_id=recommendation.pk, status=step, note={}, by=people[Role.COORDINATOR]
        )
    client.force_login(people[Role.COMMITTEE_MEMBER])
    url = reverse("feedback:committee_recommendation", args=[recommendation.pk])

    response = client.post(
        url, {"status": "declined", **multilingual("note", {}), "percent_complete": "0"}
    )

    assert str(services.RationaleRequired.message) in page_of(response)
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.RESPONDED


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_the_workspace_pages_work_in_every_language(client, data, people, language):
    brief = new_brief(data, people, "Rents and repairs")
    decide(brief, people, ThemeBrief.Status.ACCEPTED)
    recommendation = services.recommendation_create(
        briefs=[brief], title={"en": "Repairs"}, department="Housing", by=people[Role.COORDINATOR]
    )
    client.force_login(people[Role.COMMITTEE_MEMBER])
    with translation.override(language):
        urls = [
            reverse("feedback:committee_home"),
            reverse("feedback:committee_brief", args=[brief.pk]),
            reverse("feedback:committee_recommendation", args=[recommendation.pk]),
        ]
    for url in urls:
        response = client.get(url)
        html = page_of(response)
        assert response.status_code == 200, url
        direction = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
        assert re.search(rf'<html lang="[^"]+" dir="{direction}">', html), url
        assert translated(language, "Committee docket") in html
