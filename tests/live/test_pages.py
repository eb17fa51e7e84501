"""The live room's pages: who gets which view, the join code form, and every language."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from dialogues.live import services
from dialogues.live.consumers import GUEST_SEATS_SESSION_KEY
from dialogues.models import JoinCode, LiveRoom, RoomParticipant
from tests.helpers import translated
from tests.live.setup import live_setup

pytestmark = pytest.mark.django_db

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def setup():
    return live_setup(passwords=False)


@pytest.fixture
def open_room(setup):
    room = services.room_ensure(setup.session)
    lead = services.participant_seat(
        room=room, role=RoomParticipant.Role.FACILITATOR, language="en", user=setup.lead
    )
    services.room_open(room_id=room.pk, actor=lead)
    return LiveRoom.objects.get(pk=room.pk)


def _room_url(session, language="en"):
    with translation.override(language):
        return reverse("dialogues:live_room", args=[session.pk])


@pytest.mark.parametrize(
    ("who", "template"),
    [
        ("lead", "live/console.html"),
        ("co_facilitator", "live/console.html"),
        ("coordinator", "live/console.html"),
        ("interpreter", "live/interpreter.html"),
        ("resident", "live/participant.html"),
    ],
)
def test_each_role_gets_its_view(client, setup, who, template):
    client.force_login(getattr(setup, who))
    response = client.get(_room_url(setup.session))
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    assert response.context["socket_path"] == f"/ws/live/{setup.session.pk}/"


def test_outsiders_are_refused_and_anonymous_visitors_sign_in(client, setup):
    response = client.get(_room_url(setup.session))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(setup.outsider)
    assert client.get(_room_url(setup.session)).status_code == 403


def test_only_facilitators_and_coordinators_open_the_projector(client, setup):
    url = reverse("dialogues:live_projector", args=[setup.session.pk])
    client.force_login(setup.resident)
    assert client.get(url).status_code == 403
    client.force_login(setup.lead)
    response = client.get(url, {"languages": ["es", "zh-hans", "ar"]})
    assert response.status_code == 200
    assert response.context["projector_languages"] == ["es", "zh-hans", "ar"]
    too_many = client.get(url, {"languages": ["es", "zh-hans", "ar", "vi"]})
    assert too_many.context["projector_languages"] == ["en"]


def test_a_walk_in_joins_with_the_code_in_their_language(client, setup, open_room):
    code = JoinCode.objects.get(room=open_room).code
    response = client.post(
        reverse("dialogues:live_join"), {"code": code, "name": "Marie Joseph", "language": "ht"}
    )
    seat = RoomParticipant.objects.get(room=open_room, user=None)
    assert (seat.display_name, seat.language, seat.role) == ("Marie Joseph", "ht", "participant")
    assert response.status_code == 302
    assert response["Location"] == _room_url(setup.session, "ht")
    assert client.session[GUEST_SEATS_SESSION_KEY] == {str(setup.session.pk): seat.pk}
    page = client.get(response["Location"])
    assert "live/participant.html" in [t.name for t in page.templates]


def test_a_wrong_or_expired_code_is_refused_with_a_translated_error(client, setup, open_room):
    join_code = JoinCode.objects.get(room=open_room)
    join_code.expires_at = timezone.now() - timedelta(minutes=1)
    join_code.save()
    with translation.override("es"):
        url = reverse("dialogues:live_join")
    response = client.post(url, {"code": join_code.code, "name": "", "language": "es"})
    assert response.status_code == 200
    assert (
        translated(
            "es", "That code is not valid. It may have expired: check the screen in the room."
        )
        in response.content.decode()
    )
    assert not RoomParticipant.objects.filter(user=None).exists()


def test_guessing_codes_is_rate_limited(client, setup, open_room):
    url = reverse("dialogues:live_join")
    statuses = [
        client.post(url, {"code": f"{guess:06d}", "name": "", "language": "en"}).status_code
        for guess in range(12)
    ]
    assert statuses[:10] == [200] * 10 and statuses[-1] == 429


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_room_pages_in_every_language(client, setup, open_room, language):
    client.force_login(setup.lead)
    for url_name in ("dialogues:live_room", "dialogues:live_projector"):
        with translation.override(language):
            url = reverse(url_name, args=[setup.session.pk])
        page = client.get(url).content.decode()
        rtl = ' dir="rtl"' if language in settings.LANGUAGES_BIDI else ' dir="ltr"'
        assert rtl in page.split(">", 2)[1]
    client.force_login(setup.resident)
    with translation.override(language):
        participant = client.get(reverse("dialogues:live_room", args=[setup.session.pk]))
        join = client.get(reverse("dialogues:live_join"))
    assert participant.status_code == join.status_code == 200
    assert escape(translated(language, "Join code")) in join.content.decode()
