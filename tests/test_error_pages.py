"""Pages for things going wrong: refused, missing, too many attempts, an expired form."""

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from tests.helpers import translated

pytestmark = pytest.mark.django_db


def test_missing_page_is_translated_and_keeps_the_site_frame(client):
    response = client.get("/vi/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert translated("vi", "We cannot find that page") in body
    assert 'class="site-header"' in body


def test_an_expired_form_says_nothing_was_saved_in_the_readers_language():
    csrf_client = Client(enforce_csrf_checks=True)
    user = UserFactory(display_name="Before")
    csrf_client.force_login(user)
    with translation.override("so"):
        url = reverse("accounts:dashboard")
    response = csrf_client.post(url, {"display_name": "After", "preferred_language": "so"})
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="so" dir="ltr">' in body
    assert translated("so", "This form has expired") in body
    user.refresh_from_db()
    assert user.display_name == "Before"


def test_too_many_codes_for_one_address_are_refused_and_no_more_mail_is_sent():
    user = UserFactory(email="flood@example.org")
    with translation.override("fr"):
        url = reverse("account_request_login_code")
    # Each request from a fresh browser, as someone flooding an inbox would send them.
    responses = [Client().post(url, {"email": user.email}) for _ in range(4)]
    # allauth sends at most three codes a minute to one address.
    assert [response.status_code for response in responses] == [302, 302, 302, 200]
    refusal = translated("fr", "Too many failed login attempts. Try again later.")
    assert refusal in responses[3].content.decode()
    assert len(mail.outbox) == 3


def test_too_many_signups_from_one_address_get_a_polite_429(client):
    with translation.override("ar"):
        url = reverse("account_signup")
    for number in range(20):
        client.post(url, {"email": f"person{number}@example.org", "preferred_language": "ar"})
        client.cookies.clear()
    response = client.post(url, {"email": "one-more@example.org", "preferred_language": "ar"})
    assert response.status_code == 429
    body = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert translated("ar", "Please wait a moment") in body


def test_a_server_error_page_renders_without_a_request_in_the_readers_language():
    # Django's handler500 renders the template with no context at all.
    with translation.override("zh-hant"):
        body = render_to_string("500.html")
    assert '<html lang="zh-Hant" dir="ltr">' in body
    assert translated("zh-hant", "Something went wrong") in body
