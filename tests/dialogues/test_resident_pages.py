"""What residents touch: the listing, a dialogue's page, registering, and the manage link."""

import re
import time
from datetime import timedelta
from html import unescape
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from dialogues.messages import (
    MANAGE_LINK_MAX_AGE,
    MANAGE_LINK_SALT,
    manage_token,
    registration_for_token,
)
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


LINKS_SENT = (
    "If {email} is registered for any dialogue, we have sent it links to each registration."
)
PHONE_NEUTRAL = (
    "If this phone number is already registered for this dialogue, use the link you were given "
    "when you registered, or ask the coordinators."
)


def _rosas_registration(dialogue, **contact) -> Registration:
    """Rosa's registration, made earlier by Rosa, with needs that are nobody else's business."""
    return registration_create(
        dialogue_id=dialogue.pk,
        contact=Contact(
            **{"name": "Rosa Méndez", "email": "rosa@example.org", "language": "es", **contact}
        ),
        needs=Needs(
            asl=True, childcare_children=2, childcare_ages="3 and 6", dietary_needs="Halal"
        ),
    ).registration


def _as_stored(registration: Registration) -> dict:
    registration.refresh_from_db()
    return {
        field.attname: getattr(registration, field.attname)
        for field in Registration._meta.concrete_fields
    }


def _manage_links_in(body: str) -> list[str]:
    return re.findall(r"https?://\S+/registrations/([^/\s]+)/", body)


def test_registering_again_with_someone_elses_email_shows_nothing_and_emails_them_links(
    client, django_capture_on_commit_callbacks
):
    dialogue = DialogueFactory()
    registration = _rosas_registration(dialogue)
    before = _as_stored(registration)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("dialogues:register", dialogue.pk),
            registration_data(
                name="Not Rosa",
                email="ROSA@example.org",
                language="en",
                cart="on",
                childcare_children="0",
                outcomes_consent="on",
            ),
        )
    assert response.status_code == 200
    assert response.templates[0].name == "dialogues/manage_links_sent.html"
    html = unescape(response.content.decode())
    assert LINKS_SENT.format(email="ROSA@example.org") in html
    for detail in ("Rosa Méndez", "Halal", "3 and 6", "already registered"):
        assert detail not in html
    assert "/registrations/" not in html
    assert "registration" not in response.context
    # Nothing about Rosa's registration changed, and no second one was made.
    assert _as_stored(registration) == before
    assert Registration.objects.count() == 1
    # Rosa, and only Rosa, gets links to her registration.
    (message,) = mail.outbox
    assert message.to == ["rosa@example.org"]
    (token,) = _manage_links_in(message.body)
    assert registration_for_token(token) == registration
    assert client.get(url("dialogues:registration_manage", token)).status_code == 200


def test_registering_again_by_phone_shows_a_neutral_page_and_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    dialogue = DialogueFactory()
    registration = _rosas_registration(dialogue, email="", phone="617 555 0123")
    before = _as_stored(registration)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("dialogues:register", dialogue.pk),
            registration_data(name="Not Rosa", email="", phone="617 555 0123", cart="on"),
        )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert PHONE_NEUTRAL in html
    for detail in ("Rosa Méndez", "Halal", "3 and 6", "/registrations/"):
        assert detail not in html
    assert _as_stored(registration) == before
    assert Registration.objects.count() == 1
    assert mail.outbox == []


def test_a_signed_in_stranger_with_someone_elses_email_gets_the_neutral_page_too(client):
    dialogue = DialogueFactory()
    owner = UserFactory(email="rosa@example.org")
    registration = registration_create(
        dialogue_id=dialogue.pk,
        contact=Contact(name="Rosa Méndez", email="rosa@example.org"),
        needs=Needs(asl=True),
        user=owner,
    ).registration
    before = _as_stored(registration)
    client.force_login(UserFactory(email="mallory@example.org"))
    response = client.post(
        url("dialogues:register", dialogue.pk), registration_data(outcomes_consent="on")
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert LINKS_SENT.format(email="rosa@example.org") in html
    assert "/registrations/" not in html
    assert _as_stored(registration) == before


def test_a_signed_in_owner_registering_again_is_taken_to_their_registration(client):
    dialogue = DialogueFactory()
    owner = UserFactory(email="rosa@example.org")
    client.force_login(owner)
    client.post(url("dialogues:register", dialogue.pk), registration_data())
    registration = Registration.objects.get()
    assert registration.user == owner
    response = client.post(
        url("dialogues:register", dialogue.pk), registration_data(name="Rosa M."), follow=True
    )
    (redirect_to, _status), *_ = response.redirect_chain
    assert redirect_to.startswith(url("dialogues:registration_manage", "x").rsplit("x", 1)[0])
    assert response.context["registration"] == registration
    assert "You were already registered for this dialogue." in unescape(response.content.decode())
    registration.refresh_from_db()
    assert registration.name == "Rosa Méndez"
    assert Registration.objects.count() == 1


def test_links_sent_for_a_repeated_registration_share_the_rate_limit_of_the_links_page(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "registration_links": "2/h/key"}
    dialogue = DialogueFactory()
    _rosas_registration(dialogue)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(url("dialogues:registration_links"), {"email": "rosa@example.org"}),
            client.post(
                url("dialogues:register", dialogue.pk), registration_data(email="Rosa@example.org")
            ),
            client.post(url("dialogues:register", dialogue.pk), registration_data()),
        ]
    assert [response.status_code for response in statuses] == [200, 200, 429]
    assert len(mail.outbox) == 2


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
