"""Signing up, signing in with an emailed code or a password, and signing out."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from tests.factories import PASSWORD, UserFactory
from tests.helpers import last_code_sent_to, translated

pytestmark = pytest.mark.django_db


def url_in(language: str, name: str) -> str:
    with translation.override(language):
        return reverse(name)


def is_signed_in(client) -> bool:
    return client.get(reverse("accounts:dashboard")).status_code == 200


def test_signup_without_a_password_then_confirm_the_emailed_code(client):
    response = client.post(
        url_in("es", "account_signup"),
        {
            "email": "Ana.Lopez@Example.org",
            "display_name": "Ana",
            "preferred_language": "es",
            "password1": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url_in("es", "account_email_verification_sent")
    assert not is_signed_in(client)

    # The confirmation is written in the language of the page, as text and accessible HTML.
    (message,) = mail.outbox
    assert message.to == ["ana.lopez@example.org"]
    assert message.subject == translated(
        "es", "Confirm your email address for Common Ground %(city_name)s", city_name="Boston"
    )
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="es" dir="ltr">' in html

    code = last_code_sent_to("ana.lopez@example.org")
    response = client.post(url_in("es", "account_email_verification_sent"), {"code": code})
    assert response.status_code == 302
    assert is_signed_in(client)

    user = User.objects.get(email="ana.lopez@example.org")
    assert user.display_name == "Ana"
    assert user.preferred_language == "es"
    assert not user.has_usable_password()
    assert user_has_role(user, Role.RESIDENT)
    assert not user_has_role(user, Role.FACILITATOR)


def test_signup_with_a_password_lets_the_person_sign_in_with_it_later(client):
    client.post(
        url_in("en", "account_signup"),
        {"email": "sam@example.org", "preferred_language": "en", "password1": PASSWORD},
    )
    code = last_code_sent_to("sam@example.org")
    client.post(url_in("en", "account_email_verification_sent"), {"code": code})
    client.post(url_in("en", "account_logout"))
    assert not is_signed_in(client)

    response = client.post(
        url_in("en", "account_login"), {"login": "sam@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_wrong_confirmation_code_is_refused_with_a_translated_error(client):
    client.post(
        url_in("fr", "account_signup"),
        {"email": "lea@example.org", "preferred_language": "fr", "password1": ""},
    )
    code = last_code_sent_to("lea@example.org")
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(url_in("fr", "account_email_verification_sent"), {"code": wrong})
    assert response.status_code == 200
    assert translated("fr", "Incorrect code.") in response.content.decode()
    assert not is_signed_in(client)


def test_signing_up_again_with_the_same_address_in_other_case_creates_no_second_account(client):
    UserFactory(email="maya@example.org")
    client.post(
        url_in("en", "account_signup"),
        {"email": "MAYA@example.org", "preferred_language": "en", "password1": ""},
    )
    assert User.objects.filter(email__iexact="maya@example.org").count() == 1
    # The owner of the address learns that someone tried, without the site revealing it.
    (message,) = mail.outbox
    assert "already have an account" in message.subject


def test_login_by_code_for_an_account_without_a_password(client):
    user = UserFactory(email="kofi@example.org", password=None, preferred_language="ht")
    assert not user.has_usable_password()

    response = client.post(url_in("ht", "account_request_login_code"), {"email": user.email})
    assert response.status_code == 302
    assert response["Location"] == url_in("ht", "account_confirm_login_code")

    (message,) = mail.outbox
    # In Haitian Creole, the language of the page.
    assert message.subject == translated(
        "ht", "Your sign-in code for Common Ground %(city_name)s", city_name="Boston"
    )
    response = client.post(
        url_in("ht", "account_confirm_login_code"), {"code": last_code_sent_to(user.email)}
    )
    assert response.status_code == 302
    assert is_signed_in(client)


def test_login_by_code_rejects_a_wrong_code(client):
    user = UserFactory(email="lin@example.org")
    client.post(url_in("en", "account_request_login_code"), {"email": user.email})
    code = last_code_sent_to(user.email)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(url_in("en", "account_confirm_login_code"), {"code": wrong})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not is_signed_in(client)


def test_login_with_a_wrong_password_fails_and_says_why(client):
    UserFactory(email="omar@example.org")
    response = client.post(
        url_in("en", "account_login"), {"login": "omar@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert not is_signed_in(client)


def test_logout_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    assert is_signed_in(client)
    response = client.post(url_in("en", "account_logout"))
    assert response.status_code == 302
    assert response["Location"] == url_in("en", "home")
    assert not is_signed_in(client)


def test_password_reset_by_code(client):
    user = UserFactory(email="nia@example.org")
    client.post(url_in("en", "account_reset_password"), {"email": user.email})
    code = last_code_sent_to(user.email)
    response = client.post(url_in("en", "account_confirm_password_reset_code"), {"code": code})
    assert response.status_code == 302
    response = client.post(
        response["Location"],
        {"password1": "a-brand-new-password-7", "password2": "a-brand-new-password-7"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-password-7")
