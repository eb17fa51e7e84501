"""The public "You said, we did" page and its Atom feed: decisions with reasons, what followed,
where the words came from, and nothing that names or reaches anyone."""

import re
from html import unescape
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from accounts.roles import Role
from dialogues.models import Neighborhood, Registration
from feedback.committee import services
from feedback.models import (
    BriefStatusChange,
    FeedbackItem,
    RecommendationUpdate,
    Theme,
    ThemeBrief,
    ThemeTag,
)
from tests.factories import user_with_role
from tests.feedback.summary_data import build_dataset

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PHONE = "+1 617 555 0199"
ACCEPTED_REASON = {
    "en": "Families wait months for repairs.",
    "es": "Las familias esperan meses las reparaciones.",
}
DECLINED_REASON = "The transit authority already funds this route."


@pytest.fixture
def record():
    """Two routed and decided briefs, a draft, and a recommendation in progress, made by
    people whose names, emails and phone numbers must never reach the public."""
    data = build_dataset()
    coordinator = user_with_role(
        Role.COORDINATOR,
        password=None,
        display_name="Carmen Coordinator",
        email="carmen.coordinator@example.org",
    )
    member = user_with_role(
        Role.COMMITTEE_MEMBER,
        password=None,
        display_name="Mateo Member",
        email="mateo.member@example.org",
    )
    user_with_role(
        Role.FACILITATOR,
        password=None,
        display_name="Fatima Facilitator",
        email="fatima.facilitator@example.org",
    )
    Registration.objects.filter(pk=Registration.objects.order_by("pk").first().pk).update(
        phone=PHONE
    )
    roxbury = Neighborhood.objects.get(name="Roxbury")
    climate = Theme.objects.get(slug="climate-transportation")
    ThemeTag.objects.create(
        item=FeedbackItem.objects.filter(neighborhood=roxbury).first(),
        theme=climate,
        status=ThemeTag.Status.CONFIRMED,
        decided_by=coordinator,
        decided_at=timezone.now(),
    )

    housing = services.brief_create(
        theme=data.housing,
        title={"en": "Rents and repairs", "es": "Alquileres y reparaciones"},
        public_summary={
            "en": "Residents say rents rise and repairs wait.",
            "es": "Los vecinos dicen que los alquileres suben y las reparaciones esperan.",
        },
        proposed_ask={"en": "Enforce repair orders within 30 days."},
        quotes=[],
        action_ideas=[],
        by=coordinator,
    )
    services.brief_route(brief_id=housing.pk, by=coordinator)
    services.brief_decide(
        brief_id=housing.pk,
        status=ThemeBrief.Status.ACCEPTED,
        rationale=ACCEPTED_REASON,
        votes_for=5,
        votes_against=1,
        abstentions=0,
        minutes="Mateo Member moved, Carmen Coordinator seconded.",
        by=member,
    )
    housing.refresh_from_db()
    recommendation = services.recommendation_create(
        briefs=[housing],
        title={"en": "Enforce repair orders"},
        department="Inspectional Services",
        by=member,
    )
    for status, note, percent in [
        ("sent", {"en": "Sent to the department."}, 0),
        ("responded", {"en": "The department answered within two weeks."}, 0),
        ("adopted", {}, 0),
        ("in_progress", {"en": "Four inspectors hired."}, 40),
    ]:
        services.recommendation_update(
            recommendation_id=recommendation.pk,
            status=status,
            note=note,
            percent_complete=percent,
            by=coordinator,
        )

    buses = services.brief_create(
        theme=climate,
        title={"en": "Buses in the heat"},
        public_summary={"en": "Bus stops have no shade."},
        proposed_ask={},
        quotes=[],
        action_ideas=[],
        by=coordinator,
    )
    services.brief_route(brief_id=buses.pk, by=coordinator)
    services.brief_decide(
        brief_id=buses.pk,
        status=ThemeBrief.Status.NOT_ADOPTED,
        rationale={"en": DECLINED_REASON},
        by=member,
    )
    draft = services.brief_create(
        theme=data.policing,
        title={"en": "Unfinished draft about stops"},
        public_summary={"en": "Not ready for anyone to read."},
        proposed_ask={},
        quotes=[],
        action_ideas=[],
        by=coordinator,
    )
    return {
        "data": data,
        "housing": housing,
        "buses": buses,
        "draft": draft,
        "recommendation": recommendation,
        "private": [
            "Carmen Coordinator",
            "carmen.coordinator@example.org",
            "Mateo Member",
            "mateo.member@example.org",
            "Fatima Facilitator",
            "fatima.facilitator@example.org",
            "Resident Person",
            data.coordinator_user.email,
            PHONE,
            "@example.org",
        ],
    }


def url(name: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"feedback:{name}")


def page(client, language: str = "en", **filters) -> str:
    response = client.get(url("you_said_we_did", language), filters)
    assert response.status_code == 200
    return unescape(response.content.decode())


def feed(client, language: str = "en") -> ElementTree.Element:
    response = client.get(url("you_said_we_did_feed", language))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_personal_data_on_the_page_or_in_the_feed(client, record, language):
    html = page(client, language)
    atom = ElementTree.tostring(feed(client, language), encoding="unicode")
    # The record is there: the test would otherwise pass on an empty page.
    assert f'id="brief-{record["housing"].pk}"' in html
    assert "Inspectional Services" in html and "Inspectional Services" in atom
    for private in record["private"]:
        assert private not in html, private
        assert private not in atom, private
    # Minutes may name people: they stay with the committee.
    assert "seconded" not in html and "seconded" not in atom


def test_draft_briefs_never_appear(client, record):
    html = page(client)
    atom = ElementTree.tostring(feed(client), encoding="unicode")
    assert "Unfinished draft" not in html and "Unfinished draft" not in atom
    assert f"brief-{record['draft'].pk}" not in html
    # Even when its theme is asked for by name.
    assert "Unfinished draft" not in page(client, theme="policing")


def test_decisions_show_their_reasons_in_the_readers_language(client, record):
    english = page(client)
    assert ACCEPTED_REASON["en"] in english
    assert DECLINED_REASON in english
    assert "Votes: 5 for, 1 against, 0 abstaining" in english

    spanish = page(client, "es")
    assert ACCEPTED_REASON["es"] in spanish
    assert ACCEPTED_REASON["en"] not in spanish
    assert "Alquileres y reparaciones" in spanish
    # No Spanish reason was written: the English one shows, marked as English.
    assert re.search(r'<div class="translated" lang="en" dir="auto"><p>' + DECLINED_REASON, spanish)


def test_what_followed_and_where_it_came_from(client, record):
    html = page(client)
    housing = record["housing"]
    recommendation = record["recommendation"]
    assert f'id="recommendation-{recommendation.pk}"' in html
    assert "Enforce repair orders" in html
    assert "In progress" in html and "40%" in html
    assert "Four inspectors hired." in html
    assert "The department answered within two weeks." in html
    # Two confirmed housing items in each neighborhood's dialogue; suggested tags count nowhere.
    for dialogue in record["data"].dialogues:
        link = reverse("dialogues:dialogue_detail", args=[dialogue.pk])
        assert re.search(
            rf'<a href="{link}"><bdi>[^<]+</bdi></a>\s*· <bdi>{dialogue.neighborhood.name}</bdi>'
            r"\s*· 2 voices",
            html,
        )
    article = html.split(f'id="brief-{housing.pk}"')[1].split("</article>")[0]
    assert "4 things residents said" in article


def test_filters_by_theme_and_neighborhood(client, record):
    housing, buses = record["housing"], record["buses"]
    both = page(client)
    assert f'id="brief-{housing.pk}"' in both and f'id="brief-{buses.pk}"' in both

    by_theme = page(client, theme="climate-transportation")
    assert f'id="brief-{buses.pk}"' in by_theme and f'id="brief-{housing.pk}"' not in by_theme

    # Buses were heard about only in Roxbury.
    dorchester = Neighborhood.objects.get(name="Dorchester").slug
    roxbury = Neighborhood.objects.get(name="Roxbury").slug
    in_dorchester = page(client, neighborhood=dorchester)
    assert f'id="brief-{housing.pk}"' in in_dorchester
    assert f'id="brief-{buses.pk}"' not in in_dorchester
    in_roxbury = page(client, neighborhood=roxbury)
    assert f'id="brief-{housing.pk}"' in in_roxbury and f'id="brief-{buses.pk}"' in in_roxbury

    nothing = page(client, neighborhood=dorchester, theme="climate-transportation")
    assert "brief-" not in nothing
    assert "Nothing matches these filters yet." in nothing


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_atom_feed_validates(client, record, language):
    root = feed(client, language)
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    for required in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{required}") or "").strip(), required
    assert RFC_3339.match(root.findtext(f"{ATOM}updated"))
    # A feed without entry authors names an author of its own (RFC 4287, 4.1.1).
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}link[@rel='self']") is not None

    entries = root.findall(f"{ATOM}entry")
    public_steps = BriefStatusChange.objects.exclude(brief__status="draft").count()
    assert len(entries) == public_steps + RecommendationUpdate.objects.count() == 9
    ids, updated = [], []
    page_html = page(client, language)
    page_url = url("you_said_we_did", language)
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), required
        assert RFC_3339.match(entry.findtext(f"{ATOM}updated"))
        link = entry.find(f"{ATOM}link").get("href")
        address, anchor = link.split("#")
        assert address == f"http://testserver{page_url}"
        assert f'id="{anchor}"' in page_html
        ids.append(entry.findtext(f"{ATOM}id"))
        updated.append(entry.findtext(f"{ATOM}updated"))
    assert len(set(ids)) == len(ids)
    assert all(entry_id.startswith("tag:") for entry_id in ids)
    assert updated == sorted(updated, reverse=True)
    assert root.findtext(f"{ATOM}updated") == updated[0]


def test_the_feed_speaks_the_language_of_its_address(client, record):
    spanish = ElementTree.tostring(feed(client, "es"), encoding="unicode")
    assert ACCEPTED_REASON["es"] in spanish
    assert ACCEPTED_REASON["en"] not in spanish
    assert "Alquileres y reparaciones" in spanish


def test_an_empty_feed_still_validates(client, db):
    root = feed(client)
    assert root.findall(f"{ATOM}entry") == []
    assert RFC_3339.match(root.findtext(f"{ATOM}updated"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_renders_in_every_language(client, record, language):
    html = page(client, language)
    assert re.search(r'<html lang="[^"]+" dir="(rtl|ltr)"', html)
    assert ('dir="rtl"' in html) == (language in settings.LANGUAGES_BIDI)
    assert f'id="brief-{record["buses"].pk}"' in html
    # The footer of every page leads here.
    assert html.count(f'href="{url("you_said_we_did", language)}"') >= 1


def test_the_page_takes_the_same_queries_however_many_briefs(client, record):
    with CaptureQueriesContext(connection) as before:
        page(client)
    coordinator = User.objects.get(email="carmen.coordinator@example.org")
    member = User.objects.get(email="mateo.member@example.org")
    brief = services.brief_create(
        theme=Theme.objects.get(slug="health"),
        title={"en": "Clinic hours"},
        public_summary={"en": "Clinics close before people finish work."},
        proposed_ask={},
        quotes=[],
        action_ideas=[],
        by=coordinator,
    )
    services.brief_route(brief_id=brief.pk, by=coordinator)
    services.brief_decide(
        brief_id=brief.pk, status="accepted", rationale={"en": "Clear need."}, by=member
    )
    brief.refresh_from_db()
    services.recommendation_create(
        briefs=[brief], title={"en": "Evening clinic hours"}, department="Public Health", by=member
    )
    with CaptureQueriesContext(connection) as after:
        html = page(client)
    assert "Evening clinic hours" in html
    assert len(after) == len(before)
