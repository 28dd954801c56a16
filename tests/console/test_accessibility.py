"""axe-core over every console page in headless Chromium: no serious or critical violation.

axe (vendored in ``tests/support/vendor/axe-core``) checks WCAG 2.1 A/AA and its best practices:
contrast, labels, names of links, buttons and images, landmarks, headings, ARIA. The pages are those
of a small simulated operator (so pivots, rings and traces have content), as an administrator sees
them (every page, holders and audit included), logged out (the login page) and on an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import polars as pl
import pytest

from ringfence.api.app import create_app
from tests.support.axe import audit, serious
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


def _pages(sim: SimulatedSite) -> list[str]:
    """Every console page, with real ids from the simulated store."""
    store, org = sim.platform.store, sim.org
    alerts = store.decisions(org)
    farm = next(d for d in alerts if d.typology == "sim_farm")
    calls = store.calls_of(org, farm.number, 50)
    imei = next(str(c["caller_imei"]) for c in calls if c.get("caller_imei"))
    cell = next(str(c["caller_cell"]) for c in calls if c.get("caller_cell"))
    cases = store.cases(org)
    subscribers = store.subscriber_frame()
    id_hash = str(subscribers.filter(pl.col("id_hash").is_not_null())["id_hash"][0])
    n = quote(farm.number, safe="")
    pages = [
        "/console/",
        "/console/?start=2026-11-02&end=2026-11-03",
        "/console/alerts",
        f"/console/alerts?outcome=&verdict=block&sort=time&q={quote(farm.number[:6])}",
        f"/console/alerts/{farm.id}",
        f"/console/numbers/{n}",
        f"/console/numbers/{n}/investigate",
        f"/console/handsets/{imei}",
        f"/console/cells/{quote(cell, safe='')}",
        "/console/urls?u=http",
        "/console/search",
        "/console/numbers",
        f"/console/numbers?imei={imei}",
        "/console/cases",
        "/console/complaints",
        "/console/dispatches",
        "/console/lists",
        "/console/policies",
        "/console/policies?show=default",
        "/console/reports",
        "/console/reports?granularity=month",
        "/console/holders",
        f"/console/holders?id_hash={id_hash}",
        "/console/cohorts?days=14",
        "/console/audit",
        "/console/no-such-page",
    ]
    if cases:
        pages.append(f"/console/cases/{cases[0].id}")
    return pages


def test_no_serious_violation_on_any_page(browser: Any, simulated: SimulatedSite) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    found: dict[str, list[str]] = {}
    with serve_in_thread(create_app(simulated.platform)) as site:
        browser.get(f"{site}/console/login")
        wait.until(ec.presence_of_element_located((By.ID, "key")))
        found["/console/login"] = serious(audit(browser))
        browser.find_element(By.ID, "key").send_keys(simulated.key)
        browser.find_element(By.ID, "login").click()
        wait.until(ec.presence_of_element_located((By.ID, "kpi-alerts")))
        pages = _pages(simulated)
        for page in pages:
            browser.get(site + page)
            wait.until(ec.presence_of_element_located((By.TAG_NAME, "main")))
            failed = browser.find_elements(By.ID, "error")  # the error page: only where one is meant
            assert bool(failed) == page.endswith("no-such-page"), (page, failed and failed[0].text)
            found[page] = serious(audit(browser))
    assert len(found) == len(pages) + 1
    bad = {page: v for page, v in found.items() if v}
    assert not bad, "\n".join(f"{page}: {line}" for page, lines in bad.items() for line in lines)
