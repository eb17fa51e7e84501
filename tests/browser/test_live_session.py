"""A live session in real browsers against daphne: a facilitator runs the room while a Spanish
and a Chinese speaker follow on phones; one phone drops off the network and catches up; the
projector shows the prompt in three languages and the join code, which lets a walk-in in."""

import re

import pytest

from dialogues.models import Contribution
from tests.browser.test_home import assert_accessible, screenshot
from tests.browser.test_notifications import outside_the_browsers_event_loop
from tests.factories import PASSWORD
from tests.live.setup import live_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
WAIT = 10000


def sign_in(page, server, email):
    page.goto(server.url + "/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in with password").click()
    # Signing in lands on the account page, in the person's own language.
    page.wait_for_url(re.compile(r"/me/$"))


def connected(page):
    page.locator('[data-connection-status][data-state="connected"]').wait_for(timeout=WAIT)


def shows_prompt(page, text):
    page.locator("[data-prompt]", has_text=text).wait_for(timeout=WAIT)


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def participant(chromium, server, user, language, path):
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, server, user.email)
    page.goto(f"{server.url}/{language}{path}")
    connected(page)
    return context, page


def test_a_live_session_with_two_languages_a_dropped_phone_and_a_walk_in(daphne_server, chromium):
    setup = outside_the_browsers_event_loop(live_setup)
    room_path = f"/live/{setup.session.pk}/"

    # The facilitator opens the console; the residents open the room on their phones.
    console_context = chromium.new_context(viewport={"width": 1280, "height": 900})
    console = console_context.new_page()
    sign_in(console, daphne_server, setup.lead.email)
    console.goto(f"{daphne_server.url}/en{room_path}")
    connected(console)
    assert_accessible(console)

    rosa_context, rosa = participant(chromium, daphne_server, setup.resident, "es", room_path)
    wei_context, wei = participant(
        chromium, daphne_server, setup.other_resident, "zh-hans", room_path
    )
    assert rosa.locator("[data-room-state]").is_visible()
    assert rosa.locator("[data-prompt-card]").is_hidden()
    assert_accessible(rosa)
    # Both phones are counted, by language.
    console.locator("[data-presence] li").nth(1).wait_for(timeout=WAIT)

    # The facilitator starts the session: each phone shows the first prompt in its language.
    console.get_by_role("button", name="Start the session").click()
    console.locator("[data-current-title]", has_text="Welcome").wait_for(timeout=WAIT)
    shows_prompt(rosa, "Bienvenidos?")
    shows_prompt(wei, "欢迎?")
    assert rosa.get_attribute("[data-prompt]", "lang") == "es"
    assert wei.get_attribute("[data-prompt]", "lang") == "zh-Hans"

    console.get_by_role("button", name="Next segment").click()
    shows_prompt(rosa, "Nuestros acuerdos?")
    shows_prompt(wei, "我们的约定?")
    console.get_by_role("button", name="Start the timer").click()
    console.locator('[data-timer][data-timer-state="running"]').wait_for(timeout=WAIT)
    rosa.locator('[data-timer][data-timer-state="running"]').wait_for(timeout=WAIT)

    # Rosa shares something; it reaches the facilitator and comes back acknowledged.
    rosa.locator("#live-contribution").fill("Hola a todos, gracias por venir.")
    rosa.locator("[data-contribution-form] button[type=submit]").click()
    rosa.locator(".live-mine--sent", has_text="Hola a todos").wait_for(timeout=WAIT)
    console.locator("[data-queue] li", has_text="Hola a todos").wait_for(timeout=WAIT)
    fits_the_phone(rosa)
    screenshot(rosa, "live-participant-es-360")
    assert_accessible(rosa)

    # The facilitator puts it on the screen; everyone in the room sees it.
    console.locator("[data-queue] li", has_text="Hola a todos").get_by_role(
        "button", name="Show on the screen"
    ).click()
    wei.locator("[data-spotlight]", has_text="Hola a todos").wait_for(timeout=WAIT)

    # Wei's phone drops off the Wi-Fi, misses an advance, and writes something meanwhile.
    wei_context.set_offline(True)
    wei.locator('[data-connection-status][data-state="offline"]').wait_for(timeout=WAIT)
    wei.locator("#live-contribution").fill("我离线时写的")
    wei.locator("[data-contribution-form] button[type=submit]").click()
    wei.locator(".live-mine--sending", has_text="我离线时写的").wait_for(timeout=WAIT)
    console.get_by_role("button", name="Next segment").click()
    console.locator("[data-current-title]", has_text="When did you first notice race").wait_for(
        timeout=WAIT
    )
    shows_prompt(rosa, "When did you first notice race??")  # no Spanish yet: shown in English
    assert rosa.locator("[data-prompt-fallback]").is_visible()
    assert rosa.get_attribute("[data-prompt]", "lang") == "en"
    wei.wait_for_timeout(500)
    assert "我们的约定?" in wei.locator("[data-prompt]").inner_text()

    # Back online: the phone reconnects, catches up, and delivers what was written offline.
    wei_context.set_offline(False)
    connected(wei)
    shows_prompt(wei, "你第一次注意到种族是什么时候?")
    wei.locator(".live-mine--sent", has_text="我离线时写的").wait_for(timeout=WAIT)
    console.locator("[data-queue] li", has_text="我离线时写的").wait_for(timeout=WAIT)
    assert Contribution.objects.filter(text="我离线时写的").count() == 1
    fits_the_phone(wei)
    screenshot(wei, "live-participant-zh-360")
    assert_accessible(wei)

    # The Spanish interpreter interprets Rosa's words into Chinese; Wei sees both.
    interpreter_context = chromium.new_context(viewport={"width": 1280, "height": 900})
    interpreter = interpreter_context.new_page()
    sign_in(interpreter, daphne_server, setup.interpreter.email)
    interpreter.goto(f"{daphne_server.url}/en{room_path}")
    connected(interpreter)
    assert "你第一次" not in interpreter.locator("[data-current-prompt]").inner_text()
    rosas = interpreter.locator("[data-queue] li", has_text="Hola a todos")
    rosas.get_by_label("Interpret into").select_option("zh-hans")
    rosas.get_by_label("Interpretation").fill("大家好。谢谢你们来。")
    rosas.get_by_role("button", name="Send interpretation").click()
    rosas.locator(".live-interpretation", has_text="大家好").wait_for(timeout=WAIT)
    interpreted = wei.locator("[data-spotlight] .live-interpretation", has_text="大家好")
    interpreted.wait_for(timeout=WAIT)
    assert interpreted.locator("p").get_attribute("lang") == "zh-Hans"
    screenshot(interpreter, "live-interpreter-en")
    assert_accessible(interpreter)
    interpreter_context.close()

    screenshot(console, "live-console-en")
    assert_accessible(console)

    # The projector: the prompt in three languages, the timer and the join code.
    projector = console_context.new_page()
    projector.goto(
        f"{daphne_server.url}/en{room_path}projector/?languages=en&languages=es&languages=zh-hans"
    )
    connected(projector)
    columns = projector.locator("[data-language]")
    assert columns.count() == 3
    projector.locator('[data-language="zh-hans"] [data-prompt]', has_text="你第一次").wait_for(
        timeout=WAIT
    )
    assert projector.get_attribute('[data-language="zh-hans"] [data-prompt]', "lang") == "zh-Hans"
    assert projector.locator('[data-language="es"] [data-fallback]').is_visible()
    projector.locator("[data-spotlight]", has_text="Hola a todos").wait_for(timeout=WAIT)
    code = projector.locator("[data-join-code]").inner_text().strip()
    assert re.fullmatch(r"\d{6}", code)
    assert console.locator("[data-join-code]").inner_text().strip() == code
    assert "/en/live/join/" in projector.locator(".live-projector__url").inner_text()
    screenshot(projector, "live-projector")
    assert_accessible(projector)

    # A walk-in types the code from the screen and follows along in Spanish.
    walk_in_context = chromium.new_context(viewport=PHONE)
    walk_in = walk_in_context.new_page()
    walk_in.goto(f"{daphne_server.url}/en/live/join/")
    assert_accessible(walk_in)
    walk_in.get_by_label("Join code").fill("000000" if code != "000000" else "111111")
    walk_in.get_by_label("Your first name").fill("Marta")
    walk_in.get_by_role("button", name="Join").click()
    assert walk_in.locator(".field__errors").is_visible()
    assert_accessible(walk_in)
    walk_in.get_by_label("Join code").fill(code)
    walk_in.get_by_label("Language for the prompts").select_option("es")
    walk_in.get_by_role("button", name="Join").click()
    walk_in.wait_for_url(re.compile(rf"/es{room_path}$"))
    connected(walk_in)
    shows_prompt(walk_in, "When did you first notice race??")
    walk_in.locator("#live-language").select_option("zh-hans")
    walk_in.locator("[data-language-form] button").click()
    shows_prompt(walk_in, "你第一次注意到种族是什么时候?")
    fits_the_phone(walk_in)
    screenshot(walk_in, "live-walk-in-360")
    assert_accessible(walk_in)

    # The same seat in an Arabic page: the page mirrors, the Chinese prompt keeps its own
    # direction.
    walk_in.goto(f"{daphne_server.url}/ar{room_path}")
    connected(walk_in)
    assert walk_in.get_attribute("html", "dir") == "rtl"
    shows_prompt(walk_in, "你第一次注意到种族是什么时候?")
    assert walk_in.get_attribute("[data-prompt]", "dir") == "ltr"
    fits_the_phone(walk_in)
    screenshot(walk_in, "live-walk-in-ar-360")
    assert_accessible(walk_in)

    for context in (console_context, rosa_context, wei_context, walk_in_context):
        context.close()
