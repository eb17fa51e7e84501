"""The account rules the database itself enforces, and profile changes."""

import threading

import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.urls import reverse

from accounts.models import User
from accounts.services import UnsupportedLanguage, user_create, user_profile_update
from tests.factories import UserFactory


@pytest.mark.django_db
def test_one_account_per_address_whatever_its_case():
    User.objects.create(email="ana@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        # Bypasses the manager's normalisation: the constraint alone must refuse it.
        User.objects.create(email="ANA@Example.ORG")
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_addresses_are_stored_in_lower_case():
    user = user_create(email="Kim.Nguyen@Example.ORG")
    assert user.email == "kim.nguyen@example.org"


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_signups_with_one_address_create_one_account():
    """Two requests race to create the same account in different case: exactly one wins."""
    barrier = threading.Barrier(2)
    outcomes = []

    def create(email):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                User.objects.create(email=email)
            outcomes.append("created")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=create, args=(email,))
        for email in ("race@example.org", "RACE@example.org")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "refused"]
    assert User.objects.filter(email__iexact="race@example.org").count() == 1


@pytest.mark.django_db
def test_the_profile_refuses_a_language_the_city_does_not_offer():
    user = UserFactory(preferred_language="en")
    with pytest.raises(UnsupportedLanguage):
        user_profile_update(user=user, display_name="Kim", preferred_language="xx")
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) != ("Kim", "xx")
    assert user.preferred_language == "en"


@pytest.mark.django_db
def test_profile_page_saves_changes_and_shows_the_page_in_the_new_language(client):
    user = UserFactory(display_name="Old name", preferred_language="en")
    client.force_login(user)
    response = client.post(
        reverse("accounts:dashboard"), {"display_name": "Nadia", "preferred_language": "ar"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ar/me/"
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("Nadia", "ar")


@pytest.mark.django_db
def test_profile_page_rejects_bad_input_and_changes_nothing(client):
    user = UserFactory(display_name="Kept", preferred_language="en")
    client.force_login(user)
    response = client.post(
        reverse("accounts:dashboard"), {"display_name": "x" * 81, "preferred_language": "xx"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Select a valid choice." in body
    assert "Ensure this value has at most 80 characters" in body
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("Kept", "en")
