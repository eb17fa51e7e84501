"""What residents say in a live session becomes feedback when the facilitators end it."""

import uuid

import pytest
from django.urls import reverse

from dialogues.live import services as live
from dialogues.models import RoomParticipant
from feedback.models import FeedbackItem, ThemeTag
from tests.live.setup import live_setup

pytestmark = pytest.mark.django_db(transaction=True)


def seats(setup):
    room = live.room_ensure(setup.session)
    lead = live.participant_seat(
        room=room, role=RoomParticipant.Role.FACILITATOR, language="en", user=setup.lead
    )
    resident = live.participant_seat(
        room=room,
        role=RoomParticipant.Role.PARTICIPANT,
        language="es",
        user=setup.resident,
        registration=setup.resident.registrations.get(),
    )
    return room, lead, resident


def say(room, seat, text):
    return live.contribution_submit(
        room_id=room.pk, actor=seat, client_id=str(uuid.uuid4()), text=text, anonymous=False
    ).contribution


def test_ending_the_room_records_visible_contributions_with_console_themes():
    setup = live_setup(passwords=False)
    room, lead, resident = seats(setup)
    live.room_open(room_id=room.pk, actor=lead)
    rent = say(room, resident, "La renta sube cada año y el casero no arregla nada.")
    private = say(room, resident, "Mi vecina Ana López no puede pagar.")
    bus = say(room, resident, "El autobús 28 nunca llega a tiempo.")
    live.contribution_tag(
        room_id=room.pk,
        actor=lead,
        contribution_id=bus.pk,
        tag="Climate resilience and transportation",
        add=True,
    )
    live.contribution_hide(
        room_id=room.pk, actor=lead, contribution_id=private.pk, reason="Names a neighbor"
    )

    live.room_set_status(room_id=room.pk, actor=lead, status="ended")

    items = {item.contribution_id: item for item in FeedbackItem.objects.all()}
    assert set(items) == {rent.pk, bus.pk}
    rent_item = items[rent.pk]
    assert rent_item.kind == FeedbackItem.Kind.CONTRIBUTION
    assert rent_item.language == "es"
    assert rent_item.neighborhood_id == setup.session.dialogue.neighborhood_id
    assert rent_item.session_id == setup.session.pk
    # The facilitator's console tag named a theme: a person decided, so it counts.
    bus_tag = ThemeTag.objects.get(item=items[bus.pk])
    assert (bus_tag.theme.slug, bus_tag.status, bus_tag.decided_by) == (
        "climate-transportation",
        ThemeTag.Status.CONFIRMED,
        setup.lead,
    )
    # "renta" and "casero" are Spanish housing keywords: only suggested, with the reason.
    rent_tag = ThemeTag.objects.get(item=rent_item)
    assert rent_tag.theme.slug == "housing"
    assert rent_tag.status == ThemeTag.Status.SUGGESTED
    assert rent_tag.reason == {"keywords": {"es": ["casero", "renta"]}}


def test_recording_twice_copies_nothing_twice():
    from feedback.services import feedback_items_from_live_room

    setup = live_setup(passwords=False)
    room, lead, resident = seats(setup)
    live.room_open(room_id=room.pk, actor=lead)
    say(room, resident, "Necesitamos más intérpretes en la alcaldía.")
    live.room_set_status(room_id=room.pk, actor=lead, status="ended")

    assert feedback_items_from_live_room(session_id=setup.session.pk) == 0
    assert FeedbackItem.objects.count() == 1


def test_the_console_offers_theme_names_for_tags(client):
    setup = live_setup(passwords=False)
    client.force_login(setup.lead)
    page = client.get(reverse("dialogues:live_room", args=[setup.session.pk])).content.decode()
    assert '<datalist id="live-theme-names">' in page
    assert '<option value="Housing and built environment">' in page
