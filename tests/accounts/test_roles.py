"""Each role reaches its own pages and is refused elsewhere, in views and in consumers."""

import pytest
from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer, JsonWebsocketConsumer
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.access import (
    WEBSOCKET_CLOSE_FORBIDDEN,
    WEBSOCKET_CLOSE_UNAUTHENTICATED,
    role_required,
)
from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role, user_roles
from accounts.services import role_grant, role_revoke
from tests.factories import UserFactory, user_with_role

ROLE_PAGES = {
    Role.RESIDENT: "accounts:dashboard",
    Role.FACILITATOR: "facilitators:facilitator_home",
    Role.INTERPRETER: "facilitators:interpreter_home",
    Role.COORDINATOR: "dialogues:coordinator_home",
    Role.COMMITTEE_MEMBER: "feedback:committee_home",
}


@pytest.mark.django_db
@pytest.mark.parametrize("page_role", list(ROLE_PAGES))
def test_anonymous_visitors_are_sent_to_sign_in(client, page_role):
    url = reverse(ROLE_PAGES[page_role])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("user_role", list(Role))
@pytest.mark.parametrize("page_role", list(ROLE_PAGES))
def test_each_role_reaches_its_pages_and_is_refused_elsewhere(client, user_role, page_role):
    client.force_login(user_with_role(user_role))
    response = client.get(reverse(ROLE_PAGES[page_role]))
    # Everyone with an account is a resident; the other pages belong to one role each.
    allowed = page_role in (user_role, Role.RESIDENT)
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert "This page is not open to you" in response.content.decode()


@pytest.mark.django_db
def test_a_person_with_two_roles_reaches_both_areas_and_sees_both_in_the_menu(client):
    client.force_login(UserFactory(roles=(Role.FACILITATOR, Role.INTERPRETER)))
    assert client.get(reverse("facilitators:facilitator_home")).status_code == 200
    assert client.get(reverse("facilitators:interpreter_home")).status_code == 200
    assert client.get(reverse("dialogues:coordinator_home")).status_code == 403
    menu = client.get(reverse("home")).content.decode()
    assert reverse("facilitators:facilitator_home") in menu
    assert reverse("facilitators:interpreter_home") in menu
    assert reverse("dialogues:coordinator_home") not in menu


@pytest.mark.django_db
def test_a_deactivated_account_loses_its_roles(client):
    user = user_with_role(Role.COORDINATOR)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert user_roles(user) == frozenset()


@pytest.mark.django_db
def test_superusers_hold_every_role():
    admin = User.objects.create_superuser(email="root@example.org", password="x-long-pass-1")
    assert user_roles(admin) == frozenset(Role)


@pytest.mark.django_db
def test_granting_and_revoking_a_role_takes_effect_at_once():
    user = UserFactory()
    assert not user_has_role(user, Role.FACILITATOR)
    role_grant(user=user, role=Role.FACILITATOR)
    assert user_has_role(user, Role.FACILITATOR)
    role_revoke(user=user, role=Role.FACILITATOR)
    assert not user_has_role(user, Role.FACILITATOR)
    assert not user_has_role(User.objects.get(pk=user.pk), Role.FACILITATOR)


@pytest.mark.django_db
def test_every_new_account_is_a_resident_however_it_is_created(admin_client):
    created_directly = User.objects.create_user(email="direct@example.org")
    assert user_has_role(created_directly, Role.RESIDENT)

    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "added@example.org",
            "display_name": "",
            "preferred_language": "vi",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    added = User.objects.get(email="added@example.org")
    assert user_has_role(added, Role.RESIDENT)
    assert not added.has_usable_password()


@pytest.mark.django_db
def test_coordinators_get_the_admin_for_every_model_and_others_do_not(client):
    coordinator = user_with_role(Role.COORDINATOR)
    client.force_login(coordinator)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:dialogues_neighborhood_add")).status_code == 200

    client.force_login(user_with_role(Role.FACILITATOR))
    assert client.get(reverse("admin:index")).status_code == 403

    client.logout()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_coordinators_grant_roles_in_the_admin_but_cannot_make_superusers(client):
    client.force_login(user_with_role(Role.COORDINATOR))
    person = UserFactory(email="volunteer@example.org")
    response = client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        {
            "email": person.email,
            "display_name": person.display_name,
            "preferred_language": "en",
            "is_active": "on",
            "roles": [Role.FACILITATOR.value],
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(pk=person.pk)
    assert user_roles(person) == {Role.RESIDENT, Role.FACILITATOR}
    assert not person.is_superuser

    # Unticking every role leaves the person a resident.
    client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        {"email": person.email, "preferred_language": "en", "is_active": "on"},
    )
    assert user_roles(User.objects.get(pk=person.pk)) == {Role.RESIDENT}


@role_required(Role.FACILITATOR)
class FacilitatorOnlyConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        await self.accept()


@role_required(Role.COORDINATOR, Role.COMMITTEE_MEMBER)
class CoordinatorOrCommitteeConsumer(JsonWebsocketConsumer):
    def connect(self):
        self.accept()


async def connect_as(consumer_class, user):
    communicator = WebsocketCommunicator(consumer_class.as_asgi(), "/ws/test/")
    communicator.scope["user"] = user
    connected, close_code = await communicator.connect()
    await communicator.disconnect()
    return connected, close_code


@pytest.mark.django_db(transaction=True)
async def test_consumers_refuse_anonymous_visitors():
    for consumer in (FacilitatorOnlyConsumer, CoordinatorOrCommitteeConsumer):
        connected, code = await connect_as(consumer, AnonymousUser())
        assert (connected, code) == (False, WEBSOCKET_CLOSE_UNAUTHENTICATED)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("user_role", list(Role))
async def test_consumers_admit_only_their_roles(user_role):
    user = await sync_to_async(user_with_role)(user_role)
    connected, code = await connect_as(FacilitatorOnlyConsumer, user)
    assert connected == (user_role == Role.FACILITATOR)
    if not connected:
        assert code == WEBSOCKET_CLOSE_FORBIDDEN

    connected, code = await connect_as(CoordinatorOrCommitteeConsumer, user)
    assert connected == (user_role in (Role.COORDINATOR, Role.COMMITTEE_MEMBER))
    if not connected:
        assert code == WEBSOCKET_CLOSE_FORBIDDEN
