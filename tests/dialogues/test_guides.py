"""Discussion guides: versions that never change once saved, validation that writes nothing,
one default guide, translation completeness with visible fallbacks, and who may see what."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.roles import Role
from dialogues.guides.selectors import (
    current_version,
    guide_completeness,
    guide_for_session,
    guide_version_for_session,
    version_segments,
)
from dialogues.guides.services import (
    GuideEmpty,
    GuideError,
    SegmentInvalid,
    guide_create,
    guide_make_default,
    guide_version_save,
)
from dialogues.models import DiscussionGuide, GuideSegment, GuideVersion, LiveRoom
from facilitators.models import Assignment
from tests.factories import DialogueFactory, user_with_role
from tests.helpers import translated

pytestmark = pytest.mark.django_db

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
REQUIRED_DEMO_LANGUAGES = ["en", "es", "ht", "zh-hans", "zh-hant", "vi"]


def segment(kind="welcome", minutes=10, **texts) -> dict:
    return {
        "kind": kind,
        "duration_minutes": minutes,
        "title": texts.get("title", {"en": f"Title of {kind}"}),
        "prompt": texts.get("prompt", {"en": f"Prompt of {kind}"}),
        "facilitator_notes": texts.get("notes", {"en": f"Notes on {kind}"}),
    }


@pytest.fixture
def coordinator():
    return user_with_role(Role.COORDINATOR)


@pytest.fixture
def guide(coordinator):
    guide = guide_create(name={"en": "Two-hour guide"}, primary_language="en", by=coordinator)
    guide_version_save(
        guide=guide,
        segments=[
            segment("welcome", 10, title={"en": "Welcome", "es": "Bienvenida"}),
            segment(
                "agreements",
                15,
                title={"en": "Agreements"},
                prompt={"en": "One person speaks at a time.", "es": "Habla una persona a la vez."},
                notes={"en": "Read each agreement aloud."},
            ),
        ],
        note="",
        by=coordinator,
    )
    return guide


def snapshot(version: GuideVersion) -> list[tuple]:
    return [
        (s.position, s.kind, s.duration_minutes, s.title, s.prompt, s.facilitator_notes)
        for s in version_segments(version)
    ]


# Versions


def test_saving_makes_a_new_version_and_leaves_the_old_one_as_it_was(guide, coordinator):
    first = current_version(guide)
    before = snapshot(first)
    second = guide_version_save(
        guide=guide,
        segments=[segment("agreements", 20), segment("closing", 5)],
        note="Shorter",
        by=coordinator,
    )
    assert (first.number, second.number) == (1, 2)
    assert current_version(guide) == second
    assert snapshot(GuideVersion.objects.get(pk=first.pk)) == before
    assert [s.kind for s in version_segments(second)] == ["agreements", "closing"]
    assert second.note == "Shorter" and second.created_by == coordinator


def test_a_live_room_keeps_the_version_it_started_with(client, guide, coordinator):
    dialogue = DialogueFactory()
    session = dialogue.sessions.get()
    first = current_version(guide)
    guide_make_default(guide=guide)
    LiveRoom.objects.create(
        session=session, guide_version=first, status="live", started_at=timezone.now()
    )
    guide_version_save(
        guide=guide,
        segments=[segment("closing", 5, prompt={"en": "A newer prompt"})],
        note="New",
        by=coordinator,
    )
    assert LiveRoom.objects.get(session=session).guide_version == first
    assert guide_version_for_session(session) == first
    client.force_login(coordinator)
    body = client.get(reverse("dialogues:session_guide", args=[session.pk])).content.decode()
    assert "One person speaks at a time." in body
    assert "A newer prompt" not in body
    with pytest.raises(ProtectedError):
        first.delete()


@pytest.mark.parametrize(
    ("segments", "error"),
    [
        ([], GuideEmpty),
        ([segment(prompt={"es": "Solo en español"})], SegmentInvalid),
        ([segment(prompt={"en": "   "})], SegmentInvalid),
        ([segment(kind="lecture")], SegmentInvalid),
        ([segment(minutes=0)], SegmentInvalid),
        ([segment(minutes=241)], SegmentInvalid),
        ([segment(), segment(prompt={"en": "x" * 2001})], SegmentInvalid),
    ],
)
def test_an_invalid_version_writes_nothing(guide, coordinator, segments, error):
    counts = (GuideVersion.objects.count(), GuideSegment.objects.count())
    with pytest.raises(error) as raised:
        guide_version_save(guide=guide, segments=segments, note="Broken", by=coordinator)
    assert str(raised.value.message)
    assert (GuideVersion.objects.count(), GuideSegment.objects.count()) == counts


def test_the_prompt_is_required_in_the_guides_primary_language(coordinator):
    guide = guide_create(name={"es": "Guía"}, primary_language="es", by=coordinator)
    with pytest.raises(SegmentInvalid) as raised:
        guide_version_save(
            guide=guide, segments=[segment(prompt={"en": "Only English"})], note="", by=None
        )
    with translation.override("en"):
        assert "needs a prompt in Spanish" in str(raised.value.message)
    version = guide_version_save(
        guide=guide, segments=[segment(prompt={"es": "Hola"})], note="", by=None
    )
    assert version.number == 1


def test_a_guide_needs_a_name_in_its_primary_language():
    with pytest.raises(GuideError):
        guide_create(name={"en": "Guide"}, primary_language="es", by=None)
    with pytest.raises(GuideError):
        guide_create(name={"en": "Guide"}, primary_language="xx", by=None)
    assert not DiscussionGuide.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_coordinators_saving_at_the_same_moment_get_consecutive_versions(guide):
    """Each save locks the guide row, so concurrent saves number their versions 2 and 3."""
    barrier = threading.Barrier(2)

    def save(number: int) -> None:
        try:
            barrier.wait()
            guide_version_save(
                guide=guide, segments=[segment(minutes=number)], note=f"Save {number}", by=None
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as executor:
        for future in [executor.submit(save, number) for number in (20, 30)]:
            future.result()
    assert sorted(guide.versions.values_list("number", flat=True)) == [1, 2, 3]
    assert GuideSegment.objects.filter(version__number__gt=1).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_choosing_defaults_at_once_leave_one_default():
    guides = [
        guide_create(name={"en": f"Guide {n}"}, primary_language="en", by=None) for n in range(3)
    ]
    guide_make_default(guide=guides[0])
    barrier = threading.Barrier(2)

    def choose(guide) -> None:
        try:
            barrier.wait()
            guide_make_default(guide=guide)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as executor:
        for future in [executor.submit(choose, guide) for guide in guides[1:]]:
            future.result()
    assert DiscussionGuide.objects.filter(is_default=True).count() == 1


# The default guide


def test_making_a_guide_default_clears_the_previous_default(guide):
    other = guide_create(name={"en": "Other"}, primary_language="en", by=None)
    guide_make_default(guide=guide)
    guide_make_default(guide=other)
    assert list(DiscussionGuide.objects.filter(is_default=True)) == [other]
    guide_make_default(guide=other)
    assert DiscussionGuide.objects.filter(is_default=True).count() == 1


def test_a_session_uses_its_programs_guide_else_the_default(guide):
    session = DialogueFactory().sessions.get()
    assert guide_for_session(session) is None
    guide_make_default(guide=guide)
    assert guide_for_session(session) == guide
    own = guide_create(name={"en": "Own"}, primary_language="en", by=None)
    program = session.dialogue.program
    program.discussion_guide = own
    program.save(update_fields=["discussion_guide"])
    session.refresh_from_db()
    assert guide_for_session(session) == own


def test_the_guide_list_switches_the_default(client, guide, coordinator):
    other = guide_create(name={"en": "Other guide"}, primary_language="en", by=None)
    guide_version_save(guide=other, segments=[segment()], note="", by=None)
    guide_make_default(guide=guide)
    client.force_login(coordinator)
    response = client.post(reverse("dialogues:guide_make_default", args=[other.pk]))
    assert response.status_code == 302
    assert list(DiscussionGuide.objects.filter(is_default=True)) == [other]


# Completeness and fallbacks


def test_completeness_counts_what_each_language_lacks(guide):
    languages = {c.code: c for c in guide_completeness(version_segments(current_version(guide)))}
    assert list(languages) == LANGUAGE_CODES
    assert languages["en"].is_complete and languages["en"].missing_notes == 0
    spanish = languages["es"]
    # Segment 1 has a Spanish title only; segment 2 a Spanish prompt only.
    assert (spanish.missing_titles, spanish.missing_prompts, spanish.missing_notes) == (1, 1, 2)
    assert [missing for _s, missing in spanish.missing_by_segment] == [
        ["prompt", "facilitator_notes"],
        ["title", "facilitator_notes"],
    ]
    assert languages["vi"].missing_public == 4


def row(body: str, code: str) -> str:
    match = re.search(rf'<tr id="language-{code}".*?</tr>', body, re.DOTALL)
    assert match, code
    return re.sub(r"\s+", " ", match.group(0))


def test_the_completeness_page_shows_languages_by_segments(client, guide, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("dialogues:guide_completeness", args=[guide.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for code in LANGUAGE_CODES:
        assert f'id="language-{code}"' in body
    spanish = row(body, "es")
    cells = re.findall(r"<td>(.*?)</td>", spanish)
    assert cells[:3] == ["1", "1", "2"]
    assert "prompt" in cells[3] and "title" not in cells[3]
    assert "title" in cells[4] and "prompt" not in cells[4]
    english = row(body, "en")
    assert re.findall(r"<td>(.*?)</td>", english)[:3] == ["0", "0", "0"]
    assert english.count(">complete<") == 2
    assert "guide-completeness__incomplete" in spanish
    assert "guide-completeness__incomplete" not in english


def test_the_guide_list_summarizes_completeness(client, guide, coordinator):
    guide_make_default(guide=guide)
    client.force_login(coordinator)
    body = client.get(reverse("dialogues:guide_list")).content.decode()
    assert "Two-hour guide" in body
    assert "Default guide" in body
    assert "Version 1" in body
    assert "2 segments" in body and "25 minutes" in body
    assert f"complete in 1 of {len(LANGUAGE_CODES)} languages" in body
    assert "Spanish: 2 missing" in body


def test_a_missing_translation_falls_back_to_the_primary_language_marked(client, coordinator):
    guide = guide_create(name={"es": "Guía de prueba"}, primary_language="es", by=coordinator)
    guide_version_save(
        guide=guide,
        segments=[
            segment(
                title={"es": "Bienvenida", "en": "Welcome"},
                prompt={"es": "¿Qué le trajo aquí?", "en": "What brought you here?"},
                notes={"es": "Empiece a tiempo."},
            )
        ],
        note="",
        by=coordinator,
    )
    client.force_login(coordinator)
    with translation.override("vi"):
        version_url = reverse("dialogues:guide_version", args=[guide.pk, 1])
    body = client.get(version_url).content.decode()
    # Vietnamese readers see the Spanish text (the primary language, before English), marked.
    assert "¿Qué le trajo aquí?" in body
    assert "What brought you here?" not in body
    assert '<div class="translated" lang="es" dir="auto">' in body
    assert '<span lang="es" dir="auto">Bienvenida</span> <span class="fallback-note">' in body
    assert '<span lang="es" dir="auto">Guía de prueba</span>' in body
    assert body.count('class="fallback-note"') >= 3
    # English readers see English, unmarked; the notes fall back to Spanish, marked.
    with translation.override("en"):
        english_url = reverse("dialogues:guide_version", args=[guide.pk, 1])
    body = client.get(english_url).content.decode()
    assert "What brought you here?" in body
    assert '<div class="translated" lang="es" dir="auto"><p>Empiece a tiempo.</p></div>' in body
    assert "Not yet translated: shown in Spanish." in body


# Editing through the page


def management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def segment_fields(index: int, kind: str, minutes, order, prompt_en: str, **extra) -> dict:
    data = {
        f"segments-{index}-kind": kind,
        f"segments-{index}-duration_minutes": str(minutes),
        f"segments-{index}-ORDER": str(order),
    }
    for position, code in enumerate(LANGUAGE_CODES):
        data[f"segments-{index}-title_{position}"] = extra.get(f"title_{code}", "")
        data[f"segments-{index}-prompt_{position}"] = prompt_en if code == "en" else ""
        data[f"segments-{index}-facilitator_notes_{position}"] = ""
    return data


def test_the_editor_is_prefilled_from_the_current_version(client, guide, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("dialogues:guide_edit", args=[guide.pk]))
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.initial_form_count() == 2
    assert len(formset.forms) == 3  # and one blank segment to add
    body = response.content.decode()
    assert "One person speaks at a time." in body
    assert "Habla una persona a la vez." in body
    assert "1. Welcome and introductions, 10 min" in body
    assert "Add a segment" in body


def test_the_editor_reorders_removes_and_adds_segments(client, guide, coordinator):
    client.force_login(coordinator)
    data = {
        **management("segments", 3, 2),
        # The welcome moves after the agreements; the agreements are removed; one is added.
        **segment_fields(0, "welcome", 12, 2, "Welcome, everyone"),
        **segment_fields(1, "agreements", 15, 1, "One person speaks at a time."),
        "segments-1-DELETE": "on",
        **segment_fields(2, "closing", 5, "", "What will you take with you?"),
        "note": "Reordered",
    }
    data["segments-0-title_1"] = "Bienvenida"
    response = client.post(reverse("dialogues:guide_edit", args=[guide.pk]), data)
    assert response.status_code == 302
    version = current_version(guide)
    assert version.number == 2 and version.note == "Reordered"
    segments = version_segments(version)
    assert [(s.kind, s.duration_minutes) for s in segments] == [("welcome", 12), ("closing", 5)]
    assert segments[0].title == {"es": "Bienvenida"}
    assert segments[1].prompt == {"en": "What will you take with you?"}
    assert [s.kind for s in version_segments(guide.versions.get(number=1))] == [
        "welcome",
        "agreements",
    ]


def test_the_editor_refuses_a_segment_without_a_primary_prompt(client, guide, coordinator):
    client.force_login(coordinator)
    data = {
        **management("segments", 1, 1),
        **segment_fields(0, "welcome", 10, 1, ""),
        "note": "Oops",
    }
    response = client.post(reverse("dialogues:guide_edit", args=[guide.pk]), data)
    assert response.status_code == 200
    assert "Write the prompt in English" in response.content.decode()
    assert guide.versions.count() == 1


def test_the_editor_asks_what_changed_after_the_first_version(client, guide, coordinator):
    client.force_login(coordinator)
    data = {**management("segments", 1, 1), **segment_fields(0, "welcome", 10, 1, "Hello")}
    response = client.post(reverse("dialogues:guide_edit", args=[guide.pk]), data)
    assert response.status_code == 200
    assert response.context["note_form"].errors
    assert guide.versions.count() == 1


def test_creating_a_guide_leads_to_its_first_version(client, coordinator):
    client.force_login(coordinator)
    data = {"primary_language": "en"}
    for position, code in enumerate(LANGUAGE_CODES):
        data[f"name_{position}"] = {"en": "Evening guide", "es": "Guía de la tarde"}.get(code, "")
    response = client.post(reverse("dialogues:guide_create"), data)
    guide = DiscussionGuide.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dialogues:guide_edit", args=[guide.pk])
    assert guide.name == {"en": "Evening guide", "es": "Guía de la tarde"}
    response = client.post(
        response["Location"],
        {**management("segments", 1, 0), **segment_fields(0, "welcome", 10, 1, "Hello")},
    )
    assert response.status_code == 302
    assert current_version(guide).number == 1


def test_an_old_version_is_read_only(client, guide, coordinator):
    guide_version_save(guide=guide, segments=[segment("closing", 5)], note="New", by=None)
    client.force_login(coordinator)
    response = client.get(reverse("dialogues:guide_version", args=[guide.pk, 1]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "This is an earlier version" in body
    assert "<form" not in body.split('id="main"')[1].split("</main>")[0]
    assert client.get(reverse("dialogues:guide_version", args=[guide.pk, 9])).status_code == 404


# Who may see what


def coordinator_pages(guide) -> list[tuple[str, list]]:
    return [
        ("dialogues:guide_list", []),
        ("dialogues:guide_create", []),
        ("dialogues:guide_edit", [guide.pk]),
        ("dialogues:guide_version", [guide.pk, 1]),
        ("dialogues:guide_completeness", [guide.pk]),
    ]


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.FACILITATOR, Role.INTERPRETER])
def test_only_coordinators_author_guides(client, guide, role):
    client.force_login(user_with_role(role))
    for name, args in coordinator_pages(guide):
        assert client.get(reverse(name, args=args)).status_code == 403, name
    response = client.post(reverse("dialogues:guide_make_default", args=[guide.pk]))
    assert response.status_code == 403
    response = client.post(reverse("dialogues:guide_edit", args=[guide.pk]), {})
    assert response.status_code == 403
    assert guide.versions.count() == 1
    assert not DiscussionGuide.objects.filter(is_default=True).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, guide):
    session = DialogueFactory().sessions.get()
    pages = [*coordinator_pages(guide), ("dialogues:session_guide", [session.pk])]
    for name, args in pages:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert reverse("account_login") in response["Location"]


@pytest.fixture
def staffed_session(guide):
    guide_make_default(guide=guide)
    dialogue = DialogueFactory()
    lead = user_with_role(Role.FACILITATOR)
    Assignment.objects.create(dialogue=dialogue, person=lead, role="lead", status="accepted")
    return dialogue.sessions.get(), lead


def test_the_assigned_facilitator_sees_the_guide_with_notes(client, staffed_session):
    session, lead = staffed_session
    client.force_login(lead)
    response = client.get(reverse("dialogues:session_guide", args=[session.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "One person speaks at a time." in body
    assert "Read each agreement aloud." in body
    assert "Agreements" in body and "15 minutes" in body


def test_the_facilitator_home_links_to_each_sessions_guide(client, staffed_session):
    session, lead = staffed_session
    client.force_login(lead)
    body = client.get(reverse("facilitators:facilitator_home")).content.decode()
    assert reverse("dialogues:session_guide", args=[session.pk]) in body
    assert "The full guide for each session arrives with live sessions." not in body
    assert "Session report: the debrief form opens after the session." in body


@pytest.mark.parametrize("who", ["other_facilitator", "resident", "interpreter", "declined"])
def test_others_do_not_see_a_sessions_guide(client, staffed_session, who):
    session, _lead = staffed_session
    if who == "declined":
        user = user_with_role(Role.FACILITATOR)
        Assignment.objects.create(
            dialogue=session.dialogue, person=user, role="co_facilitator", status="declined"
        )
    else:
        role = {
            "other_facilitator": Role.FACILITATOR,
            "resident": Role.RESIDENT,
            "interpreter": Role.INTERPRETER,
        }
        user = user_with_role(role[who])
    client.force_login(user)
    response = client.get(reverse("dialogues:session_guide", args=[session.pk]))
    assert response.status_code == 403
    assert "Read each agreement aloud." not in response.content.decode()


def test_coordinators_see_any_sessions_guide(client, staffed_session, coordinator):
    session, _lead = staffed_session
    client.force_login(coordinator)
    response = client.get(reverse("dialogues:session_guide", args=[session.pk]))
    assert response.status_code == 200
    assert "Read each agreement aloud." in response.content.decode()


def test_a_session_without_any_guide_says_so(client, coordinator):
    session = DialogueFactory().sessions.get()
    client.force_login(coordinator)
    response = client.get(reverse("dialogues:session_guide", args=[session.pk]))
    assert response.status_code == 200
    assert "No discussion guide has been chosen" in response.content.decode()


# The admin


def test_versions_cannot_be_changed_in_the_admin(client, guide, coordinator):
    client.force_login(coordinator)
    version = current_version(guide)
    change_guide = reverse("admin:dialogues_discussionguide_change", args=[guide.pk])
    assert client.get(change_guide).status_code == 200
    change_version = reverse("admin:dialogues_guideversion_change", args=[version.pk])
    response = client.get(change_version)
    assert response.status_code == 200
    assert 'name="note"' not in response.content.decode()
    response = client.post(change_version, {"note": "Rewritten"})
    assert response.status_code == 403
    delete_version = reverse("admin:dialogues_guideversion_delete", args=[version.pk])
    assert client.post(delete_version, {"post": "yes"}).status_code == 403
    version.refresh_from_db()
    assert version.note == "" and version.segments.count() == 2


# Every language


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_guide_pages_render_in_every_language(client, staffed_session, coordinator, language):
    session, lead = staffed_session
    guide = DiscussionGuide.objects.get()
    pages = [
        (coordinator, name, args, heading)
        for (name, args), heading in zip(
            coordinator_pages(guide),
            ["Discussion guides", "New guide", "Edit guide", None, "Translations"],
            strict=True,
        )
    ] + [(lead, "dialogues:session_guide", [session.pk], "Discussion guide")]
    for user, name, args, heading in pages:
        client.force_login(user)
        with translation.override(language):
            url = reverse(name, args=args)
        expected = escape(translated(language, heading)) if heading else "Two-hour guide"
        response = client.get(url)
        assert response.status_code == 200, (language, url)
        body = response.content.decode()
        assert expected in re.search(r"<h1>(.*?)</h1>", body, re.DOTALL).group(1), (language, url)
        expected_dir = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
        assert f'dir="{expected_dir}"' in body


# The demo


def test_seed_demo_creates_a_complete_default_guide(capsys):
    call_command("seed_demo", allow_without_debug=True)
    call_command("seed_demo", allow_without_debug=True)
    guide = DiscussionGuide.objects.get(is_default=True)
    assert DiscussionGuide.objects.count() == 1 and guide.versions.count() == 1
    segments = version_segments(current_version(guide))
    assert [s.kind for s in segments] == list(GuideSegment.Kind.values)
    assert 110 <= sum(s.duration_minutes for s in segments) <= 130
    for code in {*REQUIRED_DEMO_LANGUAGES, *LANGUAGE_CODES}:
        assert guide.name.get(code), code
        for s in segments:
            assert s.title.get(code) and s.prompt.get(code), (code, s.kind)
    for s in segments:
        assert s.facilitator_notes.get("en") and s.facilitator_notes.get("es"), s.kind
    languages = guide_completeness(segments)
    assert all(language.is_complete for language in languages)
    agreements = next(s for s in segments if s.kind == "agreements").prompt["en"]
    for agreement in ["One person speaks at a time", "You may pass", "Stories stay here"]:
        assert agreement in agreements
