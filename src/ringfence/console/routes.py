"""Console pages: thin handlers that call one service each and render a template.

Kept apart from the public API (``/v1``): pages live under ``/console``, authenticate with a session
cookie opened by logging in with an API key (the session is kept in the store, so logging out ends it
on every worker), check a CSRF token on every form (login and logout included), and are not in
OpenAPI. Every handler is a plain ``def``: they read the store, so they run in worker threads.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from ringfence import __version__
from ringfence.api.deps import get_platform, now
from ringfence.api.inputs import refuse_unstorable_form
from ringfence.api.security import is_tls
from ringfence.api.throttle import TooManyAttemptsError, guarded_authenticate
from ringfence.api.v1.models import MAX_ROW_ID, NumberPath, RowId
from ringfence.bootstrap import Platform
from ringfence.console import charts
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
    Permission,
    Principal,
    UnauthenticatedError,
    allowed,
    require,
)
from ringfence.domain.casework import ListName
from ringfence.domain.reports import CATEGORY_LABELS
from ringfence.services import casework, dashboard, disposal, number_page, policies, sessions

__all__ = ["router", "templates"]

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(refuse_unstorable_form)])
templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
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


def _num(value: Any) -> str:
    """Feature values as people read them: ``0.0294``, ``18.81``, ``80``; anything else as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".") if abs(value) < 1 else f"{value:,.2f}"


def _check_csrf(request: Request, platform: Platform, token: str) -> None:
    session = request.cookies.get(COOKIE) or ""
    if not session or not same(csrf_token(session, platform.secret), token):
        raise AccessDeniedError("form expired or forged (CSRF token mismatch); reload the page")


def _render(
    request: Request, platform: Platform, who: Principal | None, name: str, **ctx: Any
) -> HTMLResponse:
    zone = ZoneInfo(platform.settings.timezone)
    session = request.cookies.get(COOKIE) or ""
    context = {
        "who": who,
        "csrf": csrf_token(session, platform.secret) if session else "",
        "version": __version__,
        "zone": platform.settings.timezone,
        "can": (lambda p: who is not None and allowed(who.role, Permission(p))),
        "local": (lambda t: t.astimezone(zone).strftime("%Y-%m-%d %H:%M") if t else ""),
        "num": _num,
        "path": request.url.path,
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
        return _login_form(request, platform, "the login form expired; please try again", 403)
    try:
        who = guarded_authenticate(request, platform, key)
        require(who, Permission.VIEW)
    except TooManyAttemptsError as exc:
        return _login_form(request, platform, str(exc), 429, {"Retry-After": str(exc.retry_after)})
    except (UnauthenticatedError, AccessDeniedError) as exc:
        status = 401 if isinstance(exc, UnauthenticatedError) else 403
        return _login_form(request, platform, str(exc), status)
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


# dashboard -----------------------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def home(
    request: Request, who: Principal = Depends(viewer), platform: Platform = Depends(get_platform)
) -> HTMLResponse:
    d = dashboard.dashboard(platform.store, who, platform.settings.timezone)
    return _render(
        request,
        platform,
        who,
        "dashboard.html",
        d=d,
        by_typology=Markup(charts.bar_list(list(d.by_typology.items()))),
        blocked_by_typology=Markup(charts.bar_list(list(d.blocked_by_typology.items()))),
        trend=Markup(charts.stacked_columns(d.trend, width=1180)),
        top_rules=Markup(charts.bar_list([(r, float(n)) for r, n in d.top_rules])),
    )


# alerts --------------------------------------------------------------------------------------------------
@router.get("/alerts", response_class=HTMLResponse)
def alert_queue(
    request: Request,
    outcome: str = Query("open"),
    typology: str = Query(""),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    require(who, Permission.VIEW)
    rows = platform.store.decisions(
        who.org, outcome or None, typology or None, None, PAGE + 1, (page - 1) * PAGE
    )
    return _render(
        request,
        platform,
        who,
        "alerts.html",
        rows=rows[:PAGE],
        more=len(rows) > PAGE,
        page=page,
        outcome=outcome,
        typology=typology,
        typologies=list(charts.PALETTE),
    )


@router.post("/alerts/{alert_id}/outcome")
def alert_outcome(
    request: Request,
    alert_id: RowId,
    outcome: str = Form(...),
    csrf: str = Form(""),
    back: str = Form("/console/alerts"),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    casework.set_outcome(platform.store, who, alert_id, outcome, platform.clock())
    return RedirectResponse(back if back.startswith("/console/") else "/console/alerts", status_code=303)


# numbers -------------------------------------------------------------------------------------------------
@router.get("/numbers", response_model=None)
def number_search(
    request: Request,
    q: str = Query(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse | RedirectResponse:
    if q.strip():
        from ringfence.domain.numbers import normalize

        return RedirectResponse(f"/console/numbers/{quote(normalize(q), safe='')}", status_code=303)
    return _render(request, platform, who, "search.html")


@router.get("/numbers/{number}", response_class=HTMLResponse)
def number_view(
    request: Request,
    number: NumberPath,
    done: str = Query(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> HTMLResponse:
    page = number_page.number_page(platform.store, who, number)
    return _render(
        request,
        platform,
        who,
        "number.html",
        p=page,
        done=done,
        actions=[a.value for a in disposal.DISPOSAL_ACTIONS],
        lists=[name.value for name in ListName],
    )


def _back_to(number: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/console/numbers/{quote(number, safe='')}?done={quote(done)}", status_code=303)


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
    _check_csrf(request, platform, csrf)
    disposal.act(platform.store, platform.disposal, who, number, action, platform.clock(), note)
    return _back_to(number, f"{action} recorded")


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
    case_id = casework.open_case(platform.store, who, number, title, note, platform.clock())
    return _back_to(number, f"case #{case_id} opened")


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
    return _back_to(number, f"added to {list_name}")


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
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    casework.add_to_list(
        platform.store, who, list_name, kind, value, platform.clock(), label, sharing, reason
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
    runs = platform.store.runs(who.org)
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
    return _render(request, platform, who, "reports.html", r=r, labels=CATEGORY_LABELS)


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
    return PlainTextResponse(
        buf.getvalue(),
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
    if wanted:
        if not re.fullmatch(r"[A-Za-z0-9_:+/=.-]{8,128}", wanted) or re.fullmatch(
            r"\d{17}[\dXx]|\d{15}", wanted
        ):
            error = (
                "an identity hash is 8 to 128 letters, digits or _:+/=.- and never a plain identity number"
            )
        else:
            view = holder_view(platform.cards, platform.store, who, wanted, at)
            if view is None:
                error = "no card and no restriction known for this holder"
    return _render(request, platform, who, "holders.html", id_hash=wanted, view=view, error=error)


# audit ---------------------------------------------------------------------------------------------------
@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request, who: Principal = Depends(viewer), platform: Platform = Depends(get_platform)
) -> HTMLResponse:
    require(who, Permission.ADMIN)
    return _render(request, platform, who, "audit.html", entries=platform.store.audit_entries(who.org, 500))
