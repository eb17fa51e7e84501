"""What residents touch: the listing, a dialogue's page, registering, and the manage link."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from dialogues.messages import MANAGE_LINK_MAX_AGE, MANAGE_LINK_SALT, manage_token
from dialogues.models import Dialogue, Registration, RegistrationDemographics
from dialogues.services import Contact, Needs, registration_create
from tests.factories import (
    DialogueFactory,
    NeighborhoodFactory,
    UserFactory,
    VenueFactory,
    language,
)
from tests.helpers import translated

pytestmark = pytest.mark.django_db


def url(name, *args, language_code="en"):
    with translation.override(language_code):
        return reverse(name, args=args)


def registration_data(**overrides):
    return {
        "name": "Rosa Méndez",
        "email": "rosa@example.org",
        "phone": "",
        "language": "es",
        "childcare_children": "0",
        **overrides,
    }


def test_the_listing_shows_open_dialogues_with_seats_or_waitlist(client):
    roomy = DialogueFactory(capacity=10)
    full = DialogueFactory(capacity=1)
    registration_create(
        dialogue_id=full.pk, contact=Contact(name="A", email="a@example.org"), needs=Needs()
    )
    DialogueFactory(status=Dialogue.Status.DRAFT)
    DialogueFactory(sessions__starts_at=timezone.now() - timedelta(days=1))
    body = client.get(url("dialogues:dialogue_list")).content.decode()
    assert url("dialogues:dialogue_detail", roomy.pk) in body
    assert url("dialogues:dialogue_detail", full.pk) in body
    assert body.count('class="card dialogue-card"') == 2  # no drafts, nothing already started
    assert "10 seats left" in body
    assert "Full: join the waitlist" in body


def test_the_listing_filters_by_neighborhood_language_mode_and_access(client):
    roxbury = NeighborhoodFactory(name="Roxbury")
    step_free = DialogueFactory(venue=VenueFactory(neighborhood=roxbury, step_free_access=True))
    interpreted = DialogueFactory(interpretation=["ht"])
    no_steps = DialogueFactory(venue=VenueFactory(step_free_access=False, hearing_loop=True))

    def cards(query):
        page = client.get(url("dialogues:dialogue_list"), query).content.decode()
        return {int(pk) for pk in re.findall(r'href="/en/dialogues/(\d+)/"', page)}

    assert cards({"neighborhood": "roxbury"}) == {step_free.pk}
    assert cards({"language": "ht"}) == {interpreted.pk}
    assert cards({"access": ["step_free_access"]}) == {step_free.pk, interpreted.pk}
    assert cards({"access": ["hearing_loop"]}) == {no_steps.pk}
    assert cards({"mode": "online"}) == set()


def test_the_listing_works_in_every_language_and_says_so_in_it(client):
    DialogueFactory()
    for code in ("ar", "zh-hant", "so"):
        response = client.get(url("dialogues:dialogue_list", language_code=code))
        assert response.status_code == 200
        assert translated(code, "Find a dialogue") in response.content.decode()


def test_the_listing_query_count_does_not_grow_with_the_number_of_dialogues(
    client, django_assert_max_num_queries
):
    for _ in range(3):
        DialogueFactory(interpretation=["es", "vi"])
    with django_assert_max_num_queries(12) as few:
        client.get(url("dialogues:dialogue_list"))
    for _ in range(20):
        DialogueFactory(interpretation=["es", "vi"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("dialogues:dialogue_list"))


def test_a_dialogue_page_has_where_when_access_languages_and_agreements(client):
    dialogue = DialogueFactory(
        description={"en": "We talk about housing.", "es": "Hablamos de vivienda."},
        venue=VenueFactory(
            hearing_loop=True,
            transit_notes={"en": "Take the 22 bus."},
        ),
        interpretation=["vi"],
    )
    body = client.get(
        url("dialogues:dialogue_detail", dialogue.pk, language_code="es")
    ).content.decode()
    assert "Hablamos de vivienda." in body
    # The transit notes exist only in English: shown, and marked as not yet translated.
    assert 'lang="en"' in body and "Take the 22 bus." in body
    assert (
        translated("es", "Not yet translated: shown in %(language)s.", language="inglés")[:10]
        in body
    )
    assert dialogue.venue.address in body
    assert translated("es", "One person speaks at a time.") in body
    assert url("dialogues:calendar_dialogue", dialogue.pk, language_code="es") in body


def test_registering_without_an_account_then_skipping_the_optional_questions(client):
    dialogue = DialogueFactory(interpretation=["es"])
    response = client.post(
        url("dialogues:register", dialogue.pk, language_code="es"),
        registration_data(interpretation_language=language("es").pk, transit_help="on"),
    )
    registration = Registration.objects.get()
    token = manage_token(registration)
    assert response["Location"] == url(
        "dialogues:registration_about_you", token, language_code="es"
    )
    assert (registration.status, registration.language, registration.transit_help) == (
        "confirmed",
        "es",
        True,
    )
    response = client.post(response["Location"], {"skip": "1"})
    assert response["Location"] == url("dialogues:registration_manage", token, language_code="es")
    assert not RegistrationDemographics.objects.exists()
    manage = client.get(response["Location"]).content.decode()
    assert "Rosa Méndez" in manage


def test_signed_in_people_find_their_details_filled_in(client):
    user = UserFactory(display_name="Kwame", email="kwame@example.org", preferred_language="fr")
    client.force_login(user)
    dialogue = DialogueFactory()
    form = client.get(url("dialogues:register", dialogue.pk)).context["form"]
    assert (form["name"].value(), form["email"].value(), form["language"].value()) == (
        "Kwame",
        "kwame@example.org",
        "fr",
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "", "phone": ""}, None),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "call me maybe", "email": ""}, "phone"),
        ({"name": "x" * 121}, "name"),
        ({"dietary_needs": "y" * 201}, "dietary_needs"),
        ({"childcare_children": "40"}, "childcare_children"),
        ({"language": "tlh"}, "language"),
    ],
)
def test_bad_input_gets_a_clear_error_and_writes_nothing(client, overrides, field):
    dialogue = DialogueFactory()
    response = client.post(url("dialogues:register", dialogue.pk), registration_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors
    if field:
        assert field in form.errors
    else:
        assert "Give an email address or a phone number" in form.non_field_errors()[0]
    assert not Registration.objects.exists()


def test_a_cancelled_or_closed_dialogue_says_so_and_writes_nothing(client):
    cancelled = DialogueFactory(status=Dialogue.Status.CANCELLED)
    closed = DialogueFactory(status=Dialogue.Status.CLOSED)
    for dialogue, message in [
        (cancelled, "This dialogue has been cancelled."),
        (closed, "Registration for this dialogue is closed."),
    ]:
        response = client.post(
            url("dialogues:register", dialogue.pk, language_code="fr"), registration_data()
        )
        assert response.status_code == 409
        assert translated("fr", message) in response.content.decode()
    assert not Registration.objects.exists()


def test_a_full_dialogue_offers_the_waitlist(client):
    dialogue = DialogueFactory(capacity=1)
    registration_create(
        dialogue_id=dialogue.pk, contact=Contact(name="A", email="a@example.org"), needs=Needs()
    )
    page = client.get(url("dialogues:register", dialogue.pk)).content.decode()
    assert "Join the waitlist" in page
    client.post(url("dialogues:register", dialogue.pk), registration_data())
    assert Registration.objects.get(email="rosa@example.org").status == "waitlisted"


def test_registering_twice_leads_to_the_existing_registration(client):
    dialogue = DialogueFactory()
    client.post(url("dialogues:register", dialogue.pk), registration_data())
    response = client.post(
        url("dialogues:register", dialogue.pk), registration_data(name="Rosa M.")
    )
    registration = Registration.objects.get()
    assert response["Location"] == url("dialogues:registration_manage", manage_token(registration))


def test_registration_without_a_csrf_token_is_refused_and_writes_nothing():
    dialogue = DialogueFactory()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url("dialogues:register", dialogue.pk), registration_data())
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_registrations_are_rate_limited_per_client_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "register_for_dialogue": "3/m/ip",
    }
    dialogue = DialogueFactory(capacity=50)
    statuses = [
        client.post(
            url("dialogues:register", dialogue.pk), registration_data(email=f"p{n}@example.org")
        ).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert Registration.objects.count() == 3


def test_the_manage_link_updates_needs_and_cancels_without_an_account(client):
    dialogue = DialogueFactory(capacity=1)
    client.post(url("dialogues:register", dialogue.pk), registration_data())
    waiting = registration_create(
        dialogue_id=dialogue.pk,
        contact=Contact(name="Next", email="next@example.org", language="ar"),
        needs=Needs(),
    ).registration
    registration = Registration.objects.get(email="rosa@example.org")
    manage = url("dialogues:registration_manage", manage_token(registration))
    client.post(manage, {"asl": "on", "childcare_children": "1", "childcare_ages": "4"})
    registration.refresh_from_db()
    assert (registration.asl, registration.childcare_children, registration.childcare_ages) == (
        True,
        1,
        "4",
    )
    cancel = url("dialogues:registration_cancel", manage_token(registration))
    assert "Yes, cancel my registration" in client.get(cancel).content.decode()
    client.post(cancel)
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.status, waiting.status) == ("cancelled", "confirmed")


def test_a_tampered_manage_link_is_refused_and_offers_fresh_links(client):
    registration = registration_create(
        dialogue_id=DialogueFactory().pk,
        contact=Contact(name="A", email="a@example.org"),
        needs=Needs(),
    ).registration
    token = manage_token(registration)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.get(url("dialogues:registration_manage", tampered))
    assert response.status_code == 400
    assert "Send me my links" in response.content.decode()
    response = client.post(url("dialogues:registration_cancel", tampered))
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == "confirmed"


@pytest.mark.django_db(transaction=True)
def test_an_expired_manage_link_says_so_and_fresh_links_can_be_requested(client):
    registration = registration_create(
        dialogue_id=DialogueFactory().pk,
        contact=Contact(name="A", email="a@example.org", language="ht"),
        needs=Needs(),
    ).registration
    expired_token = _expired_token(registration.pk)
    response = client.get(url("dialogues:registration_manage", expired_token))
    assert response.status_code == 400
    assert "too old" in response.content.decode()

    mail.outbox.clear()
    sent = client.post(url("dialogues:registration_links"), {"email": "A@example.org"})
    assert sent.status_code == 200
    (message,) = mail.outbox
    assert (
        url("dialogues:registration_manage", "x", language_code="en").split("x")[0] in message.body
    )

    # An address with no registrations gets the same page and no email.
    mail.outbox.clear()
    client.post(url("dialogues:registration_links"), {"email": "nobody@example.org"})
    assert mail.outbox == []


def _expired_token(registration_id: int) -> str:
    """A genuine link, signed as if it had been sent longer ago than links last."""
    with mock.patch("time.time", return_value=time.time() - MANAGE_LINK_MAX_AGE - 60):
        return signing.dumps(registration_id, salt=MANAGE_LINK_SALT)
