"""An accepted brief joins a recommendation already made, so that one ask to a department can
answer several themes; the public page then shows the recommendation under both briefs."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from feedback.committee import services
from feedback.models import Recommendation, RecommendationUpdate, ThemeBrief

pytestmark = pytest.mark.django_db

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def brief_in(data, people, title: str, status: str | None) -> ThemeBrief:
    """A routed brief, decided with `status` unless it is None (left on the docket)."""
    coordinator = people[Role.COORDINATOR]
    brief = services.brief_create(
        theme=data.housing,
        title={"en": title},
        public_summary={"en": f"{title}: what residents said."},
        proposed_ask={},
        quotes=[],
        action_ideas=[],
        by=coordinator,
    )
    services.brief_route(brief_id=brief.pk, by=coordinator)
    if status is not None:
        services.brief_decide(
            brief_id=brief.pk,
            status=status,
            rationale={"en": f"Reason for {status}."},
            by=people[Role.COMMITTEE_MEMBER],
        )
    brief.refresh_from_db()
    return brief


@pytest.fixture
def record(data, people):
    """A recommendation drafted from one accepted brief, and a second accepted brief."""
    first = brief_in(data, people, "Rents and repairs", ThemeBrief.Status.ACCEPTED)
    second = brief_in(data, people, "Heat in winter", ThemeBrief.Status.ACCEPTED)
    recommendation = services.recommendation_create(
        briefs=[first],
        title={"en": "Enforce repair orders"},
        department="Inspectional Services",
        by=people[Role.COMMITTEE_MEMBER],
    )
    return {"first": first, "second": second, "recommendation": recommendation}


def advance(recommendation: Recommendation, people, *steps: str) -> None:
    for step in steps:
        services.recommendation_update(
            recommendation_id=recommendation.pk,
            status=step,
            note={"en": f"Now {step}."},
            percent_complete=100 if step == "implemented" else 0,
            by=people[Role.COORDINATOR],
        )


def html_of(response) -> str:
    return unescape(response.content.decode())


def brief_article(html: str, brief: ThemeBrief) -> str:
    return html.split(f'id="brief-{brief.pk}"')[1].split("</article>")[0]


def join_url(brief: ThemeBrief) -> str:
    return reverse("feedback:committee_recommendation_join", args=[brief.pk])


def snapshot(recommendation: Recommendation) -> tuple:
    recommendation.refresh_from_db()
    return (
        sorted(recommendation.briefs.values_list("pk", flat=True)),
        recommendation.status,
        RecommendationUpdate.objects.filter(recommendation=recommendation).count(),
    )


@pytest.mark.parametrize("role", [Role.COMMITTEE_MEMBER, Role.COORDINATOR])
def test_an_accepted_brief_joins_through_its_page_and_shows_on_the_public_page(
    client, record, people, role
):
    second, recommendation = record["second"], record["recommendation"]
    client.force_login(people[role])
    brief_page = html_of(client.get(reverse("feedback:committee_brief", args=[second.pk])))
    # The choice says which recommendation it is: title, department and status.
    assert re.search(
        rf'<option value="{recommendation.pk}">[^<]*Enforce repair orders[^<]*'
        r"· [^<]*Inspectional Services[^<]*· Drafted</option>",
        brief_page,
    )

    response = client.post(join_url(second), {"recommendation": recommendation.pk})

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "feedback:committee_recommendation", args=[recommendation.pk]
    )
    assert set(recommendation.briefs.all()) == {record["first"], second}
    # Joining is not a step of the recommendation: its history stays as the department's.
    assert recommendation.history.count() == 1
    recommendation_page = html_of(client.get(response["Location"]))
    assert "Heat in winter" in recommendation_page

    client.logout()
    public = html_of(client.get(reverse("feedback:you_said_we_did")))
    for brief in (record["first"], second):
        article = brief_article(public, brief)
        assert "Enforce repair orders" in article
        assert "Inspectional Services" in article
    # Shown under both briefs, the recommendation keeps a single anchor.
    assert public.count(f'id="recommendation-{recommendation.pk}"') == 1


def test_joining_twice_changes_nothing(record, people):
    second, recommendation = record["second"], record["recommendation"]
    member = people[Role.COMMITTEE_MEMBER]
    services.recommendation_add_brief(
        recommendation_id=recommendation.pk, brief_id=second.pk, by=member
    )
    before = snapshot(recommendation)

    services.recommendation_add_brief(
        recommendation_id=recommendation.pk, brief_id=second.pk, by=member
    )

    assert snapshot(recommendation) == before
    assert len(before[0]) == 2


def test_a_brief_already_joined_is_not_offered_its_own_recommendation(client, record, people):
    client.force_login(people[Role.COMMITTEE_MEMBER])
    page = html_of(client.get(reverse("feedback:committee_brief", args=[record["first"].pk])))
    # The only open recommendation is its own: there is nothing to join.
    assert 'name="recommendation"' not in page
    assert "Draft the recommendation" in page


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.RESIDENT])
def test_other_roles_cannot_join(client, record, people, role):
    second, recommendation = record["second"], record["recommendation"]
    before = snapshot(recommendation)
    client.force_login(people[role])

    response = client.post(join_url(second), {"recommendation": recommendation.pk})

    assert response.status_code == 403
    with pytest.raises(services.NotAllowed):
        services.recommendation_add_brief(
            recommendation_id=recommendation.pk, brief_id=second.pk, by=people[role]
        )
    assert snapshot(recommendation) == before


@pytest.mark.parametrize(
    "status", [None, ThemeBrief.Status.MORE_INPUT, ThemeBrief.Status.NOT_ADOPTED]
)
def test_only_an_accepted_brief_joins(client, data, people, record, status):
    recommendation = record["recommendation"]
    brief = brief_in(data, people, "Not accepted", status)
    before = snapshot(recommendation)
    member = people[Role.COMMITTEE_MEMBER]

    with pytest.raises(services.WrongStage):
        services.recommendation_add_brief(
            recommendation_id=recommendation.pk, brief_id=brief.pk, by=member
        )
    client.force_login(member)
    page = html_of(client.get(reverse("feedback:committee_brief", args=[brief.pk])))
    assert 'name="recommendation"' not in page
    # Posted anyway, the service refuses and says why.
    response = client.post(join_url(brief), {"recommendation": recommendation.pk})

    assert response.status_code == 200
    assert str(services.WrongStage.message) in html_of(response)
    assert snapshot(recommendation) == before
    assert not brief.recommendations.exists()


@pytest.mark.parametrize(
    "steps",
    [
        ("sent", "responded", "declined"),
        ("sent", "responded", "adopted", "in_progress", "implemented"),
    ],
    ids=["declined", "implemented"],
)
def test_a_closed_recommendation_takes_no_more_briefs(client, record, people, steps):
    second, recommendation = record["second"], record["recommendation"]
    advance(recommendation, people, *steps)
    before = snapshot(recommendation)
    member = people[Role.COMMITTEE_MEMBER]

    with pytest.raises(services.WrongStage):
        services.recommendation_add_brief(
            recommendation_id=recommendation.pk, brief_id=second.pk, by=member
        )
    client.force_login(member)
    page = html_of(client.get(reverse("feedback:committee_brief", args=[second.pk])))
    # Not offered, and no other recommendation is open: no form at all.
    assert 'name="recommendation"' not in page
    response = client.post(join_url(second), {"recommendation": recommendation.pk})

    assert response.status_code == 200
    assert 'name="recommendation"' in html_of(response)
    assert snapshot(recommendation) == before
    assert not second.recommendations.exists()


def test_an_open_recommendation_is_offered_beside_a_closed_one(client, data, record, people):
    closed = record["recommendation"]
    advance(closed, people, "sent", "responded", "declined")
    third = brief_in(data, people, "Mold in basements", ThemeBrief.Status.ACCEPTED)
    open_one = services.recommendation_create(
        briefs=[third],
        title={"en": "Mold inspections"},
        department="Public Health",
        by=people[Role.COORDINATOR],
    )
    client.force_login(people[Role.COMMITTEE_MEMBER])

    page = html_of(client.get(reverse("feedback:committee_brief", args=[record["second"].pk])))

    assert f'<option value="{open_one.pk}">' in page
    assert f'<option value="{closed.pk}">' not in page


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_the_join_form_in_every_language(client, record, people, language):
    client.force_login(people[Role.COMMITTEE_MEMBER])
    with translation.override(language):
        url = reverse("feedback:committee_brief", args=[record["second"].pk])
    response = client.get(url)
    page = html_of(response)
    assert response.status_code == 200
    direction = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
    assert re.search(rf'<html lang="[^"]+" dir="{direction}">', page)
    assert f'<option value="{record["recommendation"].pk}">' in page
    # The label names its field, for screen readers.
    assert re.search(r'<label for="id_recommendation">', page)
