"""Every console page in Chinese and in English: no English UI text left on a Chinese page, the
language chosen per user (switch > ``Accept-Language`` > setting), ``lang`` on every page, and no
template text outside gettext."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from ringfence.adapters.memory import MEMORY_URL
from ringfence.console import i18n
from tests.support.console import console_client
from tests.support.world import A_NUMBERS, World, make_world

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN = {"Accept-Language": "en-US,en;q=0.9"}
TEMPLATES = Path(i18n.__file__).with_name("templates")


class _Visible(HTMLParser):
    """What a reader sees: text nodes and the attributes read out or shown (placeholders, labels,
    confirmations); codes (``<code>``), policy texts (``<pre>``), numbers (``.num``) and the audit
    log's stored details (``.detail``) are data."""

    SKIP = frozenset({"script", "style", "code", "pre"})
    SHOWN = ("placeholder", "aria-label", "title", "data-confirm", "data-label")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.SKIP or {"num", "detail"} & set((values.get("class") or "").split()):
            self._skip.append(tag)
        self.parts.extend(v for k, v in attrs if k in self.SHOWN and v)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _fragments() -> set[str]:
    """The English of every message, cut at its placeholders, that a reader would notice."""
    po = i18n.LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        ids = [m.id for m in read_po(f) if m.id]
    out = set()
    for msgid in ids:
        for text in msgid if isinstance(msgid, tuple) else (msgid,):
            for piece in re.split(r"%\(\w+\)s", text):
                piece = piece.strip(" .,:;()#→←–—")
                if len(re.findall(r"[A-Za-z]", piece)) >= 3 and piece not in _SAME_IN_BOTH:
                    out.add(piece)
    return out


# Words a Chinese page writes the same way: product and protocol names, formats.
_SAME_IN_BOTH = frozenset({"ringfence", "TOML", "IMEI", "RINGFENCE_POLICY_DIR", "CSRF", "GoIP"})


def _count(fragment: str, text: str) -> int:
    """Whole-word occurrences: ``call`` is not in ``R01_call_burst_1h`` nor ``model`` in ``with-model``."""
    return len(re.findall(rf"(?<![\w.-]){re.escape(fragment)}(?![\w.-])", text))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, TestClient, str]]:
    """A world with something on every page: a complaint and its case, evidence, a dispatch, a
    comment, a list entry, a suspended number with its verification clock."""
    with make_world(tmp_path_factory.mktemp("i18n"), MEMORY_URL) as world:
        client, csrf = console_client(world, "op-a/admin")
        post = {"headers": EN, "follow_redirects": False}
        client.post(
            "/console/complaints",
            data={"csrf": csrf, "number": A_NUMBERS[1], "category": "loan", "reporter": "13911112222"},
            **post,
        )
        client.post("/console/cases/1/comment", data={"csrf": csrf, "body": "回访"}, **post)
        client.post(
            "/console/cases/1/evidence", data={"csrf": csrf, "kind": "number", "ref": A_NUMBERS[2]}, **post
        )
        client.post(
            "/console/cases/1/dispatch", data={"csrf": csrf, "to_org": "op-b", "question": "?"}, **post
        )
        base = f"/console/numbers/{A_NUMBERS[0]}"
        client.post(f"{base}/action", data={"csrf": csrf, "action": "suspend", "note": "证据"}, **post)
        client.post(f"{base}/comment", data={"csrf": csrf, "text": "备注"}, **post)
        client.post(
            "/console/lists",
            data={"csrf": csrf, "list_name": "blacklist", "kind": "number", "value": A_NUMBERS[2]},
            **post,
        )
        yield world, client, csrf


PAGES = [
    "/console/",
    "/console/alerts",
    "/console/alerts?outcome=",
    "/console/numbers",
    "/console/numbers?imei=860000000000001&q=",
    f"/console/numbers/{A_NUMBERS[0]}",
    f"/console/numbers/{A_NUMBERS[1]}",
    "/console/cases",
    "/console/cases/1",
    "/console/complaints",
    "/console/dispatches",
    "/console/lists",
    "/console/lists?list_name=whitelist",
    "/console/policies",
    "/console/policies?show=",  # the first policy file the page lists
    "/console/reports",
    "/console/reports?granularity=month",
    "/console/holders",
    "/console/holders?id_hash=12345678901234567",
    "/console/cohorts",
    "/console/audit",
    "/console/no-such-page",
    "/console/alerts/1",
    f"/console/numbers/{A_NUMBERS[0]}/investigate",
    "/console/handsets/860000000000001",
    "/console/cells/C-1",
    "/console/urls?u=bank-verify.cn",
    "/console/search",
    "/console/?start=2026-11-01&end=2026-11-30",
    "/console/alerts?outcome=&sort=time&order=asc&q=%2B86",
]


@pytest.mark.parametrize("page", PAGES)
def test_a_chinese_page_leaves_no_english_ui_text(site: tuple[World, TestClient, str], page: str) -> None:
    """An English message still showing on the Chinese page as often as on the English one was not
    translated; data (numbers, names, notes, codes) shows the same in both and is not counted."""
    _, client, _ = site
    if page.endswith("?show="):
        shown = re.search(r'href="\?show=([^"]+)"', client.get(page, headers=EN).text)
        assert shown is not None
        page += shown.group(1)
    en, zh = client.get(page, headers=EN), client.get(page, headers=ZH)
    assert en.status_code == (404 if "no-such" in page else 200), page
    assert en.status_code == zh.status_code
    assert '<html lang="zh-CN">' in zh.text
    assert '<html lang="en">' in en.text
    en_text, zh_text = visible(en.text), visible(zh.text)
    left = sorted(
        f
        for f in _fragments()
        if (n := _count(f, en_text)) and _count(f, zh_text) >= n and _count(f, _data(page)) < n
    )
    assert left == [], f"English on the Chinese {page}"
    assert re.search(r"[\u4e00-\u9fff]", zh_text)


def _data(page: str) -> str:
    """Values of the world that read as English words on a page (org and key names)."""
    return "op-a op-b admin analyst" if page else ""


def test_flash_messages_are_in_the_readers_language(site: tuple[World, TestClient, str]) -> None:
    _, client, csrf = site
    number = A_NUMBERS[2]
    r = client.post(f"/console/numbers/{number}/action", data={"csrf": csrf, "action": "label"}, headers=ZH)
    assert "已执行“标记”；当前状态：已标记" in r.text
    r = client.post(f"/console/numbers/{number}/comment", data={"csrf": csrf, "text": "x"}, headers=EN)
    assert "comment added" in r.text
    r = client.post("/console/cases/bulk", data={"csrf": csrf}, headers=ZH)
    assert r.status_code == 422
    assert "请至少选择一个工单" in r.text
    assert "请检查输入" in r.text  # the error page's title


def test_the_switch_overrides_the_browser_and_persists(site: tuple[World, TestClient, str]) -> None:
    world, _, _ = site
    client, csrf = console_client(world, "op-a/analyst")
    assert '<html lang="zh-CN">' in client.get("/console/", headers=ZH).text
    r = client.post(
        "/console/language",
        data={"lang": "en", "back": "/console/alerts?outcome=", "csrf": csrf},
        headers=ZH,
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/console/alerts?outcome="
    cookie = r.headers["set-cookie"]
    assert f"{i18n.LANG_COOKIE}=en" in cookie
    assert "Max-Age=31536000" in cookie
    assert "Path=/console" in cookie
    page = client.get("/console/alerts", headers=ZH).text  # the browser asks for Chinese: the user won
    assert '<html lang="en">' in page
    assert "Alert queue" in page
    client.post("/console/language", data={"lang": "zh_CN", "csrf": csrf}, headers=EN)
    page = client.get("/console/alerts", headers=EN).text
    assert '<html lang="zh-CN">' in page
    assert "预警队列" in page


def test_the_switch_needs_the_form_token_when_logged_in(site: tuple[World, TestClient, str]) -> None:
    world, _, _ = site
    client, _ = console_client(world, "op-a/analyst")
    r = client.post("/console/language", data={"lang": "en", "csrf": "forged"}, follow_redirects=False)
    assert r.status_code == 403
    assert i18n.LANG_COOKIE not in r.headers.get("set-cookie", "")
    r = client.post("/console/language", data={"lang": "xx"}, follow_redirects=False)
    assert r.status_code == 422


def test_the_switch_works_before_logging_in_and_keeps_to_the_console(
    site: tuple[World, TestClient, str],
) -> None:
    world, _, _ = site
    from ringfence.api.app import create_app

    client = TestClient(create_app(world.platform))
    for back in ("https://evil.example/", "//evil.example/console/", "/v1/stats"):
        r = client.post("/console/language", data={"lang": "en", "back": back}, follow_redirects=False)
        assert r.headers["location"] == "/console/", back
    r = client.post("/console/language", data={"lang": "en", "back": "/console/login"})
    assert '<html lang="en">' in r.text
    assert "API key" in r.text


def test_the_configured_default_applies_when_the_browser_names_neither(tmp_path: Path) -> None:
    for setting, lang in (("zh_CN", "zh-CN"), ("en", "en")):
        with make_world(tmp_path / setting, MEMORY_URL, console_language=setting) as world:
            client = TestClient(__import__("ringfence.api.app").api.app.create_app(world.platform))
            page = client.get("/console/login", headers={"Accept-Language": "fr-FR"}).text
            assert f'<html lang="{lang}">' in page
            assert f'<html lang="{lang}">' in client.get("/console/login").text


# Templates --------------------------------------------------------------------------------------------
_ALLOWED_LITERALS = frozenset(
    {"ringfence", "ringfence keys create", "CSV", "rf_…", "+8613812345678, 13812345678, 95588 …", "#"}
)


def _literal_text(source: str) -> list[str]:
    """Text a template writes outside ``{{ }}``/``{% %}``: the reader would see it untranslated."""
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "\x00", source, flags=re.S)
    found = []
    for attr in re.findall(r'(?:placeholder|aria-label|title|data-confirm|data-label|alt)="([^"]*)"', source):
        found.append(attr)
    source = re.sub(r"<script.*?</script>|<style.*?</style>", "", source, flags=re.S)
    for text in re.sub(r"<[^>]*>", "\x00", source).split("\x00"):
        found.append(text)
    return [
        t.strip()
        for t in found
        if re.search(r"[A-Za-z]", t)
        and t.strip() not in _ALLOWED_LITERALS
        and not re.fullmatch(r'\s*[\w-]+="\s*', t)  # an attribute written around an expression
    ]


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_template_writes_english_outside_gettext(template: str) -> None:
    assert _literal_text((TEMPLATES / template).read_text(encoding="utf-8")) == []


def test_login_errors_are_in_the_readers_language(site: tuple[World, TestClient, str]) -> None:
    world, _, _ = site
    from ringfence.api.app import create_app

    client = TestClient(create_app(world.platform))
    page = client.get("/console/login", headers=ZH).text
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert token is not None
    r = client.post("/console/login", data={"key": "rf_wrong", "csrf": token.group(1)}, headers=ZH)
    assert r.status_code == 401
    assert "API 密钥格式不正确" in r.text
    r = client.post("/console/login", data={"key": "rf_wrong", "csrf": "x"}, headers=ZH)
    assert "登录表单已过期，请重试" in r.text
