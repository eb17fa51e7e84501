"""Decisions with reasons, and a history nobody can rewrite."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.roles import Role
from feedback.committee import services
from feedback.models import BriefStatusChange, Recommendation, RecommendationUpdate, ThemeBrief
from tests.factories import user_with_role
from tests.feedback.summary_data import build_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        role: user_with_role(role, password=None)
        for role in (Role.COORDINATOR, Role.COMMITTEE_MEMBER, Role.FACILITATOR, Role.RESIDENT)
    }


def routed_brief(people) -> ThemeBrief:
    data = build_dataset()
    brief = services.brief_create(
        theme=data.housing,
        title={"en": "Rents and repairs"},
        public_summary={"en": "Residents in two neighborhoods say rents rise and repairs wait."},
        proposed_ask={"en": "Enforce repair orders within 30 days."},
        quotes=list(data.housing.quotes.all()),
        action_ideas=[],
        by=people[Role.COORDINATOR],
    )
    return services.brief_route(brief_id=brief.pk, by=people[Role.COORDINATOR])


def test_routing_puts_the_brief_on_the_docket_with_only_published_evidence(people):
    brief = routed_brief(people)

    assert brief.status == ThemeBrief.Status.ON_DOCKET
    assert brief.evidence["items"] == 4
    assert brief.evidence["neighborhoods"] == {"Roxbury": 2, "Dorchester": 2}
    # Three MENA attendees in Roxbury: the evidence keeps the hidden cell hidden.
    who = brief.evidence["who_came"]
    mena = who["groups"].index("mena")
    roxbury = who["neighborhoods"].index("Roxbury")
    assert who["cells"][mena][roxbury] is None
    assert [change.status for change in brief.history.all()] == ["on_docket"]
    assert brief.quotes.count() == 1


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.FACILITATOR, Role.RESIDENT])
def test_only_committee_members_decide(people, role):
    brief = routed_brief(people)
    with pytest.raises(services.NotAllowed):
        services.brief_decide(
            brief_id=brief.pk,
            status=ThemeBrief.Status.ACCEPTED,
            rationale={"en": "Strong evidence."},
            by=people[role],
        )
    brief.refresh_from_db()
    assert brief.status == ThemeBrief.Status.ON_DOCKET
    assert brief.history.count() == 1


def test_a_decision_without_a_reason_is_refused(people):
    brief = routed_brief(people)
    for rationale in ({}, {"en": "   "}):
        with pytest.raises(services.RationaleRequired):
            services.brief_decide(
                brief_id=brief.pk,
                status=ThemeBrief.Status.NOT_ADOPTED,
                rationale=rationale,
                by=people[Role.COMMITTEE_MEMBER],
            )
    assert ThemeBrief.objects.get(pk=brief.pk).status == ThemeBrief.Status.ON_DOCKET
    # The database refuses it too, whatever code writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        BriefStatusChange.objects.create(
            brief=brief, status=ThemeBrief.Status.NOT_ADOPTED, by=people[Role.COMMITTEE_MEMBER]
        )


def test_a_decision_is_recorded_with_who_when_why_and_votes(people):
    brief = routed_brief(people)
    member = people[Role.COMMITTEE_MEMBER]
    change = services.brief_decide(
        brief_id=brief.pk,
        status=ThemeBrief.Status.ACCEPTED,
        rationale={"en": "Repairs are a matter of health; the evidence is consistent."},
        votes_for=7,
        votes_against=1,
        abstentions=1,
        minutes="Meeting of the committee.",
        by=member,
    )
    assert (change.by, change.votes_for, change.status) == (member, 7, "accepted")
    assert ThemeBrief.objects.get(pk=brief.pk).status == ThemeBrief.Status.ACCEPTED
    # A decided brief is not decided again.
    with pytest.raises(services.WrongStage):
        services.brief_decide(
            brief_id=brief.pk,
            status=ThemeBrief.Status.NOT_ADOPTED,
            rationale={"en": "Changed our minds."},
            by=member,
        )


def test_more_input_sends_the_brief_back_to_the_coordinators(people):
    brief = routed_brief(people)
    services.brief_decide(
        brief_id=brief.pk,
        status=ThemeBrief.Status.MORE_INPUT,
        rationale={"en": "We need to hear from East Boston."},
        by=people[Role.COMMITTEE_MEMBER],
    )
    again = services.brief_route(brief_id=brief.pk, by=people[Role.COORDINATOR])
    assert [c.status for c in again.history.all()] == ["on_docket", "more_input", "on_docket"]


def test_the_history_cannot_be_edited_or_deleted(people, client):
    brief = routed_brief(people)
    change = services.brief_decide(
        brief_id=brief.pk,
        status=ThemeBrief.Status.ACCEPTED,
        rationale={"en": "Consistent evidence."},
        by=people[Role.COMMITTEE_MEMBER],
    )
    change.rationale = {"en": "Something else."}
    with pytest.raises(PermissionError):
        change.save()
    with pytest.raises(PermissionError):
        change.delete()
    with pytest.raises(PermissionError):
        BriefStatusChange.objects.filter(pk=change.pk).update(rationale={"en": "x"})
    with pytest.raises(PermissionError):
        BriefStatusChange.objects.all().delete()
    assert BriefStatusChange.objects.get(pk=change.pk).rationale == {"en": "Consistent evidence."}

    client.force_login(people[Role.COORDINATOR])
    change_url = reverse("admin:feedback_briefstatuschange_change", args=[change.pk])
    delete_url = reverse("admin:feedback_briefstatuschange_delete", args=[change.pk])
    assert client.get(change_url).status_code == 200  # readable
    assert client.post(change_url, {"minutes": "rewritten"}).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert BriefStatusChange.objects.get(pk=change.pk).minutes == ""


def test_recommendations_follow_accepted_briefs_and_record_every_step(people):
    brief = routed_brief(people)
    coordinator = people[Role.COORDINATOR]
    with pytest.raises(services.WrongStage):
        services.recommendation_create(
            briefs=[brief],
            title={"en": "Repairs"},
            department="Inspectional Services",
            by=coordinator,
        )
    services.brief_decide(
        brief_id=brief.pk,
        status=ThemeBrief.Status.ACCEPTED,
        rationale={"en": "Consistent evidence."},
        by=people[Role.COMMITTEE_MEMBER],
    )
    brief.refresh_from_db()
    recommendation = services.recommendation_create(
        briefs=[brief], title={"en": "Repairs"}, department="Inspectional Services", by=coordinator
    )
    for status, percent in [("sent", 0), ("responded", 0), ("adopted", 0), ("in_progress", 40)]:
        services.recommendation_update(
            recommendation_id=recommendation.pk,
            status=status,
            note={"en": f"Now {status}."},
            percent_complete=percent,
            by=coordinator,
        )
    with pytest.raises(services.WrongStage):
        services.recommendation_update(
            recommendation_id=recommendation.pk,
            status="in_progress",
            note={},
            percent_complete=20,
            by=coordinator,
        )
    services.recommendation_update(
        recommendation_id=recommendation.pk, status="implemented", note={}, by=coordinator
    )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.percent_complete) == ("implemented", 100)
    assert [u.status for u in recommendation.history.all()] == [
        "drafted",
        "sent",
        "responded",
        "adopted",
        "in_progress",
        "implemented",
    ]
    with pytest.raises(PermissionError):
        RecommendationUpdate.objects.filter(recommendation=recommendation).delete()


def test_a_department_decline_needs_its_reason(people):
    brief = routed_brief(people)
    services.brief_decide(
        brief_id=brief.pk,
        status=ThemeBrief.Status.ACCEPTED,
        rationale={"en": "Consistent evidence."},
        by=people[Role.COMMITTEE_MEMBER],
    )
    brief.refresh_from_db()
    coordinator = people[Role.COORDINATOR]
    recommendation = services.recommendation_create(
        briefs=[brief], title={"en": "Repairs"}, department="Housing", by=coordinator
    )
    for status in ("sent", "responded"):
        services.recommendation_update(
            recommendation_id=recommendation.pk, status=status, note={}, by=coordinator
        )
    with pytest.raises(services.RationaleRequired):
        services.recommendation_update(
            recommendation_id=recommendation.pk, status="declined", note={}, by=coordinator
        )
    assert Recommendation.objects.get(pk=recommendation.pk).status == "responded"
