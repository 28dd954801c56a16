"""End to end in headless Chromium: log in, dashboard, number lookup, one action.

Screenshots go to ``RINGFENCE_SCREENSHOT_DIR`` when set (how docs/screenshots are made), else tmp.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ringfence.api.app import create_app
from tests.support.browser import browser_problem, chromium
from tests.support.live import serve_in_thread
from tests.support.postgres import require_or_skip
from tests.support.world import A_NUMBERS, World

pytestmark = pytest.mark.browser


@pytest.fixture
def browser() -> Iterator[Any]:
    problem = browser_problem()
    if problem is not None:
        require_or_skip("Chromium", "RINGFENCE_REQUIRE_BROWSER", problem)
    with chromium() as driver:
        yield driver


@pytest.fixture
def site(world: World) -> Iterator[str]:
    with serve_in_thread(create_app(world.platform)) as url:
        yield url


def _shots(tmp_path: Path) -> Path:
    return Path(os.environ.get("RINGFENCE_SCREENSHOT_DIR", tmp_path))


def test_login_dashboard_lookup_and_dispose(browser: Any, site: str, world: World, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    wait = WebDriverWait(browser, 15)
    shots = _shots(tmp_path)
    browser.get(f"{site}/console/")
    wait.until(ec.presence_of_element_located((By.ID, "key")))  # redirected to the login page
    browser.find_element(By.ID, "key").send_keys("rf_wrong")
    browser.find_element(By.ID, "login").click()
    assert "malformed API key" in wait.until(ec.presence_of_element_located((By.ID, "login-error"))).text

    browser.find_element(By.ID, "key").send_keys(world.keys["op-a/analyst"])
    browser.find_element(By.ID, "login").click()
    wait.until(ec.presence_of_element_located((By.ID, "kpi-alerts")))
    assert browser.find_element(By.ID, "kpi-alerts").text == "3"
    assert browser.find_element(By.ID, "whoami").text == "analyst · op-a · analyst"
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart")) == 4
    browser.save_screenshot(str(shots / "e2e-dashboard.png"))

    search = browser.find_element(By.ID, "number-search")
    search.send_keys("13800000001", Keys.ENTER)  # national form; the console canonicalises it
    title = wait.until(ec.presence_of_element_located((By.ID, "number-title")))
    assert title.text == A_NUMBERS[0]
    assert "R01_call_burst_1h" in browser.find_element(By.ID, "hits").text
    assert "calls_1h_max=40" in browser.find_element(By.ID, "hits").text

    Select(browser.find_element(By.ID, "action")).select_by_visible_text("restrict")
    browser.find_element(By.ID, "action-note").send_keys("burst dialer, confirmed by phone")
    browser.find_element(By.ID, "dispose").click()
    done = wait.until(ec.presence_of_element_located((By.ID, "done")))
    assert done.text == "✓ restrict recorded"
    assert "burst dialer, confirmed by phone" in browser.find_element(By.ID, "actions").text
    browser.save_screenshot(str(shots / "e2e-number.png"))
    logs = browser.get_log("browser")
    errors = [e for e in logs if e["level"] == "SEVERE" and "401" not in e["message"]]  # the wrong key
    assert errors == []  # no blocked resource (CSP: everything is served by the app), no script error
    entry = world.platform.store.audit_entries("op-a")[0]
    assert (entry.action, entry.target) == ("number.restrict", A_NUMBERS[0])

    browser.find_element(By.ID, "logout").click()  # a CSRF-checked POST that ends the session
    wait.until(ec.presence_of_element_located((By.ID, "key")))
    browser.get(f"{site}/console/")
    wait.until(ec.presence_of_element_located((By.ID, "key")))  # logged out: back at the login page
    assert world.platform.store.audit_entries("op-a")[0].action == "console.logout"
