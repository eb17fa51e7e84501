import csv
import io
from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from facilitators.models import Assignment
from feedback.models import FeedbackItem, ThemeTag
from tests.factories import user_with_role
from tests.feedback.summary_data import attendee, build_dataset
from tests.helpers import translated

pytestmark = pytest.mark.django_db


def signed_in(client, role: Role):
    client.force_login(user_with_role(role, password=None))
    return client


def csv_of(response) -> list[list[str]]:
    text = b"".join(response).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def figure(rows, section: str, label: str, column: str = "") -> str:
    matches = [row[3] for row in rows if row[:3] == [section, label, column]]
    assert len(matches) == 1, (section, label, column, matches)
    return matches[0]


def test_counts_only_confirmed_themes_and_hides_small_demographic_cells(client):
    build_dataset()
    rows = csv_of(signed_in(client, Role.COORDINATOR).get(reverse("feedback:summaries_csv")))

    # Two confirmed housing items per neighborhood; policing was only ever suggested.
    assert figure(rows, "Feedback items by theme", "Housing and built environment") == "4"
    assert figure(rows, "Feedback items by theme", "Policing and the legal system") == "0"
    # 3 Middle Eastern or North African attendees in Roxbury: hidden, and not recoverable from
    # the Roxbury column total or the group's row total.
    section = "Who came, by neighborhood"
    assert figure(rows, section, "Middle Eastern or North African", "Roxbury") == "<11"
    assert figure(rows, section, "Middle Eastern or North African", "Total") == "<11"
    roxbury_total = figure(rows, section, "Total", "Roxbury")
    black_roxbury = figure(rows, section, "Black or African American", "Roxbury")
    assert "<11" in (roxbury_total, black_roxbury)
    assert figure(rows, section, "White", "Dorchester") == "12"


def test_summary_page_shows_charts_quotes_and_no_personal_data(client):
    build_dataset()
    page = signed_in(client, Role.COMMITTEE_MEMBER).get(reverse("feedback:summaries"))

    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<svg") >= 6
    assert "The rent went up again" in html  # the chosen quote
    assert "The police stopped my son" not in html  # raw items are not for the committee
    assert "Resident Person" not in html
    assert "@example.org" not in html
    assert "&lt;11" in html


def test_filters_narrow_the_summary(client):
    data = build_dataset()
    roxbury = data.dialogues[0].neighborhood
    rows = csv_of(
        signed_in(client, Role.COORDINATOR).get(
            reverse("feedback:summaries_csv"), {"neighborhood": roxbury.pk}
        )
    )
    assert figure(rows, "Feedback items by theme", "Housing and built environment") == "2"
    assert not [row for row in rows if row[2] == "Dorchester"]

    long_ago = (timezone.localdate() - timedelta(days=3000)).isoformat()
    earlier = (timezone.localdate() - timedelta(days=2900)).isoformat()
    rows = csv_of(
        client.get(reverse("feedback:summaries_csv"), {"start": long_ago, "end": earlier})
    )
    assert figure(rows, "Feedback items by theme", "Housing and built environment") == "0"


def test_a_suggestion_counts_once_confirmed(client):
    data = build_dataset()
    staff = data.coordinator_user
    ThemeTag.objects.filter(theme=data.policing).update(
        status=ThemeTag.Status.CONFIRMED, decided_by=staff, decided_at=timezone.now()
    )
    rows = csv_of(signed_in(client, Role.COORDINATOR).get(reverse("feedback:summaries_csv")))
    assert figure(rows, "Feedback items by theme", "Policing and the legal system") == "2"


def test_facilitators_see_only_their_own_dialogues(client):
    data = build_dataset()
    person = user_with_role(Role.FACILITATOR, password=None)
    Assignment.objects.create(
        dialogue=data.dialogues[1],
        person=person,
        role=Assignment.Role.LEAD,
        status=Assignment.Status.ACCEPTED,
    )
    client.force_login(person)
    rows = csv_of(client.get(reverse("feedback:summaries_csv")))
    assert figure(rows, "Feedback items by theme", "Housing and built environment") == "2"
    assert not [row for row in rows if row[2] == "Roxbury"]
    assert (
        "You see the dialogues you facilitate."
        in client.get(reverse("feedback:summaries")).content.decode()
    )


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.INTERPRETER])
def test_residents_and_interpreters_see_no_summaries(client, role):
    build_dataset()
    signed_in(client, role)
    assert client.get(reverse("feedback:summaries")).status_code == 403
    assert client.get(reverse("feedback:summaries_csv")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("feedback:summaries_csv"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_committee_home_leads_to_the_summaries(client):
    response = signed_in(client, Role.COMMITTEE_MEMBER).get(reverse("feedback:committee_home"))
    assert f'href="{reverse("feedback:summaries")}"' in response.content.decode()


def test_the_end_of_the_period_must_not_precede_its_start(client):
    signed_in(client, Role.COORDINATOR)
    page = client.get(
        reverse("feedback:summaries"), {"start": "2026-05-01", "end": "2026-04-01"}
    ).content.decode()
    assert "The end of the period must not be before its start." in page


def test_the_summary_takes_the_same_number_of_queries_as_data_grows(client):
    data = build_dataset()
    signed_in(client, Role.COORDINATOR)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("feedback:summaries")).status_code == 200

    session = data.dialogues[0].sessions.get()
    staff = data.coordinator_user
    for number in range(40):
        attendee(
            session, staff, answers=["hispanic"], name="More", email=f"more{number}@example.org"
        )
        item = FeedbackItem.objects.create(
            kind=FeedbackItem.Kind.CONTRIBUTION,
            text=f"Item {number}",
            language="es",
            session=session,
            dialogue=session.dialogue,
            neighborhood=session.dialogue.neighborhood,
            program=session.dialogue.program,
            occurred_on=timezone.localdate() - timedelta(days=number * 7),
        )
        ThemeTag.objects.create(
            item=item,
            theme=data.policing,
            status=ThemeTag.Status.CONFIRMED,
            decided_by=staff,
            decided_at=timezone.now(),
        )
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("feedback:summaries")).status_code == 200
    assert len(large) == len(small)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_summary_page_works_in_every_language(client, language):
    build_dataset()
    signed_in(client, Role.COORDINATOR)
    with translation.override(language):
        url = reverse("feedback:summaries")
    page = client.get(url)
    # Translations may hold apostrophes, which templates write escaped or not.
    html = unescape(page.content.decode())
    assert page.status_code == 200
    assert f"<h1>{translated(language, 'Feedback summaries')}</h1>" in html
    assert translated(language, "Who came, compared with who lives there") in html
    assert ('dir="rtl"' in html) == (language in settings.LANGUAGES_BIDI)


def test_an_item_with_two_themes_is_one_item(client):
    data = build_dataset()
    item = FeedbackItem.objects.filter(tags__theme=data.housing).first()
    ThemeTag.objects.create(
        item=item,
        theme=data.policing,
        status=ThemeTag.Status.CONFIRMED,
        decided_by=data.coordinator_user,
        decided_at=timezone.now(),
    )
    rows = csv_of(signed_in(client, Role.COORDINATOR).get(reverse("feedback:summaries_csv")))
    assert figure(rows, "Feedback items by theme", "Housing and built environment") == "4"
    assert figure(rows, "Feedback items by theme", "Policing and the legal system") == "1"
    month = timezone.localdate() - timedelta(days=20)
    assert figure(rows, "Feedback items by month", month.strftime("%Y-%m")) == "4"
    page = client.get(reverse("feedback:summaries")).content.decode()
    # Six items in all, four with a confirmed theme.
    assert "<dt>Feedback items</dt><dd>6</dd>" in page
    assert "<dt>Items with a confirmed theme</dt><dd>4</dd>" in page
