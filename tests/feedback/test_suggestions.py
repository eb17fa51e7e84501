"""Keyword suggestions: found in every language residents write in, explained in the reader's
language, never made again once rejected, and never counted before a person confirms them."""

import pytest

from feedback.models import FeedbackItem, Theme, ThemeTag
from feedback.services import feedback_item_create
from feedback.suggestions import (
    suggestion_reason_text,
    theme_for_label,
    theme_suggestions_create,
    theme_suggestions_refresh,
)
from feedback.themes.selectors import confirmed_item_counts_by_theme
from tests.factories import DialogueFactory

pytestmark = pytest.mark.django_db

HOUSING_KEYWORDS = {
    "en": ["rent", "eviction", "landlord"],
    "es": ["renta", "desalojo", "alquiler"],
    "zh-hans": ["房租", "房东"],
}
EDUCATION_KEYWORDS = {"en": ["school", "teacher"], "es": ["escuela"], "zh-hans": ["学校"]}


@pytest.fixture
def themes() -> dict[str, Theme]:
    """Two themes with known keyword lists; the seeded themes keep their names but suggest
    nothing, so that each test knows exactly what to expect."""
    Theme.objects.update(keywords={})
    housing, _ = Theme.objects.update_or_create(
        slug="housing",
        defaults={
            "name": {"en": "Housing and built environment", "es": "Vivienda"},
            "keywords": HOUSING_KEYWORDS,
            "is_active": True,
        },
    )
    education, _ = Theme.objects.update_or_create(
        slug="education",
        defaults={"name": {"en": "Education"}, "keywords": EDUCATION_KEYWORDS, "is_active": True},
    )
    return {"housing": housing, "education": education}


@pytest.fixture
def session():
    return DialogueFactory().sessions.get()


def said(session, text: str, language: str) -> FeedbackItem:
    item = feedback_item_create(
        session=session, kind=FeedbackItem.Kind.CONTRIBUTION, text=text, language=language
    )
    theme_suggestions_create(item_ids=[item.pk])
    return item


def suggested(item: FeedbackItem) -> dict[str, dict]:
    return {
        tag.theme.slug: tag.reason
        for tag in item.tags.filter(status=ThemeTag.Status.SUGGESTED).select_related("theme")
    }


def test_spanish_keywords_suggest_a_theme_and_say_which_words_matched(themes, session):
    item = said(session, "Subieron la Renta otra vez y tenemos miedo al desalojo.", "es")
    assert suggested(item) == {"housing": {"keywords": {"es": ["desalojo", "renta"]}}}


def test_chinese_keywords_match_inside_a_sentence_without_spaces(themes, session):
    item = said(session, "我们的房租每年都涨孩子的学校也很远。", "zh-hans")
    reasons = suggested(item)
    assert reasons["housing"] == {"keywords": {"zh-hans": ["房租"]}}
    assert reasons["education"] == {"keywords": {"zh-hans": ["学校"]}}


def test_english_keywords_find_plurals_but_not_other_words_containing_them(themes, session):
    item = said(session, "The schools need more teachers.", "en")
    assert suggested(item) == {"education": {"keywords": {"en": ["school", "teacher"]}}}
    assert suggested(said(session, "My preschooler loves the parent lounge.", "en")) == {}


def test_every_language_list_is_tried_because_residents_mix_languages(themes, session):
    item = said(session, "The rent is too high, la renta sube.", "en")
    assert suggested(item) == {"housing": {"keywords": {"en": ["rent"], "es": ["renta"]}}}


def test_the_reason_reads_as_plain_words_in_the_readers_language():
    reason = {"keywords": {"es": ["desalojo", "renta"]}}
    assert suggestion_reason_text(reason, "en") == "Matched “desalojo” and “renta” in Spanish."
    assert "desalojo" in suggestion_reason_text(reason, "fr")
    assert "espagnol" in suggestion_reason_text(reason, "fr").lower()
    two = {"keywords": {"en": ["rent"], "es": ["renta"]}}
    assert suggestion_reason_text(two, "en") == "Matched “rent” in English and “renta” in Spanish."


def test_a_suggestion_counts_nowhere_until_a_person_confirms_it(themes, session):
    item = said(session, "La renta sube.", "es")
    assert confirmed_item_counts_by_theme() == {}
    tag = item.tags.get()
    tag.status = ThemeTag.Status.CONFIRMED
    tag.decided_at = tag.suggested_at
    tag.save()
    assert confirmed_item_counts_by_theme() == {themes["housing"].pk: 1}


def test_a_rejected_suggestion_is_never_made_again(themes, session):
    item = said(session, "La renta sube.", "es")
    ThemeTag.objects.filter(item=item).update(
        status=ThemeTag.Status.REJECTED, decided_at=item.created_at
    )
    assert theme_suggestions_create(item_ids=[item.pk]) == 0
    theme_suggestions_refresh()
    assert list(item.tags.values_list("status", flat=True)) == [ThemeTag.Status.REJECTED]


def test_refresh_follows_new_keywords_and_keeps_what_people_decided(themes, session):
    confirmed = said(session, "La renta sube.", "es")
    rejected = said(session, "Un desalojo en mi calle.", "es")
    open_item = said(session, "Busco alquiler.", "es")
    ThemeTag.objects.filter(item=confirmed).update(
        status=ThemeTag.Status.CONFIRMED, decided_at=confirmed.created_at
    )
    ThemeTag.objects.filter(item=rejected).update(
        status=ThemeTag.Status.REJECTED, decided_at=rejected.created_at
    )
    untagged = said(session, "Necesitamos vivienda.", "es")
    assert suggested(untagged) == {}

    Theme.objects.filter(pk=themes["housing"].pk).update(
        keywords={"es": ["vivienda", "desalojo", "renta"]}
    )
    theme_suggestions_refresh()

    assert confirmed.tags.get().status == ThemeTag.Status.CONFIRMED
    assert rejected.tags.get().status == ThemeTag.Status.REJECTED
    assert suggested(open_item) == {}  # "alquiler" is no longer a keyword
    assert suggested(untagged) == {"housing": {"keywords": {"es": ["vivienda"]}}}


def test_items_a_person_already_tagged_get_no_more_suggestions(themes, session):
    item = feedback_item_create(
        session=session, kind=FeedbackItem.Kind.CONTRIBUTION, text="La escuela", language="es"
    )
    ThemeTag.objects.create(
        item=item,
        theme=themes["housing"],
        status=ThemeTag.Status.CONFIRMED,
        decided_at=item.created_at,
    )
    assert theme_suggestions_create(item_ids=[item.pk]) == 0
    theme_suggestions_refresh()
    assert suggested(item) == {}


def test_retired_themes_are_not_suggested(themes, session):
    Theme.objects.filter(pk=themes["housing"].pk).update(is_active=False)
    assert suggested(said(session, "La renta sube.", "es")) == {}


def test_a_console_label_names_a_theme_by_slug_or_by_name_in_any_language(themes):
    every = list(Theme.objects.all())
    assert theme_for_label("Housing", every) == themes["housing"]
    assert theme_for_label(" vivienda ", every) == themes["housing"]
    assert theme_for_label("education", every) == themes["education"]
    assert theme_for_label("renta", every) is None
