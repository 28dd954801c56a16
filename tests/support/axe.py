"""axe-core (vendored, ``tests/support/vendor/axe-core``) injected into a page through Selenium.

The script is sent by the WebDriver (not served by the app, so the console's Content-Security-Policy
stays as it is), run over the whole document, and its violations returned as axe reports them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["AXE_VERSION", "SERIOUS", "audit", "serious"]

AXE_VERSION = "4.14.1"
SERIOUS = ("serious", "critical")
_AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
#: WCAG 2.1 A and AA, plus axe's best practices (landmarks, a main heading, region)
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")


@cache
def _source() -> str:
    return _AXE.read_text(encoding="utf-8")


def audit(driver: Any) -> list[dict[str, Any]]:
    """Every violation axe finds on the page the driver shows."""
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(_source())
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
          .then(r => done(r.violations),
                e => done([{id: "axe-error", impact: "critical", help: String(e), nodes: []}]));
        """,
        list(TAGS),
    )
    return list(result)


def serious(violations: list[dict[str, Any]]) -> list[str]:
    """The serious and critical violations, one readable line each (rule, help, first targets)."""
    out = []
    for v in violations:
        if v.get("impact") in SERIOUS:
            targets = [", ".join(n.get("target", [])) for n in v.get("nodes", [])[:3]]
            out.append(f"{v['id']} ({v['impact']}): {v.get('help', '')} at {targets}")
    return out
