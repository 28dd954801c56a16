"""The console's languages: which one a request gets, its gettext catalogue, and local formats.

The console's users are anti-fraud analysts at Chinese operators and centres, so Simplified Chinese
comes first and English second. A request's language is the user's own choice (the top bar's switch,
kept in a cookie), else the browser's ``Accept-Language``, else ``RINGFENCE_CONSOLE_LANGUAGE``.

Catalogues are standard gettext ``.po`` files under ``locale/`` (extracted and updated with
``pybabel``, see docs/console.md). They are compiled in memory the first time a language is used, so a
fresh ``pip install -e .`` needs no build step and a stale ``.mo`` can never be served. CLI output and
API error messages stay English: only the console is translated.
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_percent, get_decimal_symbol, get_group_symbol

__all__ = [
    "DEFAULT",
    "LANG_COOKIE",
    "LOCALES",
    "LOCALE_DIR",
    "Language",
    "html_lang",
    "language",
    "negotiate",
    "normalize",
    "translations",
]

#: Languages the console speaks, the first being the fallback of last resort.
LOCALES = ("zh_CN", "en")
DEFAULT = "zh_CN"
LANG_COOKIE = "ringfence_lang"
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "messages"

# Times in tables: CLDR's short date and time for Chinese (``2026/12/3 15:04``); for English the ISO
# order the platform has always shown (operators' English users read 24-hour times, and ``12/3/26``
# is ambiguous between readers).
_DATETIME = {"en": "yyyy-MM-dd HH:mm"}


@cache
def _datetime_pattern(locale: str) -> str:
    """The locale's time pattern, resolved once (a page formats hundreds of times)."""
    if locale in _DATETIME:
        return _DATETIME[locale]
    cldr = Locale.parse(locale)
    date, time = cldr.date_formats["short"].pattern, cldr.time_formats["short"].pattern
    return str(cldr.datetime_formats["short"]).replace("{1}", date).replace("{0}", time)


@cache
def _number_symbols(locale: str) -> tuple[dict[int, str], str, str]:
    """How the locale writes ``12,345.6`` and ``12.3%``: symbol swaps for Python's own formatting
    (both console locales group by three), and what stands around a percentage."""
    swap = {ord(","): get_group_symbol(locale), ord("."): get_decimal_symbol(locale)}
    before, _, after = format_percent(0.42, "#,##0%", locale=locale).partition("42")
    return swap, before, after


_Q = re.compile(r"^\s*([A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def normalize(tag: str | None) -> str | None:
    """The console locale for a language tag (``zh``, ``zh-CN``, ``zh-Hans-SG``, ``en-GB``), or ``None``.

    Every Chinese tag gets Simplified Chinese: the only Chinese the console has, and closer for a
    Traditional reader than English.
    """
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return {"zh": "zh_CN", "en": "en"}.get(primary)


def negotiate(accept_language: str | None) -> str | None:
    """The best console locale for an ``Accept-Language`` header, or ``None`` when it names none.

    Entries are taken by quality (ties in the order given); ``q=0`` means "not this one".
    """
    if not accept_language:
        return None
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept_language.split(",")[:32]):
        match = _Q.match(part)
        if match is None:
            continue
        try:
            q = float(match.group(2)) if match.group(2) is not None else 1.0
        except ValueError:
            continue
        locale = normalize(match.group(1))
        if locale is not None and q > 0:
            ranked.append((-q, i, locale))
    return min(ranked)[2] if ranked else None


def language(cookie: str | None, accept_language: str | None, default: str) -> str:
    """The request's locale: the user's choice, else the browser's, else the configured default."""
    chosen = cookie if cookie in LOCALES else None
    return chosen or negotiate(accept_language) or (default if default in LOCALES else DEFAULT)


def html_lang(locale: str) -> str:
    """The ``lang`` attribute (BCP 47) for a locale: ``zh-CN``, ``en``."""
    return locale.replace("_", "-")


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """The locale's catalogue, compiled from its ``.po`` once per process (English needs none)."""
    po = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=locale, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


@dataclass(frozen=True, slots=True)
class Language:
    """One request's language: its catalogue and the formats of its dates and numbers."""

    locale: str
    zone: ZoneInfo

    @property
    def lang(self) -> str:
        return html_lang(self.locale)

    @property
    def catalogue(self) -> gettext.NullTranslations:
        return translations(self.locale)

    def gettext(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalogue.pgettext(context, message)

    def datetime(self, t: datetime | None) -> str:
        """A time in the configured zone, as the language writes it (empty for none)."""
        if t is None:
            return ""
        return format_datetime(t, _datetime_pattern(self.locale), tzinfo=self.zone, locale=self.locale)

    def number(self, value: float, digits: int = 0) -> str:
        """A count or measure with the language's grouping (``12,345``, ``0.29``)."""
        return f"{value:,.{digits}f}".translate(_number_symbols(self.locale)[0])

    def decimal(self, value: float, most: int) -> str:
        """A measure with up to ``most`` decimals, trailing zeros dropped (``0.0294``, ``80``)."""
        text = f"{value:,.{most}f}".rstrip("0").rstrip(".") if most else f"{value:,.0f}"
        return text.translate(_number_symbols(self.locale)[0])

    def percent(self, share: float | None, digits: int = 1) -> str:
        """A share as a percentage (``12.3%``), an en dash when there is none."""
        if share is None:
            return "–"
        swap, before, after = _number_symbols(self.locale)
        return f"{before}{share * 100:,.{digits}f}".translate(swap) + after
