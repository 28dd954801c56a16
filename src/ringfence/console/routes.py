"""Console pages: thin handlers that call one service each and render a template.

Kept apart from the public API (``/v1``): pages live under ``/console``, authenticate with a session
cookie opened by logging in with an API key (the session is kept in the store, so logging out ends it
on every worker), check a CSRF token on every form (login and logout included), and are not in
OpenAPI. Every handler is a plain ``def``: they read the store, so they run in worker threads.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi import Path as FPath
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2.ext import _make_new_gettext, _make_new_ngettext, _make_new_pgettext
from markupsafe import Markup

from ringfence import __version__
from ringfence.api.deps import get_platform, now
from ringfence.api.inputs import refuse_unstorable_form
from ringfence.api.security import is_tls
from ringfence.api.throttle import TooManyAttemptsError, guarded_authenticate
from ringfence.api.v1.models import MAX_ROW_ID, NumberPath, RowId
from ringfence.bootstrap import Platform
from ringfence.console import charts, graph, i18n
from ringfence.console.names import call_detail, display, feature_window, triage_reason
from ringfence.console.session import (
    COOKIE,
    LOGIN_COOKIE,
    csrf_token,
    login_csrf,
    make_session,
    new_login_nonce,
    new_session_id,
    read_session,
    same,
)
from ringfence.domain.access import (
    AccessDeniedError,
    NotFoundError,
    Permission,
    Principal,
    UnauthenticatedError,
    allowed,
    require,
)
from ringfence.domain.casework import ListName
from ringfence.domain.disposition import PERMISSIONS, Action
from ringfence.domain.queue import VERDICT_ORDER, QueueFilter
from ringfence.domain.reports import CATEGORY_LABELS
from ringfence.errors import ConfigError
from ringfence.intel.cohorts import FINDINGS
from ringfence.services import (
    alert_trace,
    cases,
    casework,
    complaints,
    dashboard,
    disposal,
    investigation,
    number_page,
    policies,
    records_view,
    sessions,
)
from ringfence.services.cohorts import MAX_STORED_DAYS, cohort_rows
from ringfence.services.disposal_stats import casework_report

__all__ = ["router", "templates"]

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(refuse_unstorable_form)])
templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
templates.env.add_extension("jinja2.ext.i18n")
# gettext, ngettext and pgettext come with each render's context (the request's language), never as
# globals shared by concurrent requests in other languages; new-style: ``_("%(n)s left", n=3)``.
templates.env.newstyle_gettext = True  # type: ignore[attr-defined]
# Values in the audit log as written (Chinese stays Chinese; ``tojson`` would show ``\uXXXX``).
templates.env.filters["tojson_text"] = lambda v: json.dumps(
    v, ensure_ascii=False, sort_keys=True, default=str
)
PAGE = 50
MAX_PAGE = MAX_ROW_ID // PAGE


def _login_redirect() -> HTTPException:
    return HTTPException(status_code=303, headers={"Location": "/console/login"})


def _session_id(request: Request, platform: Platform) -> str | None:
    return read_session(request.cookies.get(COOKIE), platform.secret, int(platform.clock().timestamp()))


def viewer(request: Request, platform: Platform = Depends(get_platform)) -> Principal:
    """The logged-in principal, or a redirect to the login page.

    The session must be open in the store (not ended by a logout, not expired) and its key not revoked.
    """
    who = sessions.session_principal(platform.store, _session_id(request, platform), platform.clock())
    if who is None:
        raise _login_redirect()
    return who


def _secure(request: Request, platform: Platform) -> bool:
    """Whether cookies get the ``Secure`` flag (``RINGFENCE_COOKIE_SECURE``; auto: the request's TLS)."""
    mode = platform.settings.cookie_secure
    return mode == "true" or (mode == "auto" and is_tls(request.scope, platform.settings))


def _num(value: Any, lang: i18n.Language | None = None) -> str:
    """Feature values as people read them: ``0.0294``, ``18.81``, ``80``; anything else as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    lang = lang or i18n.Language("en", ZoneInfo("UTC"))
    if float(value).is_integer():
        return lang.number(value)
    return lang.decimal(value, 4) if abs(value) < 1 else lang.number(value, 2)


def duration(seconds: int, lang: i18n.Language | None = None) -> str:
    """A clock's remaining time as people read it: ``2 d 3 h``, ``5 h 12 min``, ``4 min``."""
    say = lang.gettext if lang is not None else str
    minutes = max(0, seconds) // 60
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return say("%(d)s d %(h)s h") % {"d": days, "h": hours}
    if hours:
        return say("%(h)s h %(m)s min") % {"h": hours, "m": mins}
    return say("%(m)s min") % {"m": mins}


def request_language(request: Request, platform: Platform) -> i18n.Language:
    """The language a console request is answered in (the user's switch, the browser, the default)."""
    locale = i18n.language(
        request.cookies.get(i18n.LANG_COOKIE),
        request.headers.get("accept-language"),
        platform.settings.console_language,
    )
    return i18n.Language(locale, ZoneInfo(platform.settings.timezone))


def language_context(lang: i18n.Language) -> dict[str, Any]:
    """What every template needs to speak ``lang``: gettext callables, names of codes, formats."""
    return {
        "lang": lang,
        "gettext": _make_new_gettext(lang.gettext),
        "ngettext": _make_new_ngettext(lang.ngettext),
        "pgettext": _make_new_pgettext(lang.pgettext),
        "name": (lambda kind, code: display(lang, kind, code)),
        "why": (lambda reason: triage_reason(lang, reason)),
        "window": (lambda text: feature_window(lang, text)),
        "detail": (lambda text: call_detail(lang, text)),
        "local": lang.datetime,
        "num": (lambda v: _num(v, lang)),
        "dec": lang.number,
        "pct": lang.percent,
        "dur": (lambda s: duration(s, lang)),
        "languages": [(loc, _LANGUAGE_NAMES[loc]) for loc in i18n.LOCALES],
    }


# Each language named in itself, so a reader who cannot read the current one still finds theirs.
_LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


def _check_csrf(request: Request, platform: Platform, token: str) -> None:
    session = request.cookies.get(COOKIE) or ""
    if not session or not same(csrf_token(session, platform.secret), token):
        raise AccessDeniedError(
            request_language(request, platform).gettext(
                "form expired or forged (CSRF token mismatch); reload the page"
            )
        )


def _render(
    request: Request, platform: Platform, who: Principal | None, name: str, **ctx: Any
) -> HTMLResponse:
    session = request.cookies.get(COOKIE) or ""
    context = {
        "who": who,
        "csrf": csrf_token(session, platform.secret) if session else "",
        "version": __version__,
        "zone": platform.settings.timezone,
        "can": (lambda p: who is not None and allowed(who.role, Permission(p))),
        "path": request.url.path,
        "query": request.url.query,
        **language_context(request_language(request, platform)),
        **ctx,
    }
    return templates.TemplateResponse(request, name, context)


# login ---------------------------------------------------------------------------------------------------
def _login_form(
    request: Request,
    platform: Platform,
    error: str | None,
    status: int,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """The login page with a token bound to the pre-session cookie (set here when missing)."""
    nonce = request.cookies.get(LOGIN_COOKIE) or ""
    fresh = not (len(nonce) == 32 and nonce.isalnum())
    if fresh:
        nonce = new_login_nonce()
    page = _render(
        request, platform, None, "login.html", error=error, login_csrf=login_csrf(nonce, platform.secret)
    )
    page.status_code = status
    page.headers.update(headers or {})
    if fresh:
        page.set_cookie(
            LOGIN_COOKIE,
            nonce,
            httponly=True,
            samesite="strict",
            secure=_secure(request, platform),
            path="/console/login",
        )
    return page


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, platform: Platform = Depends(get_platform)) -> HTMLResponse:
    return _login_form(request, platform, None, 200)


@router.post("/login", response_model=None)
def login(
    request: Request,
    key: str = Form(""),
    csrf: str = Form(""),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse | RedirectResponse:
    """Open a session for a console-capable key: the form's token must match the pre-session cookie,
    failed attempts are rate-limited, and the new session is recorded in the store."""
    nonce = request.cookies.get(LOGIN_COOKIE) or ""
    if not nonce or not same(login_csrf(nonce, platform.secret), csrf):
        said = request_language(request, platform).gettext("the login form expired; please try again")
        return _login_form(request, platform, said, 403)
    try:
        who = guarded_authenticate(request, platform, key)
        require(who, Permission.VIEW)
    except TooManyAttemptsError as exc:
        said = request_language(request, platform).gettext(
            "too many failed attempts; try again in %(s)s s"
        ) % {"s": exc.retry_after}
        return _login_form(request, platform, said, 429, {"Retry-After": str(exc.retry_after)})
    except (UnauthenticatedError, AccessDeniedError) as exc:
        status = 401 if isinstance(exc, UnauthenticatedError) else 403
        said = display(request_language(request, platform), "login_error", str(exc))
        return _login_form(request, platform, said, status)
    hours = platform.settings.session_hours
    session_id = new_session_id()
    expires = sessions.open_session(platform.store, who, session_id, platform.clock(), hours)
    token = make_session(session_id, int(expires.timestamp()), platform.secret)
    secure = _secure(request, platform)
    response = RedirectResponse("/console/", status_code=303)
    response.set_cookie(
        COOKIE, token, max_age=int(hours * 3600), httponly=True, samesite="strict", secure=secure
    )
    response.delete_cookie(
        LOGIN_COOKIE, path="/console/login", httponly=True, samesite="strict", secure=secure
    )
    return response


@router.post("/logout")
def logout(
    request: Request, csrf: str = Form(""), platform: Platform = Depends(get_platform)
) -> RedirectResponse:
    """End the session in the store (a copy of the cookie is refused from now on) and drop the cookie."""
    session_id = _session_id(request, platform)
    if session_id is not None:
        _check_csrf(request, platform, csrf)
        sessions.end_session(platform.store, session_id, platform.clock())
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(COOKIE, httponly=True, samesite="strict", secure=_secure(request, platform))
    return response


# language ------------------------------------------------------------------------------------------------
@router.post("/language")
def choose_language(
    request: Request,
    lang: str = Form(...),
    back: str = Form("/console/"),
    csrf: str = Form(""),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    """The top bar's language switch: the choice is kept in a cookie for a year, for this browser, and
    wins over ``Accept-Language``. Logged in, the form carries the session's CSRF token like any other;
    on the login page there is no session to protect, and a language is all the form can change."""
    if lang not in i18n.LOCALES:
        raise ConfigError(f"unknown console language {lang!r}; one of {', '.join(i18n.LOCALES)}")
    if _session_id(request, platform) is not None:
        _check_csrf(request, platform, csrf)
    target = back if back.startswith("/console/") and "//" not in back and "\\" not in back else "/console/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        i18n.LANG_COOKIE,
        lang,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=_secure(request, platform),
        path="/console",
    )
    return response


# dashboard -----------------------------------------------------------------------------------------------
def _day(value: str, name: str) -> date | None:
    """A ``YYYY-MM-DD`` query value as a date; empty: none; anything else a clear 422."""
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"{name} {value[:40]!r} is not a day, YYYY-MM-DD") from None


def _queue_link(**params: str) -> str:
    """The alert queue filtered as a chart's bar counts: every outcome, the dashboard's range."""
    return "/console/alerts?" + urlencode({"outcome": "", **{k: v for k, v in params.items() if v}})


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    start: str = Query("", max_length=10),
    end: str = Query("", max_length=10),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    first, last = _day(start, "start"), _day(end, "end")
    d = dashboard.dashboard(platform.store, who, platform.settings.timezone, first, last)
    span = {"start": start.strip(), "end": end.strip()}
    lang = request_language(request, platform)
    _ = lang.gettext
    chart: dict[str, Any] = {"fmt": lambda v: _num(v, lang), "empty": _("No data yet.")}
    typology = {"name": lambda key: display(lang, "typology", key), **chart}
    return _render(
        request,
        platform,
        who,
        "dashboard.html",
        d=d,
        start=span["start"],
        end=span["end"],
        by_typology=Markup(
            charts.bar_list(
                list(d.by_typology.items()),
                label=_("Alerts by typology"),
                href=lambda t: _queue_link(typology=t, **span),
                legend_caption=_("Legend: typologies"),
                **typology,
            )
        ),
        blocked_by_typology=Markup(
            charts.bar_list(
                list(d.blocked_by_typology.items()),
                label=_("Interceptions by typology"),
                href=lambda t: _queue_link(typology=t, verdict="block", **span),
                legend_caption=_("Legend: typologies"),
                **typology,
            )
        ),
        trend=Markup(
            charts.stacked_columns(
                d.trend,
                width=1180,
                label=_("Trend: alerts per day"),
                href=lambda day, t: _queue_link(typology=t, start=day, end=day),
                **typology,
            )
        ),
        top_rules=Markup(
            charts.bar_list(
                [(r, float(n)) for r, n in d.top_rules],
                label=_("Top rules"),
                href=lambda r: _queue_link(rule=r, **span),
                legend_caption=_("Legend: rules"),
                **chart,
            )
        ),
    )


# alerts --------------------------------------------------------------------------------------------------
@router.get("/alerts", response_class=HTMLResponse)
def alert_queue(
    request: Request,
    outcome: str = Query("open", max_length=16),
    typology: str = Query("", max_length=32),
    verdict: str = Query("", max_length=16),
    rule: str = Query("", max_length=128),
    start: str = Query("", max_length=10),
    end: str = Query("", max_length=10),
    q: str = Query("", max_length=200),
    assignee: str = Query("", max_length=300),
    sort: str = Query("score", max_length=16),
    order: Literal["desc", "asc"] = Query("desc"),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    done: str = Query("", max_length=300),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    f = QueueFilter(
        outcome=outcome,
        typology=typology,
        verdict=verdict,
        rule=rule.strip(),
        start=_day(start, "start"),
        end=_day(end, "end"),
        q=q.strip(),
        assignee=assignee.strip(),
        sort=sort,
        descending=order == "desc",
    )
    zone = ZoneInfo(platform.settings.timezone)
    rows, total = records_view.alert_queue(platform.store, who, f, zone, PAGE, (page - 1) * PAGE)
    params = {
        "outcome": outcome,
        "typology": typology,
        "verdict": verdict,
        "rule": f.rule,
        "start": start.strip(),
        "end": end.strip(),
        "q": f.q,
        "assignee": f.assignee,
    }
    here = urlencode({**params, "sort": sort, "order": order})
    return _render(
        request,
        platform,
        who,
        "alerts.html",
        rows=rows,
        total=total,
        more=page * PAGE < total,
        page=page,
        f=f,
        params=params,
        here=here,
        base_query=urlencode(params),
        sort=sort,
        order=order,
        done=done,
        outcomes=["open", "confirmed", "dismissed"],
        verdicts=list(VERDICT_ORDER),
        typologies=list(charts.PALETTE),
    )


@router.post("/alerts/bulk")
def alert_bulk(
    request: Request,
    ids: list[int] = Form([]),
    do: Literal["assign", "outcome"] = Form(...),
    assignee: str = Form("", max_length=300),
    outcome: str = Form("", max_length=16),
    reason: str = Form("", max_length=2000),
    csrf: str = Form(""),
    back: str = Form("/console/alerts"),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    """Assign the selected alerts, or set their outcome; every alert changed is audited."""
    _check_csrf(request, platform, csrf)
    lang = request_language(request, platform)
    if not ids:
        raise ConfigError(lang.gettext("select at least one alert"))
    now = platform.clock()
    if do == "assign":
        n = len(records_view.assign_alerts(platform.store, who, ids, assignee, now))
        said = lang.ngettext("%(n)s alert assigned", "%(n)s alerts assigned", n) % {"n": n}
    else:
        if len(ids) > records_view.MAX_BULK:
            raise ConfigError(lang.gettext("at most %(n)s alerts at once") % {"n": records_view.MAX_BULK})
        for alert_id in dict.fromkeys(ids):
            casework.set_outcome(platform.store, who, alert_id, outcome, now, reason)
        n = len(set(ids))
        said = lang.ngettext("%(n)s alert set to %(outcome)s", "%(n)s alerts set to %(outcome)s", n) % {
            "n": n,
            "outcome": display(lang, "outcome", outcome),
        }
    target = back if back.startswith("/console/alerts") else "/console/alerts"
    joiner = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{joiner}done={quote(said)}", status_code=303)


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert_page(
    request: Request,
    alert_id: RowId,
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    """One alert with its rule trace: rules, evidence against thresholds, the score's path."""
    trace = alert_trace.alert_trace(platform.store, who, alert_id)
    return _render(request, platform, who, "alert.html", t=trace, a=trace.alert)


@router.post("/alerts/{alert_id}/outcome")
def alert_outcome(
    request: Request,
    alert_id: RowId,
    outcome: str = Form(...),
    reason: str = Form("", max_length=2000),
    csrf: str = Form(""),
    back: str = Form("/console/alerts"),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    """Confirm or dismiss an alert, with the reason kept in the audit log (and the number's thread)."""
    _check_csrf(request, platform, csrf)
    casework.set_outcome(platform.store, who, alert_id, outcome, platform.clock(), reason)
    return RedirectResponse(back if back.startswith("/console/") else "/console/alerts", status_code=303)


# numbers -------------------------------------------------------------------------------------------------
@router.get("/numbers", response_model=None)
def number_search(
    request: Request,
    q: str = Query("", max_length=200),
    imei: str = Query("", max_length=200),
    cell: str = Query("", max_length=200),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse | RedirectResponse:
    """Look up a number (a redirect to its page), or list the numbers seen on a handset or in a cell."""
    if q.strip():
        from ringfence.domain.numbers import normalize

        return RedirectResponse(f"/console/numbers/{quote(normalize(q), safe='')}", status_code=303)
    kind, value = ("imei", imei) if imei else ("cell", cell) if cell else ("", "")
    found = number_page.numbers_seen_on(platform.store, who, kind, value) if kind else None
    return _render(request, platform, who, "search.html", kind=kind, value=value, found=found)


SEARCH_KINDS = ("number", "imei", "cell", "url", "id_hash")


def _guess_kind(value: str) -> str:
    """What a bare search term most likely is: a link or domain, a 15-digit IMEI, else a number."""
    v = value.strip()
    if re.search(r"[A-Za-z]", v) and "." in v:
        return "url"
    if re.fullmatch(r"\d{15}", v):
        return "imei"
    return "number"


@router.get("/search", response_model=None)
def search(
    request: Request,
    q: str = Query("", max_length=300),
    kind: str = Query("", max_length=16),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse | RedirectResponse:
    """Search by number, IMEI, cell, link or domain, or activation holder (``id_hash``, for roles
    allowed the one-ID lookup); each goes to its page."""
    require(who, Permission.VIEW)
    value = q.strip()
    if not value:
        return _render(
            request, platform, who, "search.html", kind="", value="", found=None, kinds=SEARCH_KINDS
        )
    chosen = kind or _guess_kind(value)
    if chosen not in SEARCH_KINDS:
        raise ConfigError(f"unknown search kind {chosen!r}; one of {', '.join(SEARCH_KINDS)}")
    if chosen == "number":
        from ringfence.domain.numbers import normalize

        target = f"/console/numbers/{quote(normalize(value), safe='')}"
    elif chosen == "imei":
        target = f"/console/handsets/{quote(value, safe='')}"
    elif chosen == "cell":
        target = f"/console/cells/{quote(value, safe='')}"
    elif chosen == "url":
        target = f"/console/urls?{urlencode({'u': value})}"
    else:
        require(who, Permission.HOLDERS)
        target = f"/console/holders?{urlencode({'id_hash': value})}"
    return RedirectResponse(target, status_code=303)


_PIVOT_ID = r"^[^/?#\s]{1,64}$"


@router.get("/handsets/{imei}", response_class=HTMLResponse)
def handset_page(
    request: Request,
    imei: str = FPath(..., pattern=_PIVOT_ID),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    """The numbers seen on one handset (IMEI), most records first."""
    view = investigation.handset_view(platform.store, who, imei)
    return _render(request, platform, who, "handset.html", v=view)


@router.get("/cells/{cell}", response_class=HTMLResponse)
def cell_page(
    request: Request,
    cell: str = FPath(..., pattern=_PIVOT_ID),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    """The numbers seen in one cell, and the new cards among them."""
    view = investigation.cell_view(platform.store, who, cell, platform.clock())
    recent = investigation.Limits().recent
    return _render(request, platform, who, "cell.html", v=view, recent_days=recent.days)


@router.get("/urls", response_class=HTMLResponse)
def url_page(
    request: Request,
    u: str = Query(..., max_length=300),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    """The SMS that carried a link (or any link on a domain), and the numbers that sent them."""
    view = investigation.url_view(platform.store, who, u)
    return _render(request, platform, who, "url.html", v=view)


@router.get("/numbers/{number}/investigate", response_class=HTMLResponse)
def investigate_page(
    request: Request,
    number: NumberPath,
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    """A number's pivots: handsets, cells and new cards, counterparts, and its ring as a graph."""
    inv = investigation.investigate(platform.store, who, number, platform.clock())
    _ = request_language(request, platform).gettext
    kind_names = {
        "handset": _("shared handset (IMEI)"),
        "cell": _("same cell, same time"),
        "holder": _("same activation holder"),
        "script": _("same SMS script"),
        "url": _("same link in SMS"),
    }

    def href(n: str) -> str:
        shown = inv.labels.get(n)
        return f"/console/numbers/{quote(n, safe='')}/investigate" if shown and shown.target else ""

    svg = graph.ring_svg(
        inv.ring,
        {n: s.value for n, s in inv.labels.items()},
        href,
        _("Ring of %(number)s") % {"number": inv.shown.value},
        kind_names,
        describe=_(
            "%(nodes)s numbers, %(links)s links: %(kinds)s. The table below lists the same numbers and links."
        ),
    )
    return _render(
        request,
        platform,
        who,
        "investigate.html",
        inv=inv,
        svg=Markup(svg),
        kind_names=kind_names,
        styles=graph.EDGE_STYLE,
        recent_days=investigation.Limits().recent.days,
    )


@router.get("/numbers/{number}", response_class=HTMLResponse)
def number_view(
    request: Request,
    number: NumberPath,
    done: str = Query("", max_length=300),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    page = number_page.number_page(
        platform.store, who, number, now=platform.clock(), sla=platform.disposal.sla
    )
    return _render(
        request,
        platform,
        who,
        "number.html",
        p=page,
        done=done,
        offers=offers(page.disposition, who),
        lists=[name.value for name in ListName],
    )


def offers(shown: disposal.DispositionView | None, who: Principal) -> dict[str, list[str]]:
    """The forms the number page offers: only actions the state machine allows from the number's
    state *and* the viewer's role grants (``PERMISSIONS``), grouped by the form that asks for them."""
    if shown is None:
        return {}
    allowed_now = {a for a in shown.allowed if allowed(who.role, PERMISSIONS[a])}
    dispose = [a.value for a in disposal.DISPOSAL_ACTIONS if a in allowed_now]
    verify = Action.REQUEST_VERIFICATION in allowed_now or Action.PASS_VERIFICATION in allowed_now
    can_verify = all(
        allowed(who.role, PERMISSIONS[a])
        for a in (Action.REQUEST_VERIFICATION, Action.PASS_VERIFICATION, Action.RESTORE)
    )
    return {
        "dispose": dispose,
        "request": ["request_verification"] if Action.REQUEST_VERIFICATION in allowed_now else [],
        "verify": ["passed", "failed"] if verify and can_verify else [],
        "appeal": ["appeal"] if Action.APPEAL in allowed_now else [],
        "decide": [
            d for d, a in (("upheld", Action.UPHOLD), ("overturned", Action.OVERTURN)) if a in allowed_now
        ],
        "override": ["override"] if Action.OVERRIDE in allowed_now else [],
    }


def _back_to(number: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/console/numbers/{quote(number, safe='')}?done={quote(done)}", status_code=303)


def _state_of(result: disposal.Result, lang: i18n.Language) -> str:
    return display(lang, "state", result.disposition.state)


@router.post("/numbers/{number}/action")
def number_action(
    request: Request,
    number: NumberPath,
    action: str = Form(...),
    note: str = Form("", max_length=2000),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    """Suspend, restrict, label or restore, through the same service as ``POST /v1/numbers/…/actions``."""
    _check_csrf(request, platform, csrf)
    result = disposal.act(platform.store, platform.disposal, who, number, action, platform.clock(), note)
    lang = request_language(request, platform)
    said = lang.gettext("%(action)s recorded; now %(state)s") % {
        "action": display(lang, "action", action),
        "state": _state_of(result, lang),
    }
    return _back_to(number, said)


@router.post("/numbers/{number}/verification")
def number_verification(
    request: Request,
    number: NumberPath,
    outcome: str = Form(...),
    note: str = Form("", max_length=2000),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    """A real-person verification outcome (``passed`` restores unless restores wait for an analyst)."""
    _check_csrf(request, platform, csrf)
    result = disposal.record_verification(
        platform.store, platform.disposal, who, number, outcome, platform.clock(), note
    )
    lang = request_language(request, platform)
    said = lang.gettext("verification %(outcome)s; now %(state)s") % {
        "outcome": display(lang, "verification", outcome),
        "state": _state_of(result, lang),
    }
    return _back_to(number, said)


@router.post("/numbers/{number}/verification/request")
def number_verification_request(
    request: Request,
    number: NumberPath,
    note: str = Form("", max_length=2000),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    result = disposal.request_verification(
        platform.store, platform.disposal, who, number, platform.clock(), note
    )
    lang = request_language(request, platform)
    said = lang.gettext("verification requested; now %(state)s") % {"state": _state_of(result, lang)}
    return _back_to(number, said)


@router.post("/numbers/{number}/appeal")
def number_appeal(
    request: Request,
    number: NumberPath,
    reason: str = Form("", max_length=2000),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    result = disposal.appeal(platform.store, platform.disposal, who, number, platform.clock(), reason)
    lang = request_language(request, platform)
    return _back_to(number, lang.gettext("appeal filed; now %(state)s") % {"state": _state_of(result, lang)})


@router.post("/numbers/{number}/appeal/decision")
def number_appeal_decision(
    request: Request,
    number: NumberPath,
    decision: str = Form(...),
    reason: str = Form("", max_length=2000),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    result = disposal.decide_appeal(
        platform.store, platform.disposal, who, number, decision, platform.clock(), reason
    )
    lang = request_language(request, platform)
    said = lang.gettext("appeal %(decision)s; now %(state)s") % {
        "decision": display(lang, "decision", decision),
        "state": _state_of(result, lang),
    }
    return _back_to(number, said)


@router.post("/numbers/{number}/override")
def number_override(
    request: Request,
    number: NumberPath,
    reason: str = Form("", max_length=2000),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    """An admin gives service back without a passed verification; the reason is mandatory."""
    _check_csrf(request, platform, csrf)
    result = disposal.override(platform.store, platform.disposal, who, number, platform.clock(), reason)
    lang = request_language(request, platform)
    said = lang.gettext("override recorded; now %(state)s") % {"state": _state_of(result, lang)}
    return _back_to(number, said)


@router.post("/numbers/{number}/comment")
def number_comment(
    request: Request,
    number: NumberPath,
    text: str = Form("", max_length=casework.MAX_COMMENT),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    casework.comment(platform.store, who, number, text, platform.clock())
    return _back_to(number, request_language(request, platform).gettext("comment added"))


@router.post("/numbers/{number}/case")
def number_case(
    request: Request,
    number: NumberPath,
    title: str = Form("", max_length=300),
    note: str = Form("", max_length=4000),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    case_id = cases.open_case(platform.store, platform.casework, who, number, platform.clock(), title, note)
    said = request_language(request, platform).gettext("case #%(id)s opened") % {"id": case_id}
    return _back_to(number, said)


@router.post("/numbers/{number}/list")
def number_list(
    request: Request,
    number: NumberPath,
    list_name: str = Form(...),
    label: str = Form("", max_length=64),
    sharing: str = Form("private"),
    reason: str = Form("", max_length=2000),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    casework.add_to_list(
        platform.store, who, list_name, "number", number, platform.clock(), label, sharing, reason
    )
    lang = request_language(request, platform)
    return _back_to(number, lang.gettext("added to %(list)s") % {"list": display(lang, "list", list_name)})


# complaints ----------------------------------------------------------------------------------------------
@router.get("/complaints", response_class=HTMLResponse)
def complaint_page(
    request: Request,
    done: str = Query("", max_length=300),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    from ringfence.domain.complaints import Category, Channel

    items = complaints.queue(platform.store, who)
    return _render(
        request,
        platform,
        who,
        "complaints.html",
        items=items,
        done=done,
        categories=[c.value for c in Category],
        channels=[c.value for c in Channel],
    )


def _local_time(value: str, platform: Platform) -> datetime | None:
    """A ``datetime-local`` field in the console's time zone (empty: none)."""
    if not value.strip():
        return None
    try:
        naive = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ConfigError(f"not a date and time: {value!r}") from exc
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=ZoneInfo(platform.settings.timezone))


@router.post("/complaints")
def complaint_add(
    request: Request,
    number: str = Form(..., max_length=48),
    category: str = Form(...),
    reporter: str = Form(..., max_length=64),
    channel: str = Form("call"),
    reported_at: str = Form("", max_length=40),
    url: str = Form("", max_length=2048),
    sms_text: str = Form("", max_length=2000),
    note: str = Form("", max_length=2000),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    done = complaints.intake(
        platform.store,
        platform.disposal,
        platform.casework,
        platform.secret,
        who,
        number,
        category,
        reporter,
        platform.clock(),
        channel,
        _local_time(reported_at, platform),
        url,
        sms_text,
        note,
    )
    c = done.complaint
    lang = request_language(request, platform)
    said = (
        lang.gettext("complaint #%(id)s received (case #%(case)s)") % {"id": c.id, "case": c.case_id}
        if done.created
        else lang.gettext("already received as #%(id)s") % {"id": c.id}
    )
    if done.fast_path:
        said += lang.gettext("; fast path: %(number)s %(action)s pending review") % {
            "number": c.number,
            "action": display(lang, "state", done.fast_path),
        }
    return RedirectResponse(f"/console/complaints?done={quote(said)}", status_code=303)


# cases ---------------------------------------------------------------------------------------------------
@router.get("/cases", response_class=HTMLResponse)
def case_list(
    request: Request,
    status: str = Query(""),
    assignee: str = Query("", max_length=300),
    number: str = Query("", max_length=48),
    org: str = Query("", max_length=64),
    done: str = Query("", max_length=300),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    from ringfence.domain.cases import CaseStatus

    views = cases.list_cases(
        platform.store,
        platform.casework,
        who,
        platform.clock(),
        [status] if status else [],
        assignee.strip() or None,
        number.strip() or None,
        org.strip() or None,
        200,
    )
    return _render(
        request,
        platform,
        who,
        "cases.html",
        views=views,
        statuses=[s.value for s in CaseStatus],
        status=status,
        assignee=assignee,
        number=number,
        org=org,
        done=done,
    )


@router.post("/cases/bulk")
def case_bulk(
    request: Request,
    ids: list[int] = Form([]),
    status: str = Form(""),
    assignee: str = Form("", max_length=300),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    lang = request_language(request, platform)
    if not ids:
        raise ConfigError(lang.gettext("select at least one case"))
    results = cases.bulk_update(
        platform.store, who, ids, platform.clock(), status or None, assignee.strip() or None
    )
    updated = sum(r.ok for r in results)
    said = lang.ngettext("%(n)s case updated", "%(n)s cases updated", updated) % {"n": updated}
    return RedirectResponse(f"/console/cases?done={quote(said)}", status_code=303)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    request: Request,
    case_id: RowId,
    done: str = Query("", max_length=300),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    from ringfence.domain.cases import CaseStatus, EvidenceKind

    now = platform.clock()
    d = cases.case_detail(platform.store, platform.casework, who, case_id, now)
    orgs = records_view.other_orgs(platform.store, who)
    alert_numbers = {}  # evidence links go to the number an alert is about, not the case's number
    for e in d.evidence:
        if e.kind == "alert":
            try:
                alert_numbers[e.ref] = records_view.alert(platform.store, who, int(e.ref)).number
            except NotFoundError:
                alert_numbers[e.ref] = d.view.case.number
    return _render(
        request,
        platform,
        who,
        "case.html",
        d=d,
        c=d.view.case,
        now=now,
        done=done,
        orgs=orgs,
        alert_numbers=alert_numbers,
        statuses=[s.value for s in CaseStatus],
        evidence_kinds=[k.value for k in EvidenceKind],
        default_hours=round(platform.casework.dispatch_window.total_seconds() / 3600),
    )


def _back_to_case(case_id: int, done: str) -> RedirectResponse:
    return RedirectResponse(f"/console/cases/{case_id}?done={quote(done)}", status_code=303)


@router.post("/cases/{case_id}/update")
def case_update(
    request: Request,
    case_id: RowId,
    status: str = Form(""),
    assignee: str = Form("", max_length=300),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    cases.update_case(platform.store, who, case_id, platform.clock(), status or None, assignee)
    return _back_to_case(case_id, request_language(request, platform).gettext("case updated"))


@router.post("/cases/{case_id}/comment")
def case_comment(
    request: Request,
    case_id: RowId,
    body: str = Form(..., max_length=4000),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    cases.comment(platform.store, who, case_id, body, platform.clock())
    return _back_to_case(case_id, request_language(request, platform).gettext("comment added"))


@router.post("/cases/{case_id}/evidence")
def case_evidence(
    request: Request,
    case_id: RowId,
    kind: str = Form(...),
    ref: str = Form(..., max_length=128),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    cases.attach_evidence(platform.store, who, case_id, kind, ref, platform.clock())
    lang = request_language(request, platform)
    said = lang.gettext("%(kind)s attached") % {"kind": display(lang, "evidence", kind)}
    return _back_to_case(case_id, said)


@router.post("/cases/{case_id}/dispatch")
def case_dispatch(
    request: Request,
    case_id: RowId,
    to_org: str = Form(..., max_length=64),
    question: str = Form("", max_length=4000),
    hours: float | None = Form(None),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    dispatch_id = cases.dispatch(
        platform.store, platform.casework, who, case_id, to_org, question, platform.clock(), hours
    )
    said = request_language(request, platform).gettext("dispatch #%(id)s sent to %(org)s") % {
        "id": dispatch_id,
        "org": to_org,
    }
    return _back_to_case(case_id, said)


@router.get("/dispatches", response_class=HTMLResponse)
def dispatch_inbox(
    request: Request,
    done: str = Query("", max_length=300),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    from ringfence.domain.cases import Answer

    items = cases.incoming(platform.store, who)
    return _render(
        request,
        platform,
        who,
        "dispatches.html",
        items=items,
        now=platform.clock(),
        done=done,
        answers=[a.value for a in Answer],
    )


@router.post("/dispatches/{dispatch_id}/answer")
def dispatch_answer(
    request: Request,
    dispatch_id: RowId,
    answer: str = Form(...),
    note: str = Form("", max_length=4000),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    done = cases.answer_dispatch(
        platform.store, platform.casework, who, dispatch_id, answer, note, platform.clock()
    )
    lang = request_language(request, platform)
    said = lang.gettext("dispatch #%(id)s answered: %(answer)s") % {
        "id": dispatch_id,
        "answer": display(lang, "answer", answer),
    }
    if done.outcome:
        said += lang.gettext("; the case is closed (%(outcome)s)") % {
            "outcome": display(lang, "answer", done.outcome)
        }
    return RedirectResponse(f"/console/dispatches?done={quote(said)}", status_code=303)


# lists ---------------------------------------------------------------------------------------------------
@router.get("/lists", response_class=HTMLResponse)
def list_page(
    request: Request,
    list_name: str = Query("blacklist"),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    entries = casework.visible_entries(platform.store, who, list_name or None)
    return _render(
        request,
        platform,
        who,
        "lists.html",
        entries=entries,
        list_name=list_name,
        lists=[name.value for name in ListName],
    )


@router.post("/lists")
def list_add(
    request: Request,
    list_name: str = Form(...),
    kind: str = Form("number"),
    value: str = Form(..., max_length=2048),
    label: str = Form("", max_length=64),
    sharing: str = Form("private"),
    reason: str = Form("", max_length=2000),
    display_name: str = Form("", max_length=200),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    casework.add_to_list(
        platform.store, who, list_name, kind, value, platform.clock(), label, sharing, reason, display_name
    )
    return RedirectResponse(f"/console/lists?list_name={quote(list_name)}", status_code=303)


@router.post("/lists/{entry_id}/remove")
def list_remove(
    request: Request,
    entry_id: RowId,
    csrf: str = Form(""),
    list_name: str = Form("blacklist"),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    casework.remove_from_list(platform.store, who, entry_id, platform.clock())
    return RedirectResponse(f"/console/lists?list_name={quote(list_name)}", status_code=303)


# policies ------------------------------------------------------------------------------------------------
@router.get("/policies", response_class=HTMLResponse)
def policy_page(
    request: Request,
    show: str = Query(""),
    a: str = Query(""),
    b: str = Query(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    extra = platform.settings.policy_dir
    files = policies.policy_files(who, extra)
    shown = policies.read_policy(who, extra, show) if show else None
    diff = None
    if a and b:
        pa, pb = policies.read_policy(who, extra, a), policies.read_policy(who, extra, b)
        diff = policies.diff_policies(pa.name, pa.text(), pb.name, pb.text())
    runs = records_view.runs(platform.store, who)
    return _render(
        request, platform, who, "policies.html", files=files, shown=shown, diff=diff, a=a, b=b, runs=runs
    )


@router.post("/policies/diff", response_class=HTMLResponse)
def policy_diff(
    request: Request,
    old: str = Form(""),
    new: str = Form(""),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    _check_csrf(request, platform, csrf)
    require(who, Permission.VIEW)
    diff = policies.diff_policies("old", old, "new", new)
    files = policies.policy_files(who, platform.settings.policy_dir)
    return _render(
        request,
        platform,
        who,
        "policies.html",
        files=files,
        shown=None,
        diff=diff,
        a="",
        b="",
        old=old,
        new=new,
    )


# reports -------------------------------------------------------------------------------------------------
@router.get("/reports", response_class=HTMLResponse)
def report_page(
    request: Request,
    granularity: Literal["day", "month"] = Query("day"),
    period: str = Query(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    r = dashboard.report(platform.store, who, platform.settings.timezone, granularity, period or None)
    cw = casework_report(platform.store, who, platform.settings.timezone, granularity)
    return _render(request, platform, who, "reports.html", r=r, cw=cw, labels=CATEGORY_LABELS)


@router.get("/reports.csv")
def report_csv(
    granularity: Literal["day", "month"] = Query("day"),
    table: Literal["periods", "category", "typology"] = Query("periods"),
    period: str = Query(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> Response:
    r = dashboard.report(platform.store, who, platform.settings.timezone, granularity, period or None)
    buf = io.StringIO()
    out = csv.writer(buf)
    if table == "periods":
        out.writerow(
            [
                granularity,
                "alerts",
                "numbers",
                "blocked",
                "warned",
                "watched",
                "confirmed",
                "dismissed",
                "open",
                "precision",
            ]
        )
        for p in r.periods:
            prec = "" if p.precision is None else f"{p.precision:.4f}"
            out.writerow(
                [
                    p.period,
                    p.alerts,
                    p.numbers,
                    p.blocked,
                    p.warned,
                    p.watched,
                    p.confirmed,
                    p.dismissed,
                    p.open,
                    prec,
                ]
            )
    else:
        rows = r.by_category if table == "category" else r.by_typology
        out.writerow([table, "label", "alerts", "share", "change", "numbers", "blocked", "period"])
        for b in rows:
            change = "" if b.change is None else f"{b.change:.4f}"
            out.writerow([b.key, b.label, b.alerts, f"{b.share:.4f}", change, b.numbers, b.blocked, r.period])
    name = f"ringfence-{granularity}-{table}{'-' + r.period if table != 'periods' and r.period else ''}.csv"
    # A UTF-8 byte-order mark first: Excel reads a CSV without one in the system code page (GBK on a
    # Chinese Windows), garbling Chinese labels; every other reader skips it.
    return PlainTextResponse(
        "\ufeff" + buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# holders (one-ID lookup) ----------------------------------------------------------------------------------
@router.get("/holders", response_class=HTMLResponse)
def holders_page(
    request: Request,
    id_hash: str = Query("", max_length=128),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> HTMLResponse:
    """Every card of an identity hash at every member operator, with the lookup's flags (一证通查)."""
    from ringfence.services.activation import holder_view

    require(who, Permission.HOLDERS)
    wanted = id_hash.strip()
    view = error = None
    lang = request_language(request, platform)
    if wanted:
        if not re.fullmatch(r"[A-Za-z0-9_:+/=.-]{8,128}", wanted) or re.fullmatch(
            r"\d{17}[\dXx]|\d{15}", wanted
        ):
            error = lang.gettext(
                "an identity hash is 8 to 128 letters, digits or _:+/=.- and never a plain identity number"
            )
        else:
            view = holder_view(platform.cards, platform.store, who, wanted, at)
            if view is None:
                error = lang.gettext("no card and no restriction known for this holder")
    return _render(request, platform, who, "holders.html", id_hash=wanted, view=view, error=error)


# cohorts (abnormal cards) ---------------------------------------------------------------------------------
@router.get("/cohorts", response_class=HTMLResponse)
def cohorts_page(
    request: Request,
    days: int = Query(7, ge=1, le=MAX_STORED_DAYS),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
    at: datetime = Depends(now),
) -> HTMLResponse:
    """Cards that belong together — SIMs on one gateway, new cards switched on in one cell, dialing
    virtual-operator cards, IoT cards calling — over the organisation's recent calls, one row per cohort."""
    rows = cohort_rows(platform.store, who, days, at)
    counts = {f: sum(1 for r in rows if r.finding == f) for f in FINDINGS}
    return _render(request, platform, who, "cohorts.html", rows=rows, days=days, counts=counts)


# audit ---------------------------------------------------------------------------------------------------
@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request, who: Principal = Depends(viewer), platform: Platform = Depends(get_platform)
) -> HTMLResponse:
    require(who, Permission.ADMIN)
    return _render(
        request, platform, who, "audit.html", entries=records_view.audit_log(platform.store, who, 500)
    )
