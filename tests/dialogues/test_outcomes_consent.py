"""Closing the loop: consenting, when registering or later, to hear what the committee and the
city do with what residents said at a dialogue."""

from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from django.urls import resolve, reverse
from django.utils import timezone, translation

from commonground.formatting import format_date_local
from dialogues.messages import manage_token, registration_for_token
from dialogues.models import Registration
from dialogues.services import (
    Contact,
    Needs,
    OutcomesNeedEmail,
    registration_create,
    registration_outcomes_consent_set,
)
from tests.factories import DialogueFactory, UserFactory

pytestmark = pytest.mark.django_db

LABEL = "Tell me what the city does with what residents say at this dialogue"
NEEDS_EMAIL = "We can only send this by email: add your email address or untick the box."
NO_EMAIL_NOTE = (
    "We can tell you what the city does with what residents say at this dialogue, "
    "but only by email, and this registration has no email address."
)


def url(name, *args, language_code="en"):
    with translation.override(language_code):
        return reverse(name, args=args)


def registration_data(**overrides):
    return {
        "name": "Rosa Méndez",
        "email": "rosa@example.org",
        "phone": "",
        "language": "en",
        "childcare_children": "0",
        **overrides,
    }


def since(moment: datetime) -> str:
    return f"You asked to hear about outcomes since {format_date_local(moment, language='en')}."


def test_the_box_is_offered_unticked_with_its_label_and_help_tied_to_it(client):
    dialogue = DialogueFactory()
    response = client.get(url("dialogues:register", dialogue.pk))
    form = response.context["form"]
    field = form["outcomes_consent"]
    assert field.value() is False
    html = unescape(response.content.decode())
    widget = str(field)
    assert 'type="checkbox"' in widget and "checked" not in widget
    assert 'aria-describedby="id_outcomes_consent_helptext"' in widget
    assert f'<label for="id_outcomes_consent">{LABEL}</label>' in html
    assert 'id="id_outcomes_consent_helptext"' in html
    assert "At most about one message a day, and you can stop any time." in html


def test_a_guest_who_ticks_the_box_consents_from_the_moment_of_registering(client):
    dialogue = DialogueFactory()
    before = timezone.now()
    client.post(url("dialogues:register", dialogue.pk), registration_data(outcomes_consent="on"))
    registration = Registration.objects.get()
    assert registration.user is None
    assert before <= registration.outcomes_consented_at <= timezone.now()


def test_a_guest_who_leaves_the_box_unticked_has_not_consented(client):
    dialogue = DialogueFactory()
    response = client.post(url("dialogues:register", dialogue.pk), registration_data())
    assert response.status_code == 302
    assert Registration.objects.get().outcomes_consented_at is None


def test_an_account_holder_consents_or_not_when_registering(client):
    user = UserFactory(email="kwame@example.org")
    client.force_login(user)
    ticked, unticked = DialogueFactory(), DialogueFactory()
    client.post(
        url("dialogues:register", ticked.pk),
        registration_data(email="kwame@example.org", outcomes_consent="on"),
    )
    client.post(
        url("dialogues:register", unticked.pk), registration_data(email="kwame@example.org")
    )
    consents = dict(
        Registration.objects.filter(user=user).values_list("dialogue_id", "outcomes_consented_at")
    )
    assert consents[ticked.pk] is not None
    assert consents[unticked.pk] is None


def test_an_account_holder_with_only_a_phone_can_still_hear_back_in_the_app(client):
    user = UserFactory()
    client.force_login(user)
    dialogue = DialogueFactory()
    client.post(
        url("dialogues:register", dialogue.pk),
        registration_data(email="", phone="617 555 0123", outcomes_consent="on"),
    )
    registration = Registration.objects.get()
    assert (registration.user, registration.email) == (user, "")
    assert registration.outcomes_consented_at is not None


def test_a_guest_with_only_a_phone_who_ticks_the_box_is_told_why_and_nothing_is_created(client):
    dialogue = DialogueFactory()
    response = client.post(
        url("dialogues:register", dialogue.pk),
        registration_data(email="", phone="617 555 0123", outcomes_consent="on"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"outcomes_consent": [NEEDS_EMAIL]}
    html = unescape(response.content.decode())
    assert NEEDS_EMAIL in html
    # The error is announced with the checkbox, and the box stays as the person left it.
    widget = str(form["outcomes_consent"])
    assert "id_outcomes_consent_error" in widget and 'aria-invalid="true"' in widget
    assert "checked" in widget
    assert not Registration.objects.exists()


def test_the_same_guest_without_the_box_registers_by_phone(client):
    dialogue = DialogueFactory()
    client.post(
        url("dialogues:register", dialogue.pk),
        registration_data(email="", phone="617 555 0123"),
    )
    assert Registration.objects.get().outcomes_consented_at is None


def test_the_service_itself_refuses_consent_without_an_email_or_an_account():
    dialogue = DialogueFactory()
    with pytest.raises(OutcomesNeedEmail):
        registration_create(
            dialogue_id=dialogue.pk,
            contact=Contact(name="Ana", phone="617 555 0123"),
            needs=Needs(),
            outcomes_consent=True,
        )
    assert not Registration.objects.exists()
    dialogue.refresh_from_db()
    assert dialogue.status == "open"


def test_the_service_records_when_consent_was_given():
    moment = timezone.now() - timedelta(minutes=5)
    outcome = registration_create(
        dialogue_id=DialogueFactory().pk,
        contact=Contact(name="Ana", email="ana@example.org"),
        needs=Needs(),
        outcomes_consent=True,
        now=moment,
    )
    outcome.registration.refresh_from_db()
    assert outcome.registration.outcomes_consented_at == moment


def test_registering_again_with_the_box_ticked_changes_nothing_for_whoever_typed_the_email(
    client,
):
    # Anyone can type Rosa's address: that must not sign her up for messages.
    dialogue = DialogueFactory()
    client.post(url("dialogues:register", dialogue.pk), registration_data())
    response = client.post(
        url("dialogues:register", dialogue.pk), registration_data(outcomes_consent="on")
    )
    assert response.status_code == 200
    assert "If rosa@example.org is registered for any dialogue" in response.content.decode()
    assert Registration.objects.get().outcomes_consented_at is None
    # Nor through the service, without the account the registration belongs to.
    stranger = UserFactory()
    for user in (None, stranger):
        outcome = registration_create(
            dialogue_id=dialogue.pk,
            contact=Contact(name="Not Rosa", email="rosa@example.org"),
            needs=Needs(),
            user=user,
            outcomes_consent=True,
        )
        assert not outcome.created
    assert Registration.objects.get().outcomes_consented_at is None


def test_the_signed_in_owner_registering_again_with_the_box_ticked_adds_the_consent_once(client):
    user = UserFactory(email="rosa@example.org")
    client.force_login(user)
    dialogue = DialogueFactory()
    client.post(url("dialogues:register", dialogue.pk), registration_data())
    response = client.post(
        url("dialogues:register", dialogue.pk), registration_data(outcomes_consent="on")
    )
    registration = Registration.objects.get(user=user)
    assert resolve(response["Location"]).url_name == "registration_manage"
    assert registration_for_token(resolve(response["Location"]).kwargs["token"]) == registration
    consented_at = registration.outcomes_consented_at
    assert consented_at is not None
    # Again, ticked or not: the first consent and its time stay.
    client.post(url("dialogues:register", dialogue.pk), registration_data(outcomes_consent="on"))
    client.post(url("dialogues:register", dialogue.pk), registration_data())
    registration.refresh_from_db()
    assert registration.outcomes_consented_at == consented_at


def _guest_registration(**contact) -> Registration:
    return registration_create(
        dialogue_id=DialogueFactory().pk,
        contact=Contact(**{"name": "Rosa", "email": "rosa@example.org", **contact}),
        needs=Needs(),
    ).registration


def test_the_manage_page_turns_it_on_shows_since_when_and_turns_it_off(client):
    registration = _guest_registration()
    manage = url("dialogues:registration_manage", manage_token(registration))

    page = client.get(manage)
    assert page.context["outcomes_form"]["outcomes_consent"].value() is False
    assert "You asked to hear about outcomes since" not in page.content.decode()

    response = client.post(manage, {"change": "outcomes", "outcomes_consent": "on"}, follow=True)
    registration.refresh_from_db()
    assert registration.outcomes_consented_at is not None
    html = unescape(response.content.decode())
    assert "We will tell you what the city does with what residents say." in html
    assert since(registration.outcomes_consented_at) in html
    assert "checked" in str(response.context["outcomes_form"]["outcomes_consent"])

    response = client.post(manage, {"change": "outcomes"}, follow=True)
    registration.refresh_from_db()
    assert registration.outcomes_consented_at is None
    html = unescape(response.content.decode())
    assert "You will no longer hear about outcomes of this dialogue." in html
    assert "You asked to hear about outcomes since" not in html


def test_the_consent_form_leaves_needs_alone_and_the_needs_form_leaves_consent_alone(client):
    registration = _guest_registration()
    manage = url("dialogues:registration_manage", manage_token(registration))
    client.post(manage, {"asl": "on", "childcare_children": "0"})
    client.post(manage, {"change": "outcomes", "outcomes_consent": "on"})
    registration.refresh_from_db()
    consented_at = registration.outcomes_consented_at
    assert registration.asl and consented_at is not None
    client.post(manage, {"cart": "on", "childcare_children": "0"})
    registration.refresh_from_db()
    assert (registration.asl, registration.cart) == (False, True)
    assert registration.outcomes_consented_at == consented_at


def test_asking_again_keeps_the_time_consent_was_first_given(client):
    registration = _guest_registration()
    first = datetime(2027, 1, 5, 17, 0, tzinfo=UTC)
    registration_outcomes_consent_set(registration_id=registration.pk, wanted=True, now=first)
    registration_outcomes_consent_set(
        registration_id=registration.pk, wanted=True, now=first + timedelta(days=30)
    )
    registration.refresh_from_db()
    assert registration.outcomes_consented_at == first

    # Through the page as well: saving the ticked box again changes nothing.
    manage = url("dialogues:registration_manage", manage_token(registration))
    response = client.post(manage, {"change": "outcomes", "outcomes_consent": "on"}, follow=True)
    registration.refresh_from_db()
    assert registration.outcomes_consented_at == first
    assert since(first) in unescape(response.content.decode())

    # Stopping and asking again is a new consent, with its own time.
    registration_outcomes_consent_set(registration_id=registration.pk, wanted=False)
    registration_outcomes_consent_set(
        registration_id=registration.pk, wanted=True, now=first + timedelta(days=60)
    )
    registration.refresh_from_db()
    assert registration.outcomes_consented_at == first + timedelta(days=60)


def test_a_phone_only_guest_is_told_why_on_the_manage_page_and_cannot_turn_it_on(client):
    registration = _guest_registration(email="", phone="617 555 0123")
    manage = url("dialogues:registration_manage", manage_token(registration))
    html = unescape(client.get(manage).content.decode())
    assert NO_EMAIL_NOTE in html
    assert 'name="outcomes_consent"' not in html

    response = client.post(manage, {"change": "outcomes", "outcomes_consent": "on"})
    assert response.status_code == 200
    assert response.context["outcomes_form"].errors == {"outcomes_consent": [NEEDS_EMAIL]}
    registration.refresh_from_db()
    assert registration.outcomes_consented_at is None
    with pytest.raises(OutcomesNeedEmail):
        registration_outcomes_consent_set(registration_id=registration.pk, wanted=True)


def test_an_account_holder_turns_it_on_and_off_from_their_registration(client):
    user = UserFactory(email="kwame@example.org")
    client.force_login(user)
    dialogue = DialogueFactory()
    client.post(url("dialogues:register", dialogue.pk), registration_data(email=user.email))
    registration = Registration.objects.get(user=user)
    assert registration.outcomes_consented_at is None
    # The link an account holder is given, after registering and in the app's notifications.
    manage = url("dialogues:registration_manage", manage_token(registration))
    client.post(manage, {"change": "outcomes", "outcomes_consent": "on"})
    registration.refresh_from_db()
    assert registration.outcomes_consented_at is not None
    client.post(manage, {"change": "outcomes"})
    registration.refresh_from_db()
    assert registration.outcomes_consented_at is None


def test_the_state_is_shown_in_the_readers_language_with_babel_dates(client):
    registration = _guest_registration()
    moment = datetime(2027, 3, 2, 18, 30, tzinfo=UTC)
    registration_outcomes_consent_set(registration_id=registration.pk, wanted=True, now=moment)
    manage = url("dialogues:registration_manage", manage_token(registration), language_code="es")
    html = unescape(client.get(manage).content.decode())
    assert format_date_local(moment, language="es") in html
