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
    NotFoundError,
    Permission,
    Principal,
    UnauthenticatedError,
    allowed,
    require,
)
from ringfence.domain.casework import ListName
from ringfence.domain.disposition import PERMISSIONS, Action
from ringfence.domain.reports import CATEGORY_LABELS
from ringfence.errors import ConfigError
from ringfence.services import (
    cases,
    casework,
    complaints,
    dashboard,
    disposal,
    number_page,
    policies,
    records_view,
    sessions,
)
from ringfence.services.disposal_stats import casework_report

__all__ = ["router", "templates"]

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(refuse_unstorable_form)])
templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
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


def _num(value: Any) -> str:
    """Feature values as people read them: ``0.0294``, ``18.81``, ``80``; anything else as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".") if abs(value) < 1 else f"{value:,.2f}"


def duration(seconds: int) -> str:
    """A clock's remaining time as people read it: ``2 d 3 h``, ``5 h 12 min``, ``4 min``."""
    minutes = max(0, seconds) // 60
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins} min"
    return f"{mins} min"


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
        "dur": duration,
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
    rows = records_view.alerts(
        platform.store, who, outcome or None, typology or None, PAGE + 1, (page - 1) * PAGE
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


def _state_of(result: disposal.Result) -> str:
    return result.disposition.state.value.replace("_", " ")


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
    return _back_to(number, f"{action} recorded; now {_state_of(result)}")


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
    return _back_to(number, f"verification {outcome}; now {_state_of(result)}")


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
    return _back_to(number, f"verification requested; now {_state_of(result)}")


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
    return _back_to(number, f"appeal filed; now {_state_of(result)}")


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
    return _back_to(number, f"appeal {decision}; now {_state_of(result)}")


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
    return _back_to(number, f"override recorded; now {_state_of(result)}")


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
    return _back_to(number, "comment added")


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
    said = (
        f"complaint #{c.id} received (case #{c.case_id})" if done.created else f"already received as #{c.id}"
    )
    if done.fast_path:
        said += f"; fast path: {c.number} {done.fast_path} pending review"
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
    if not ids:
        raise ConfigError("select at least one case")
    results = cases.bulk_update(
        platform.store, who, ids, platform.clock(), status or None, assignee.strip() or None
    )
    said = f"{sum(r.ok for r in results)} case(s) updated"
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
    return _back_to_case(case_id, "case updated")


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
    return _back_to_case(case_id, "comment added")


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
    return _back_to_case(case_id, f"{kind} attached")


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
    return _back_to_case(case_id, f"dispatch #{dispatch_id} sent to {to_org}")


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
    said = f"dispatch #{dispatch_id} answered: {answer}"
    if done.outcome:
        said += f"; the case is closed ({done.outcome.value})"
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
    return _render(
        request, platform, who, "audit.html", entries=records_view.audit_log(platform.store, who, 500)
    )
