"""Every error answer of the app, in one place: JSON on the API, a styled page in the console.

ringfence's exception tree maps to 401/403/404/409/422 (409 with what the conflict allows in the
body, 413 for a body over the limit, 429 for too many failed attempts); FastAPI's own request
validation errors become 422 without echoing the input back (it may be huge, or bytes that are not
text); HTTP errors of the router (404, 405) keep their status. Under ``/console`` each of these is the
console's error page (a 401 is a redirect to the login page), never raw JSON. Anything else is a bug:
it is logged with its traceback and answered with a generic 500 that shows none of it.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ringfence.api.body import BodyTooLargeError
from ringfence.api.throttle import TooManyAttemptsError
from ringfence.domain.access import AccessDeniedError, NotFoundError, UnauthenticatedError
from ringfence.errors import ConflictError, RingfenceError

__all__ = ["console_error", "install_error_handlers", "status_of", "validation_message"]

log = logging.getLogger("ringfence.api")

_REASONS = {400: "bad request", 404: "no such page", 405: "method not allowed", 413: "body too large"}


def status_of(exc: RingfenceError) -> int:
    if isinstance(exc, UnauthenticatedError):
        return 401
    if isinstance(exc, AccessDeniedError):
        return 403
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, TooManyAttemptsError):
        return 429
    if isinstance(exc, BodyTooLargeError):
        return 413
    return 422


def _in_console(request: Request) -> bool:
    return request.url.path.startswith("/console")


_TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Not possible now",
    413: "Too large",
    422: "Check the input",
    429: "Too many attempts",
    500: "Internal error",
}


def _back(request: Request) -> str:
    """Where the error page's back link goes: the console page the request came from, if any; for a
    form posted under a number's page (``/console/numbers/<n>/…``), that number's page."""
    parts = request.url.path.split("/")
    if len(parts) > 4 and parts[1:3] == ["console", "numbers"]:
        return f"/console/numbers/{quote(parts[3], safe='')}"
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/console/"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return ""


def console_error(
    request: Request,
    status: int,
    message: str,
    headers: dict[str, str] | None = None,
    allowed: list[str] | None = None,
) -> Response:
    """The console's error page (no template needs the store, so it renders on the event loop); a
    refused transition names the actions ``allowed`` from the number's state."""
    from ringfence.console.names import display
    from ringfence.console.routes import language_context, request_language, templates
    from ringfence.console.session import COOKIE, csrf_token

    platform = request.app.state.platform
    lang = request_language(request, platform)
    session = request.cookies.get(COOKIE) or ""

    context = {
        "who": None,
        "nav": bool(request.cookies.get(COOKIE)),  # the menu for someone logged in (or who was)
        "can": lambda _permission: False,  # no store read here: admin-only entries stay hidden
        "status": status,
        "title": _TITLES.get(status, "Error"),
        "message": display(lang, "http_reason", message),  # the router's own words; others as raised
        "allowed": allowed or [],
        "back": _back(request),
        "version": "",
        "zone": "",
        "path": "",
        "query": "",
        "csrf": csrf_token(session, platform.secret) if session else "",
        "lang_back": _back(request) or "/console/",
        **language_context(lang),
    }
    return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)


def _safe_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Pydantic's errors without ``input`` and ``ctx``: never echo (or fail to encode) what was sent."""
    return [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": e.get("type")}
        for e in exc.errors()
    ]


def validation_message(exc: RequestValidationError) -> str:
    """One line for people: ``query period: Input should be …; body key: Field required``."""
    parts = []
    for e in _safe_errors(exc)[:5]:
        where = " ".join(e["loc"]) or "request"
        parts.append(f"{where}: {e['msg']}")
    return "; ".join(parts) or "invalid request"


async def _ringfence_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RingfenceError)
    status = status_of(exc)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyAttemptsError) else {}
    if _in_console(request):
        if status == 401:
            return RedirectResponse("/console/login", status_code=303)
        details = exc.details if isinstance(exc, ConflictError) else {}
        allowed = details.get("allowed")
        shown = [str(a) for a in allowed] if isinstance(allowed, list) else None
        return console_error(request, status, str(exc), headers or None, shown)
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    details = exc.details if isinstance(exc, ConflictError) else {}
    return JSONResponse({"detail": str(exc), **details}, status_code=status, headers=headers or None)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _in_console(request):
        return console_error(request, 422, validation_message(exc))
    return JSONResponse({"detail": _safe_errors(exc), "message": validation_message(exc)}, status_code=422)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if _in_console(request):
        if "Location" in headers:  # the console's own "log in first" redirect
            return RedirectResponse(headers["Location"], status_code=exc.status_code)
        message = _REASONS.get(exc.status_code, str(exc.detail))
        return console_error(request, exc.status_code, message, headers or None)
    if exc.status_code in (204, 304) or exc.status_code < 200:
        return Response(status_code=exc.status_code, headers=headers or None)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers or None)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    message = "internal error; it has been logged"
    if _in_console(request):
        return console_error(request, 500, message)
    return JSONResponse({"detail": message}, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RingfenceError, _ringfence_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
