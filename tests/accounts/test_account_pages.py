"""The signed-in account pages allauth serves render with our templates, in every language."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from tests.helpers import translated

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = {
    "account_email": "Your email address",
    "account_change_password": "Change your password",
    "account_logout": "Sign out",
}


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("page", list(SIGNED_IN_PAGES))
def test_signed_in_account_pages(client, language, page):
    client.force_login(UserFactory())
    with translation.override(language):
        url = reverse(page)
    body = client.get(url).content.decode()
    assert f"<h1>{translated(language, SIGNED_IN_PAGES[page])}</h1>" in body
    assert 'class="site-header"' in body


def test_an_account_without_a_password_is_offered_to_set_one(client):
    client.force_login(UserFactory(password=None))
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("account_set_password") in body
    assert reverse("account_change_password") not in body
    response = client.get(reverse("account_set_password"))
    assert f"<h1>{translated('en', 'Set a password')}</h1>" in response.content.decode()


def test_changing_the_email_address_needs_the_new_address_confirmed(client):
    user = UserFactory(email="old@example.org")
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    user.refresh_from_db()
    # Until the code sent to the new address is entered, mail still goes to the old one.
    assert user.email == "old@example.org"
    body = client.get(reverse("account_email")).content.decode()
    assert "new@example.org" in body
