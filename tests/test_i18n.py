"""Every page in every configured language: prefixes, redirects, the switcher, lang and dir."""

import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info

from commonground.formatting import format_date_local, format_datetime_local
from commonground.languages import language_name_local
from tests.factories import UserFactory
from tests.helpers import translated

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
EXPECTED_HTML_LANG = {
    "en": "en",
    "es": "es",
    "ht": "ht",
    "zh-hans": "zh-Hans",
    "zh-hant": "zh-Hant",
    "vi": "vi",
    "kea": "kea",
    "pt-br": "pt-BR",
    "ru": "ru",
    "ar": "ar",
    "so": "so",
    "fr": "fr",
}
ACCOUNT_PAGES = {
    "account_login": "Sign in",
    "account_signup": "Create an account",
    "account_request_login_code": "Sign in with a code",
    "account_reset_password": "Reset your password",
}

pytestmark = pytest.mark.django_db


def test_the_twelve_languages_of_bostons_language_access_office_are_configured():
    assert list(EXPECTED_HTML_LANG) == LANGUAGE_CODES


def test_django_knows_every_configured_language():
    for code in ("ht", "kea", "so"):
        assert code in LANG_INFO
    assert get_language_info("ht")["name_local"] == "Kreyòl Ayisyen"
    assert get_language_info("so")["name_local"] == "Soomaali"
    assert get_language_info("kea")["bidi"] is False
    assert get_language_info("ar")["bidi"] is True
    assert settings.LANGUAGES_BIDI == ["ar"]


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_home_page_renders_in_every_language_with_correct_lang_and_dir(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    body = response.content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{EXPECTED_HTML_LANG[language]}" dir="{direction}">' in body
    assert response["Content-Language"] == language
    heading = translated(
        language,
        "Talk about race with your neighbors. Shape what %(city_name)s does next.",
        city_name=settings.CITY_NAME,
    )
    assert heading in body


@pytest.mark.parametrize("language", LANGUAGE_CODES)
@pytest.mark.parametrize("page", list(ACCOUNT_PAGES))
def test_account_pages_use_our_templates_in_every_language(client, language, page):
    with translation.override(language):
        url = reverse(page)
    body = client.get(url).content.decode()
    title = translated(language, ACCOUNT_PAGES[page])
    assert f"<h1>{title}</h1>" in body
    assert 'class="site-header"' in body  # our layout, not allauth's


@pytest.mark.parametrize("language", ["ht", "kea", "so", "vi"])
def test_allauth_form_labels_are_translated_where_allauth_has_no_catalog(client, language):
    body = client.get(f"/{language}/accounts/login/").content.decode()
    assert translated(language, "Password") in body
    assert translated(language, "Remember Me") in body


def test_language_switcher_offers_every_language_in_its_own_name(client):
    body = client.get("/en/").content.decode()
    for code in LANGUAGE_CODES:
        assert f'<button type="submit" name="language" value="{code}" lang="{code}"' in body, code
    assert ">Español</button>" in body
    assert ">Kreyòl Ayisyen</button>" in body
    assert ">中文 (简体)</button>" in body
    assert ">中文 (繁體)</button>" in body
    assert ">العربية</button>" in body
    assert ">Kabuverdianu</button>" in body
    assert re.search(r'value="en" lang="en" aria-current="true"', body)


def test_language_names_come_from_cldr():
    assert language_name_local("vi") == "Tiếng Việt"
    assert language_name_local("pt-br") == "Português (Brasil)"


def test_unprefixed_path_follows_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/vi/"
    response = client.get("/me/", HTTP_ACCEPT_LANGUAGE="pt-BR")
    assert response["Location"] == "/pt-br/me/"


def test_unprefixed_path_follows_the_accounts_preferred_language_first(client):
    client.force_login(UserFactory(preferred_language="so"))
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response["Location"] == "/so/"


def test_unprefixed_path_falls_back_to_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert response["Location"] == "/en/"


def test_switching_language_goes_to_the_same_page_and_is_remembered(client):
    response = client.post(
        reverse("language_switch"), {"language": "zh-hant", "next": "/en/accounts/login/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/zh-hant/accounts/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"
    # The cookie then beats the browser's header for pages without a prefix.
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response["Location"] == "/zh-hant/"


def test_switching_language_while_signed_in_updates_the_preference(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)
    client.post(reverse("language_switch"), {"language": "ht", "next": "/en/me/"})
    user.refresh_from_db()
    assert user.preferred_language == "ht"


def test_switching_to_an_unknown_language_changes_nothing(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)
    response = client.post(reverse("language_switch"), {"language": "xx", "next": "/en/me/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_switching_language_never_redirects_off_site(client):
    response = client.post(
        reverse("language_switch"), {"language": "es", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_dates_are_formatted_for_the_readers_locale_in_the_city_time_zone():
    # 02:30 UTC on 1 March is still 28 February in Boston.
    moment = datetime(2027, 3, 1, 2, 30, tzinfo=UTC)
    assert format_date_local(moment, language="en") == "February 28, 2027"
    assert format_date_local(moment, language="es") == "28 de febrero de 2027"
    assert format_date_local(moment, language="vi") == "28 tháng 2, 2027"
    assert "21:30" in format_datetime_local(moment, language="fr")
    assert "9:30" in format_datetime_local(moment, language="en")
