"""Console pages: thin handlers that call one service each and render a template.

Kept apart from the public API (``/v1``): pages live under ``/console``, authenticate with a session
cookie opened by logging in with an API key, check a CSRF token on every form, and are not in OpenAPI.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from ringfence import __version__
from ringfence.api.deps import get_platform
from ringfence.bootstrap import Platform
from ringfence.console import charts
from ringfence.console.session import COOKIE, csrf_token, make_session, read_session
from ringfence.domain.access import (
    AccessDeniedError,
    Permission,
    Principal,
    Role,
    UnauthenticatedError,
    allowed,
    require,
)
from ringfence.domain.casework import ListName
from ringfence.domain.reports import CATEGORY_LABELS
from ringfence.services import casework, dashboard, disposal, number_page, policies
from ringfence.services.keys import authenticate

__all__ = ["router", "security_headers", "templates"]

router = APIRouter(prefix="/console", include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
PAGE = 50


#: The console loads nothing from anywhere else: a browser enforcing this proves it works offline, and
#: an injected script or form could not send data away.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    if request.url.path.startswith("/console"):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
    return response


def _login_redirect() -> HTTPException:
    return HTTPException(status_code=303, headers={"Location": "/console/login"})


def viewer(request: Request, platform: Platform = Depends(get_platform)) -> Principal:
    """The logged-in principal, or a redirect to the login page."""
    key_id = read_session(request.cookies.get(COOKIE), platform.secret, int(platform.clock().timestamp()))
    key = platform.store.key_by_id(key_id) if key_id is not None else None
    if key is None or key.revoked_at is not None:
        raise _login_redirect()
    return Principal(org=key.org, role=Role(key.role), key_id=key.id, name=key.name)


def _num(value: Any) -> str:
    """Feature values as people read them: ``0.0294``, ``18.81``, ``80``; anything else as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".") if abs(value) < 1 else f"{value:,.2f}"


def _check_csrf(request: Request, platform: Platform, token: str) -> None:
    session = request.cookies.get(COOKIE) or ""
    if not session or token != csrf_token(session, platform.secret):
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
@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, platform: Platform = Depends(get_platform)) -> HTMLResponse:
    return _render(request, platform, None, "login.html", error=None)


@router.post("/login", response_model=None)
def login(
    request: Request, key: str = Form(""), platform: Platform = Depends(get_platform)
) -> HTMLResponse | RedirectResponse:
    try:
        who = authenticate(platform.store, platform.secret, key)
        require(who, Permission.VIEW)
    except (UnauthenticatedError, AccessDeniedError) as exc:
        page = _render(request, platform, None, "login.html", error=str(exc))
        page.status_code = 401 if isinstance(exc, UnauthenticatedError) else 403
        return page
    at = platform.clock()
    hours = platform.settings.session_hours
    token = make_session(who.key_id, int((at + timedelta(hours=hours)).timestamp()), platform.secret)
    platform.store.audit(who.org, who.actor, "console.login", f"key#{who.key_id}", {}, at)
    response = RedirectResponse("/console/", status_code=303)
    response.set_cookie(COOKIE, token, max_age=int(hours * 3600), httponly=True, samesite="strict")
    return response


@router.post("/logout")
def logout() -> RedirectResponse:
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(COOKIE)
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
    page: int = Query(1, ge=1),
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
    alert_id: int,
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
        from urllib.parse import quote

        from ringfence.domain.numbers import normalize

        return RedirectResponse(f"/console/numbers/{quote(normalize(q), safe='')}", status_code=303)
    return _render(request, platform, who, "search.html")


@router.get("/numbers/{number}", response_class=HTMLResponse)
def number_view(
    request: Request,
    number: str,
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
    from urllib.parse import quote

    return RedirectResponse(f"/console/numbers/{quote(number, safe='')}?done={quote(done)}", status_code=303)


@router.post("/numbers/{number}/action")
def number_action(
    request: Request,
    number: str,
    action: str = Form(...),
    note: str = Form(""),
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
    number: str,
    title: str = Form(""),
    note: str = Form(""),
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
    number: str,
    list_name: str = Form(...),
    label: str = Form(""),
    sharing: str = Form("private"),
    reason: str = Form(""),
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
    value: str = Form(...),
    label: str = Form(""),
    sharing: str = Form("private"),
    reason: str = Form(""),
    csrf: str = Form(""),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    casework.add_to_list(
        platform.store, who, list_name, kind, value, platform.clock(), label, sharing, reason
    )
    return RedirectResponse(f"/console/lists?list_name={list_name}", status_code=303)


@router.post("/lists/{entry_id}/remove")
def list_remove(
    request: Request,
    entry_id: int,
    csrf: str = Form(""),
    list_name: str = Form("blacklist"),
    who: Principal = Depends(viewer),
    platform: Platform = Depends(get_platform),
) -> RedirectResponse:
    _check_csrf(request, platform, csrf)
    casework.remove_from_list(platform.store, who, entry_id, platform.clock())
    return RedirectResponse(f"/console/lists?list_name={list_name}", status_code=303)


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


# audit ---------------------------------------------------------------------------------------------------
@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request, who: Principal = Depends(viewer), platform: Platform = Depends(get_platform)
) -> HTMLResponse:
    require(who, Permission.ADMIN)
    return _render(request, platform, who, "audit.html", entries=platform.store.audit_entries(who.org, 500))
