"""The home page in a real Chromium, in Arabic (right to left) and Spanish, on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts.roles import Role
from dialogues.services import neighborhood_ensure
from tests.factories import PASSWORD, UserFactory
from tests.helpers import ARTIFACTS_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def assert_accessible(page):
    results = Axe().run(page)
    problems = [
        f"{violation['id']}: {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]
    assert not problems, problems


def screenshot(page, name: str) -> None:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS_DIR / f"{name}.png", full_page=True)


def test_home_page_in_arabic_is_right_to_left_and_accessible(daphne_server, page):
    neighborhood_ensure(name="Roxbury")
    page.goto(daphne_server.url + "/ar/")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    # The layout mirrors: the brand sits at the right edge, the language switcher at the left.
    brand = page.locator(".brand").bounding_box()
    switcher = page.locator(".language-switcher").bounding_box()
    assert brand["x"] > switcher["x"]
    assert brand["x"] + brand["width"] > page.viewport_size["width"] / 2
    assert page.locator("h1").inner_text().strip() != ""
    assert "Roxbury" in page.locator("#neighborhoods").inner_text()
    screenshot(page, "home-ar")
    assert_accessible(page)


def test_home_page_in_spanish_fits_a_360px_phone(daphne_server, chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(daphne_server.url + "/es/")
    assert page.get_attribute("html", "lang") == "es"
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "home-es-360")
    assert_accessible(page)
    context.close()


def test_language_switcher_works_with_keyboard_and_keeps_the_page(daphne_server, page):
    page.goto(daphne_server.url + "/en/accounts/login/")
    page.locator(".language-switcher summary").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_url("**/vi/accounts/login/")
    assert page.get_attribute("html", "lang") == "vi"
    assert_accessible(page)


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(daphne_server, page):
    page.goto(daphne_server.url + "/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert_accessible(page)


def test_signing_in_with_a_password_reaches_the_account_page(daphne_server, page):
    UserFactory(email="carmen@example.org", display_name="Carmen", roles=(Role.COORDINATOR,))
    page.goto(daphne_server.url + "/en/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill("carmen@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in with password").click()
    page.wait_for_url("**/en/me/")
    assert "Welcome, Carmen." in page.locator("main").inner_text()
    screenshot(page, "dashboard-en")
    assert_accessible(page)
    page.get_by_role("link", name="Coordinator area").first.click()
    page.wait_for_url("**/en/coordinator/")
    assert_accessible(page)
    # The signed-in header, with more links, still fits a 360 px phone.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(daphne_server.url + "/en/me/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "dashboard-en-360")
