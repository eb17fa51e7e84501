"""The outbox in the admin: filters, counts per day, and a one-click retry."""

import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from notifications.models import Notification
from notifications.services import notification_enqueue
from tests.email_backends import provider_error
from tests.factories import user_with_role
from tests.notifications.conftest import INVITATION

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinators_see_the_outbox_with_counts_and_retry_a_failure(client, scripted_provider):
    scripted_provider.script = [provider_error(422, "Invalid From address")]
    notification_enqueue(
        kind=INVITATION.key, idempotency_key="invitation:1", email="a@example.org", context={}
    )
    notification_enqueue(
        kind=INVITATION.key, idempotency_key="invitation:2", email="b@example.org", context={}
    )
    client.force_login(user_with_role(Role.COORDINATOR))
    changelist = reverse("admin:notifications_notification_changelist")
    page = client.get(changelist).content.decode()
    assert "Emails per day" in page
    # Today's row: one sent, one failed, none suppressed.
    today = re.search(r'<th scope="row">[^<]+</th>\s*<td>(\d+)</td>\s*<td>(\d+)</td>', page)
    assert today.groups() == ("1", "1")

    failed_page = client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert "a@example.org" in failed_page and "b@example.org" not in failed_page

    failed = Notification.objects.get(status=Notification.Status.FAILED)
    retry_url = reverse("admin:notifications_notification_retry", args=[failed.pk])
    assert retry_url in failed_page
    response = client.post(retry_url)
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Notification.Status.SENT


def test_the_retry_button_is_refused_to_others_and_to_get_requests(client):
    (row,) = notification_enqueue(
        kind=INVITATION.key, idempotency_key="invitation:1", email="a@example.org", context={}
    )
    retry_url = reverse("admin:notifications_notification_retry", args=[row.pk])
    client.force_login(user_with_role(Role.FACILITATOR))
    assert client.post(retry_url).status_code == 403
    client.force_login(user_with_role(Role.COORDINATOR))
    assert client.get(retry_url).status_code == 405


def test_the_outbox_cannot_be_edited_or_deleted_from_the_admin(client):
    (row,) = notification_enqueue(
        kind=INVITATION.key, idempotency_key="invitation:1", email="a@example.org", context={}
    )
    client.force_login(user_with_role(Role.COORDINATOR))
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
    assert (
        client.get(reverse("admin:notifications_notification_delete", args=[row.pk])).status_code
        == 403
    )
    client.post(
        reverse("admin:notifications_notification_change", args=[row.pk]),
        {"email": "changed@example.org"},
    )
    row.refresh_from_db()
    assert row.email == "a@example.org"
