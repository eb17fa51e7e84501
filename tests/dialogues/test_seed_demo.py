"""`seed_demo`: a city with neighborhoods and one account per role, safe to run again."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from commonground.demo import DEMO_ACCOUNTS, DEMO_NEIGHBORHOODS, DEMO_PASSWORD
from dialogues.live.selectors import seat_claim
from dialogues.models import Neighborhood, Registration, RoomParticipant
from dialogues.services import attendance_check_in

pytestmark = pytest.mark.django_db


def seed(capsys) -> str:
    call_command("seed_demo", allow_without_debug=True)
    return capsys.readouterr().out


def test_seed_demo_creates_one_account_per_role_and_prints_their_password(capsys):
    output = seed(capsys)
    assert DEMO_PASSWORD in output
    for role in Role:
        (account,) = [account for account in DEMO_ACCOUNTS if account.role == role]
        assert account.email in output
        assert user_has_role(User.objects.get(email=account.email), role)
    assert Neighborhood.objects.count() == len(DEMO_NEIGHBORHOODS) >= 5


def test_seed_demo_is_idempotent(capsys):
    seed(capsys)
    counts = (User.objects.count(), Neighborhood.objects.count())
    seed(capsys)
    assert (User.objects.count(), Neighborhood.objects.count()) == counts


def test_demo_accounts_sign_in_with_the_printed_password(client, capsys):
    seed(capsys)
    for account in DEMO_ACCOUNTS:
        response = client.post(
            reverse("account_login"), {"login": account.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, account.email
        client.logout()


def test_seed_demo_refuses_to_run_in_production():
    # pytest runs with DEBUG off, as production does.
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_the_demo_resident_can_meet_the_demo_facilitator_in_a_live_room(capsys):
    seed(capsys)
    seed(capsys)
    facilitator = User.objects.get(email="facilitator@example.org")
    resident = User.objects.get(email="resident@example.org")
    (registration,) = Registration.objects.filter(user=resident)
    assert registration.status == Registration.Status.CONFIRMED
    session = registration.dialogue.sessions.order_by("starts_at").first()
    assert seat_claim(session=session, user=facilitator).role == RoomParticipant.Role.FACILITATOR
    # The resident takes part once the facilitator checks them in on the roster.
    assert seat_claim(session=session, user=resident) is None
    attendance_check_in(session_id=session.pk, registration_id=registration.pk, by=facilitator)
    assert seat_claim(session=session, user=resident).role == RoomParticipant.Role.PARTICIPANT
