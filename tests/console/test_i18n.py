"""The console's languages: negotiation, catalogues (complete and up to date), local formats."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from ringfence.console import i18n
from ringfence.console.i18n import Language, html_lang, language, negotiate, normalize

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh_CN"),
        ("en-US,en;q=0.9", "en"),
        ("en-GB;q=0.5, zh-Hans-SG;q=0.8", "zh_CN"),  # by quality, not by order
        ("zh-TW", "zh_CN"),  # the only Chinese the console has
        ("fr-FR, de;q=0.9", None),
        ("zh;q=0, en", "en"),  # q=0: not this one
        ("en;q=0.7, zh;q=0.7", "en"),  # a tie goes to the first named
        ("*", None),
        ("", None),
        (None, None),
        ("zh;q=abc, en", "en"),  # a broken entry is skipped, not an error
    ],
)
def test_accept_language_negotiation(header: str | None, expected: str | None) -> None:
    assert negotiate(header) == expected


@given(st.text(max_size=200))
def test_any_accept_language_header_gives_a_console_locale_or_none(header: str) -> None:
    assert negotiate(header) in (*i18n.LOCALES, None)
    assert language(None, header, "zh_CN") in i18n.LOCALES


def test_the_users_choice_beats_the_browser_which_beats_the_default() -> None:
    assert language("en", "zh-CN", "zh_CN") == "en"
    assert language("zh_CN", "en", "en") == "zh_CN"
    assert language(None, "en", "zh_CN") == "en"
    assert language(None, "fr", "en") == "en"
    assert language(None, None, "zh_CN") == "zh_CN"
    assert language("klingon", "fr", "zh_CN") == "zh_CN"  # a forged cookie is ignored


def test_tags() -> None:
    assert normalize("zh-Hans-CN") == "zh_CN"
    assert normalize("EN_us") == "en"
    assert normalize("ja") is None
    assert html_lang("zh_CN") == "zh-CN"
    assert html_lang("en") == "en"


def test_dates_and_numbers_follow_the_language_in_the_configured_zone() -> None:
    at = datetime(2026, 12, 3, 7, 4, tzinfo=UTC)
    zh, en = Language("zh_CN", SHANGHAI), Language("en", SHANGHAI)
    assert zh.datetime(at) == "2026/12/3 15:04"
    assert en.datetime(at) == "2026-12-03 15:04"
    assert zh.datetime(None) == en.datetime(None) == ""
    assert zh.number(12345) == en.number(12345) == "12,345"
    assert zh.number(0.5, 2) == "0.50"
    assert zh.percent(0.1234) == "12.3%"
    assert en.percent(1.0) == "100.0%"
    assert zh.percent(None) == "–"


def test_the_chinese_catalogue_translates_and_english_is_the_source() -> None:
    zh, en = Language("zh_CN", SHANGHAI), Language("en", SHANGHAI)
    assert zh.gettext("Alert queue") == "预警队列"
    assert zh.pgettext("action", "suspend") == "停机"
    assert zh.ngettext("%(num)s record", "%(num)s records", 2) % {"num": 2} == "2 条记录"
    assert en.gettext("Alert queue") == "Alert queue"
    assert en.pgettext("action", "suspend") == "suspend"
    assert zh.gettext("a message nobody wrote") == "a message nobody wrote"


# The catalogue ----------------------------------------------------------------------------------------
def _catalogue(locale: str) -> dict[tuple[str | None, object], object]:
    po = i18n.LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        return {(m.context, m.id): m.string for m in read_po(f) if m.id}


def _extracted() -> set[tuple[str | None, object]]:
    """What ``make translations`` extracts today (babel.cfg, the same keywords)."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {**DEFAULT_KEYWORDS, "_n": ((1, "c"), 2)}
    found: set[tuple[str | None, object]] = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=keywords,
        directory_filter=lambda path: Path(path).relative_to(ROOT).parts[0] == "src",
    ):
        found.add((context, message))
    return found


def test_the_catalogues_are_up_to_date_with_the_code_and_templates() -> None:
    """A string wrapped in a template or the code but not in the catalogues fails here: run
    ``make translations`` and translate it; one dropped from the code must leave them too."""
    extracted = _extracted()
    assert len(extracted) > 300
    for locale in i18n.LOCALES:
        catalogue = set(_catalogue(locale))
        assert sorted(map(str, extracted - catalogue)) == [], f"not in the {locale} catalogue"
        assert sorted(map(str, catalogue - extracted)) == [], f"obsolete in the {locale} catalogue"


def test_every_message_has_a_chinese_translation() -> None:
    untranslated = [
        key
        for key, string in _catalogue("zh_CN").items()
        if not (all(string) if isinstance(string, tuple) else string)
    ]
    assert untranslated == []


def test_translations_keep_the_placeholders_of_their_message() -> None:
    import re

    field = re.compile(r"%\((\w+)\)s")
    for (_context, msgid), string in _catalogue("zh_CN").items():
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        strings = string if isinstance(string, tuple) else (string,)
        wanted = set(field.findall(ids[-1])) | set(field.findall(ids[0]))
        for s in strings:
            assert isinstance(s, str)
            # Chinese has one plural form: its string may leave out the count a plural msgid has
            assert set(field.findall(s)) <= wanted, (msgid, s)
            if len(ids) == 1:
                assert set(field.findall(s)) == wanted, (msgid, s)


def test_rule_descriptions_of_the_shipped_library_are_translated() -> None:
    from ringfence.detect.rules import load_rules

    zh = Language("zh_CN", SHANGHAI)
    for rid, rule in load_rules().rules.items():
        shown = zh.gettext(rule.description)
        assert shown != rule.description, rid
        assert rid not in shown  # codes stay codes, beside the description, never inside it
