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
from tests.support.browser import browser_problem, chromium, patient_wait
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
    assert done.text == "✓ restrict recorded; now restricted"
    assert "burst dialer, confirmed by phone" in browser.find_element(By.ID, "disposition").text
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


def _wait(browser: Any) -> Any:
    return patient_wait(browser)


def _login_as(browser: Any, site: str, key: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    wait = _wait(browser)
    browser.get(f"{site}/console/login")
    wait.until(ec.presence_of_element_located((By.ID, "key"))).send_keys(key)
    browser.find_element(By.ID, "login").click()
    wait.until(ec.presence_of_element_located((By.ID, "kpi-alerts")))


@pytest.mark.parametrize("world", ["sqlite"], indirect=True)
def test_triage_suspend_verify_restore(browser: Any, site: str, world: World, tmp_path: Path) -> None:
    """The disposal loop as an analyst walks it: judge the alert with a reason, suspend the number,
    record a passed real-person verification, and see each step on the number page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select

    wait = _wait(browser)
    shots = _shots(tmp_path)
    number = A_NUMBERS[0]
    _login_as(browser, site, world.keys["op-a/analyst"])
    browser.get(f"{site}/console/alerts")
    row = wait.until(ec.presence_of_element_located((By.XPATH, f"//tr[td/a[text()='{number}']]")))
    alert_id = row.find_element(By.CSS_SELECTOR, "button.ok").get_attribute("id").removeprefix("confirm-")
    row.find_element(By.ID, f"why-{alert_id}").send_keys("victim reported the script")
    row.find_element(By.ID, f"confirm-{alert_id}").click()
    wait.until(ec.staleness_of(row))
    assert number not in browser.find_element(By.ID, "alerts").text  # judged: out of the open queue

    browser.get(f"{site}/console/numbers/{number}")
    state = wait.until(ec.presence_of_element_located((By.ID, "state")))
    assert state.text == "active"
    thread = browser.find_element(By.ID, "thread").text
    assert f"confirmed alert #{alert_id} — victim reported the script" in thread

    Select(browser.find_element(By.ID, "action")).select_by_visible_text("suspend")
    browser.find_element(By.ID, "action-note").send_keys("dialer: 40 calls an hour")
    browser.find_element(By.ID, "dispose").click()
    assert (
        wait.until(ec.presence_of_element_located((By.ID, "done"))).text
        == "✓ suspend recorded; now suspended"
    )
    assert browser.find_element(By.ID, "state").text == "suspended"
    assert browser.find_element(By.ID, "reason").text == "dialer: 40 calls an hour"
    assert browser.find_element(By.ID, "sla").text.endswith("left")
    options = [o.text for o in Select(browser.find_element(By.ID, "verification-outcome")).options]
    assert options == ["passed", "failed"]
    assert browser.find_elements(By.ID, "dispose") == []  # suspended: no second disposal offered
    browser.save_screenshot(str(shots / "e2e-suspended.png"))

    Select(browser.find_element(By.ID, "verification-outcome")).select_by_visible_text("passed")
    browser.find_element(By.ID, "verification-note").send_keys("face match at the service hall")
    before = browser.find_element(By.ID, "done")
    browser.find_element(By.ID, "record-verification").click()
    wait.until(ec.staleness_of(before))
    done = wait.until(ec.presence_of_element_located((By.ID, "done")))
    assert done.text == "✓ verification passed; now restored"
    assert browser.find_element(By.ID, "state").text == "restored"
    history = browser.find_element(By.ID, "history").text
    for step in ("suspend", "request verification", "pass verification", "restore"):
        assert step in history
    assert "face match at the service hall" in history
    browser.save_screenshot(str(shots / "e2e-restored.png"))
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


@pytest.mark.parametrize("world", ["memory"], indirect=True)
def test_alert_queue_and_number_page_work_at_390_px(
    browser: Any, site: str, world: World, tmp_path: Path
) -> None:
    """A phone's width: no page scrolls sideways, every menu entry is on screen and works, and an
    alert can be judged and a number disposed of without zooming."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    wait = _wait(browser)
    shots = _shots(tmp_path)
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    _login_as(browser, site, world.keys["op-a/analyst"])

    def fits(element: Any) -> bool:
        box = browser.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return [r.left, r.right];", element
        )
        return element.is_displayed() and box[0] >= 0 and box[1] <= 390

    def no_sideways_scroll() -> None:
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390

    browser.get(f"{site}/console/alerts")
    wait.until(ec.presence_of_element_located((By.ID, "alerts")))
    no_sideways_scroll()
    menu = browser.find_elements(By.CSS_SELECTOR, "header nav a")
    assert len(menu) >= 6
    assert all(fits(a) for a in menu), [a.text for a in menu if not fits(a)]
    confirm = browser.find_elements(By.CSS_SELECTOR, "#alerts button.ok")
    assert confirm
    assert all(fits(b) for b in confirm)
    browser.save_screenshot(str(shots / "e2e-390-alerts.png"))
    confirm[0].click()
    wait.until(ec.staleness_of(confirm[0]))
    assert len(browser.find_elements(By.CSS_SELECTOR, "#alerts button.ok")) == len(confirm) - 1

    menu = browser.find_elements(By.CSS_SELECTOR, "header nav a")
    next(a for a in menu if a.text == "Numbers").click()
    wait.until(ec.presence_of_element_located((By.ID, "lookup"))).send_keys(A_NUMBERS[1] + "\n")
    wait.until(ec.presence_of_element_located((By.ID, "state")))
    no_sideways_scroll()
    for control in ("action", "action-note", "dispose", "comment-text", "add-comment"):
        assert fits(browser.find_element(By.ID, control)), control
    browser.save_screenshot(str(shots / "e2e-390-number.png"))
    browser.find_element(By.ID, "dispose").click()
    assert wait.until(ec.presence_of_element_located((By.ID, "done"))).text.startswith("✓ suspend recorded")


# What the main walk expects to read, per language.
WALK = {
    "en": {
        "lang": "en",
        "alerts": "Alerts",
        "queue": "Alert queue",
        "suspend": "suspend",
        "done": "✓ suspend recorded; now suspended",
        "state": "suspended",
        "left": "left",
        "judged": "confirmed alert #",
    },
    "zh_CN": {
        "lang": "zh-CN",
        "alerts": "预警",
        "queue": "预警队列",
        "suspend": "停机",
        "done": "✓ 已执行“停机”；当前状态：已停机",
        "state": "已停机",
        "left": "剩余",
        "judged": "确认涉诈 预警 #",
    },
}


@pytest.mark.parametrize("world", ["memory"], indirect=True)
@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_main_walk_in_both_languages(
    browser: Any, site: str, world: World, tmp_path: Path, locale: str
) -> None:
    """Dashboard → alert queue → the alert → its number → an action, in the language picked with the
    top bar's switch (the world's default is English; Chinese is picked by hand and stays picked)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select

    say = WALK[locale]
    wait = _wait(browser)
    shots = _shots(tmp_path)
    number = A_NUMBERS[0]
    _login_as(browser, site, world.keys["op-a/analyst"])
    switch = browser.find_elements(By.ID, f"lang-{locale}")
    if switch:  # not the language already shown
        switch[0].click()
        wait.until(ec.staleness_of(switch[0]))
    wait.until(ec.presence_of_element_located((By.ID, "kpi-alerts")))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == say["lang"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart")) == 4
    browser.save_screenshot(str(shots / f"walk-{locale}-dashboard.png"))

    next(a for a in browser.find_elements(By.CSS_SELECTOR, "header nav a") if a.text == say["alerts"]).click()
    heading = wait.until(ec.presence_of_element_located((By.TAG_NAME, "h1")))
    assert heading.text == say["queue"]
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == say["lang"]  # it stayed
    row = wait.until(ec.presence_of_element_located((By.XPATH, f"//tr[td/a[text()='{number}']]")))
    alert_id = row.find_element(By.CSS_SELECTOR, "button.ok").get_attribute("id").removeprefix("confirm-")
    browser.save_screenshot(str(shots / f"walk-{locale}-alerts.png"))
    row.find_element(By.ID, f"why-{alert_id}").send_keys("受害人报案 / victim reported")
    row.find_element(By.ID, f"confirm-{alert_id}").click()
    wait.until(ec.staleness_of(row))

    browser.get(f"{site}/console/alerts?outcome=confirmed")
    link = wait.until(ec.presence_of_element_located((By.XPATH, f"//a[text()='{number}']")))
    link.click()
    state = wait.until(ec.presence_of_element_located((By.ID, "state")))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == say["lang"]
    assert f"{say['judged']}{alert_id}" in browser.find_element(By.ID, "thread").text
    Select(browser.find_element(By.ID, "action")).select_by_visible_text(say["suspend"])
    browser.find_element(By.ID, "action-note").send_keys("40 calls an hour")
    browser.find_element(By.ID, "dispose").click()
    wait.until(ec.staleness_of(state))
    assert wait.until(ec.presence_of_element_located((By.ID, "done"))).text == say["done"]
    assert browser.find_element(By.ID, "state").text == say["state"]
    assert say["left"] in browser.find_element(By.ID, "sla").text
    browser.save_screenshot(str(shots / f"walk-{locale}-number.png"))
    entry = world.platform.store.audit_entries("op-a")[0]
    assert (entry.action, entry.target) == ("number.suspend", number)  # codes stay codes
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
