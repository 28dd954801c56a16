"""End to end in headless Chromium on a simulated operator with SIM farms: dashboard → the queue a
chart bar opens → an alert's rule trace → its number → the shared handset → another number of the
ring → suspend it. Screenshots go to ``RINGFENCE_SCREENSHOT_DIR`` when set, else tmp."""

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
from tests.support.simulated import SimulatedSite

pytestmark = pytest.mark.browser


@pytest.fixture
def browser() -> Iterator[Any]:
    problem = browser_problem()
    if problem is not None:
        require_or_skip("Chromium", "RINGFENCE_REQUIRE_BROWSER", problem)
    with chromium() as driver:
        yield driver


# What the walk reads, per language (the simulated site's default is English; Chinese is picked with
# the top bar's switch and stays picked).
SAY = {
    "en": {
        "chart": "Alerts by typology",
        "match": "{n} alerts match",
        "typology": "SIM farm",
        "link": "shared handset (IMEI)",
        "suspend": "suspend",
        "done": "✓ suspend recorded; now suspended",
    },
    "zh_CN": {
        "chart": "各诈骗类型预警数",
        "match": "共 {n} 条预警符合条件",
        "typology": "猫池",
        "link": "共用终端（IMEI）",
        "suspend": "停机",
        "done": "✓ 已执行“停机”；当前状态：已停机",
    },
}


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_dashboard_to_ring_to_action(
    browser: Any, simulated: SimulatedSite, tmp_path: Path, locale: str
) -> None:
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    shots = Path(os.environ.get("RINGFENCE_SCREENSHOT_DIR", tmp_path))
    wait = WebDriverWait(browser, 20, ignored_exceptions=(WebDriverException,))
    store, org = simulated.platform.store, simulated.org
    with serve_in_thread(create_app(simulated.platform)) as site:
        browser.get(f"{site}/console/login")
        wait.until(ec.presence_of_element_located((By.ID, "key"))).send_keys(simulated.key)
        browser.find_element(By.ID, "login").click()
        wait.until(ec.presence_of_element_located((By.ID, "kpi-alerts")))
        say = SAY[locale]
        switch = browser.find_elements(By.ID, f"lang-{locale}")
        if switch:
            switch[0].click()
            wait.until(ec.staleness_of(switch[0]))
            wait.until(ec.presence_of_element_located((By.ID, "kpi-alerts")))
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == locale.replace("_", "-")
        tag = "" if locale == "en" else "-zh"
        browser.save_screenshot(str(shots / f"pivots-dashboard{tag}.png"))

        # a chart's bar opens the queue filtered to what it counts
        bar = browser.find_element(
            By.CSS_SELECTOR, f'svg[aria-label="{say["chart"]}"] a[href*="typology=sim_farm"]'
        )
        bar.click()
        total = wait.until(ec.presence_of_element_located((By.ID, "total")))
        farms = [d for d in store.decisions(org) if d.typology == "sim_farm"]
        assert total.text.startswith(say["match"].format(n=len(farms)))
        typologies = {e.text for e in browser.find_elements(By.CSS_SELECTOR, "#alerts td .tag")}
        assert typologies == {say["typology"]}
        browser.save_screenshot(str(shots / f"pivots-queue{tag}.png"))

        # the first alert's rule trace
        first = browser.find_element(By.CSS_SELECTOR, "#alerts a[id^=alert-]")
        alert_id = int(first.get_attribute("id").removeprefix("alert-"))
        first.click()
        trace = wait.until(ec.presence_of_element_located((By.ID, "trace-rules")))
        alert = store.decision(org, alert_id)
        assert alert is not None
        assert all(rule in trace.text for rule in alert.rules)
        assert "≥" in browser.find_element(By.ID, "thresholds").text
        browser.save_screenshot(str(shots / f"pivots-alert{tag}.png"))

        # its number, then the pivots
        browser.find_element(By.ID, "alert-number").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "number-title"), alert.number))
        browser.find_element(By.ID, "investigate").click()
        wait.until(ec.presence_of_element_located((By.ID, "ring")))
        ring_numbers = browser.find_element(By.ID, "ring-nodes").text
        assert alert.number in ring_numbers
        assert say["link"] in browser.find_element(By.ID, "ring-edges").text
        assert browser.find_elements(By.CSS_SELECTOR, "svg.ring a.node-link")
        browser.save_screenshot(str(shots / f"pivots-ring{tag}.png"))

        # the shared handset: the farm's other cards on it
        browser.find_element(By.ID, "handset-1").click()
        table = wait.until(ec.presence_of_element_located((By.ID, "pivot-numbers")))
        on_handset = [a.text for a in table.find_elements(By.CSS_SELECTOR, "a.num")]
        assert alert.number in on_handset
        assert len(on_handset) > 1
        browser.save_screenshot(str(shots / f"pivots-handset{tag}.png"))

        # another number of the ring that is still active: suspend it
        def active(n: str) -> bool:
            d = store.disposition(org, n)
            return d is None or d.state.value == "active"

        other = next(n for n in on_handset if n != alert.number and active(n))
        table.find_element(By.XPATH, f".//a[text()='{other}']").click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "number-title"), other))
        Select(browser.find_element(By.ID, "action")).select_by_visible_text(say["suspend"])
        browser.find_element(By.ID, "action-note").send_keys(
            "SIM farm: shares a handset with " + alert.number
        )
        browser.find_element(By.ID, "dispose").click()
        done = wait.until(ec.presence_of_element_located((By.ID, "done")))
        assert done.text == say["done"]
        browser.save_screenshot(str(shots / f"pivots-suspended{tag}.png"))
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
    entry = store.audit_entries(org)[0]
    assert (entry.action, entry.target) == ("number.suspend", other)
