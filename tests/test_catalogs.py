"""Every interface string is in every configured language's catalog."""

import gettext

import pytest
from django.conf import settings

from commonground import catalogs

NON_SOURCE_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


@pytest.fixture(scope="module")
def interface_messages():
    return catalogs.interface_messages()


def test_extraction_finds_strings_from_our_templates_code_and_allauth(interface_messages):
    ids = {message.id for message in interface_messages}
    assert "Skip to main content" in ids  # templates/base.html
    assert "Your profile is saved." in ids  # accounts/views.py
    assert "Incorrect code." in ids  # allauth's adapter
    assert "This field is required." in ids  # Django's forms


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_catalog_translates_every_interface_string(interface_messages, language):
    missing = catalogs.missing_translations(language, interface_messages)
    assert not missing, (
        f"{len(missing)} strings missing from locale/{language}: {missing[:10]}. "
        "Run `make messages`, then translate them."
    )


@pytest.mark.parametrize("language", NON_SOURCE_LANGUAGES)
def test_translations_keep_the_placeholders_of_the_original(language):
    assert catalogs.placeholder_errors(language) == []


@pytest.mark.parametrize("language", NON_SOURCE_LANGUAGES)
def test_each_catalog_says_it_is_a_draft_awaiting_community_review(language):
    header = catalogs.catalog_path(language).read_text(encoding="utf-8").split("msgid", 1)[0]
    assert catalogs.DRAFT_NOTICE.split(":")[0] in header
    assert "community" in header


@pytest.mark.parametrize("language", NON_SOURCE_LANGUAGES)
def test_compiled_catalog_carries_the_translations_of_its_source(language):
    mo_path = catalogs.compile_catalog(language)
    with mo_path.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    source = catalogs.read_catalog(language)
    for message_id in ("Skip to main content", "Sign in", "Incorrect code."):
        expected = source.get(message_id).string
        assert expected and expected != message_id
        assert compiled.gettext(message_id) == expected
