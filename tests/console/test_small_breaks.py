"""The console's small breaks, fixed and held: a styled page for every error (never raw JSON), CSV
with a byte-order mark, Chinese in the audit log, a label on every form control, a skip link, and
badge colours with a contrast of at least 4.5:1."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ringfence.api.app import create_app
from ringfence.console import routes
from tests.support.console import console_client
from tests.support.world import A_NUMBERS, World

memory_only = pytest.mark.parametrize("world", ["memory"], indirect=True)
N = A_NUMBERS[0]

PAGES = [
    "/console/",
    "/console/alerts",
    "/console/numbers",
    "/console/numbers?imei=1",
    f"/console/numbers/{N}",
    "/console/lists",
    "/console/policies",
    "/console/reports",
    "/console/audit",
    "/console/nowhere",  # the error page too
]


def _styled(response_text: str, content_type: str) -> None:
    assert content_type.startswith("text/html")
    assert 'class="card error-page"' in response_text
    assert '{"detail"' not in response_text
    assert '<link rel="stylesheet" href="/console/static/console.css">' in response_text


@memory_only
def test_every_console_error_is_a_styled_page(world: World) -> None:
    client, csrf = console_client(world, "op-a/analyst")
    cases = [
        (client.get("/console/nowhere"), 404),
        (client.get(f"/console/numbers/{N}/action"), 405),  # a form's address opened as a page
        (client.get("/console/alerts?page=0"), 422),
        (client.get("/console/reports?granularity=year"), 422),
        (client.get("/console/audit"), 403),  # analysts do not read the audit log
        (client.post(f"/console/numbers/{N}/comment", data={"csrf": "f" * 32, "text": "x"}), 403),
        (client.post(f"/console/numbers/{N}/action", data={"csrf": csrf, "action": "restore"}), 409),
        (client.post(f"/console/numbers/{N}/action", data={"csrf": csrf, "action": "explode"}), 422),
        (client.post(f"/console/numbers/{N}/verification", data={"csrf": csrf}), 422),  # no outcome
        (client.get("/console/static/nothing.css"), 404),
        (client.post("/console/alerts/999999/outcome", data={"csrf": csrf, "outcome": "confirmed"}), 404),
    ]
    for response, status in cases:
        assert response.status_code == status, (status, response.text[:300])
        _styled(response.text, response.headers["content-type"])
    assert "405 · Method not allowed" in cases[1][0].text
    assert 'aria-label="Main"' in cases[0][0].text  # logged in: the menu is there to go on
    assert 'href="/console/audit"' not in cases[0][0].text  # nothing admin-only offered on a guess
    stranger = TestClient(create_app(world.platform)).get("/console/nowhere")
    assert stranger.status_code == 404
    assert 'aria-label="Main"' not in stranger.text
    assert "409 · Not possible now" in cases[6][0].text


@memory_only
def test_csv_exports_start_with_a_byte_order_mark(world: World) -> None:
    client, _ = console_client(world, "op-a/analyst")
    body = client.get("/console/reports.csv?granularity=day&table=category&period=2026-11-02").content
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("category,label,")
    assert "\ufeff" not in text  # one mark, at the start only


@memory_only
def test_the_audit_log_shows_chinese_as_written(world: World) -> None:
    client, csrf = console_client(world, "op-a/admin")
    client.post(f"/console/numbers/{N}/comment", data={"csrf": csrf, "text": "冒充公检法 <b>"})
    html = client.get("/console/audit").text
    assert "冒充公检法 &lt;b&gt;" in html  # Chinese as written, markup escaped
    assert "\\u" not in html


class _Controls(HTMLParser):
    """Form controls a person fills in, and the labels the page gives them."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.labelled: set[str] = set()
        self.ids: list[str] = []
        self.skip: str | None = None
        self._in_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "label":
            self._in_label += 1
            if a.get("for"):
                self.labelled.add(str(a["for"]))
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append({**a, "_wrapped": "yes" if self._in_label else None})
        if tag == "a" and "skip" in (a.get("class") or ""):
            self.skip = a.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._in_label -= 1


@memory_only
def test_every_form_control_has_a_label_and_every_page_a_skip_link(world: World) -> None:
    client, csrf = console_client(world, "op-a/admin")
    client.post(f"/console/numbers/{N}/action", data={"csrf": csrf, "action": "suspend", "note": "x"})
    for page in [*PAGES, "/console/login"]:
        response = client.get(page)
        parser = _Controls()
        parser.feed(response.text)
        unlabelled = [
            c
            for c in parser.controls
            if not (c.get("_wrapped") or c.get("aria-label") or (c.get("id") in parser.labelled))
        ]
        assert unlabelled == [], (page, unlabelled)
        assert len(parser.ids) == len(set(parser.ids)), page  # labels point at one control each
        assert parser.skip == "#main", page
        assert 'id="main"' in response.text


def _hex(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours."""
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_is_computed_as_wcag_does() -> None:
    assert round(contrast("#e67700", "#fff4e6"), 1) == 2.8  # the old warn badge
    assert round(contrast("#000", "#fff"), 1) == 21.0


def test_every_badge_and_button_has_a_contrast_of_at_least_4_5() -> None:
    css = Path(routes.__file__).with_name("static").joinpath("console.css").read_text(encoding="utf-8")
    variables = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{3,6})", css))
    fg_default, badge_bg = variables["fg"], "#e9ecef"
    checked = 0
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        names = [s.strip() for s in selectors.split(",")]
        if not any(re.match(r"\.(v|t|l|s)-[a-z_]+$|\.state$|\.tag$|button(\.(ok|no))?$", n) for n in names):
            continue
        bg = re.search(r"background:\s*(#[0-9a-fA-F]{3,6}|var\(--(\w+)\))", body)
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6}|var\(--(\w+)\))", body)
        background = (variables[bg.group(2)] if bg.group(2) else bg.group(1)) if bg else badge_bg
        inherited = "#fff" if names[0].startswith("button") else fg_default  # buttons: white text
        text = (variables[fg.group(2)] if fg.group(2) else fg.group(1)) if fg else inherited
        assert contrast(text, background) >= 4.5, (selectors.strip(), text, background)
        checked += 1
    assert checked >= 15
