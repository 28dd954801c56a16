"""Maps ringfence's exception tree to HTTP statuses, one place for the whole app."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ringfence.domain.access import AccessDeniedError, NotFoundError, UnauthenticatedError
from ringfence.errors import ConflictError, RingfenceError

__all__ = ["install_error_handlers", "status_of"]


def status_of(exc: RingfenceError) -> int:
    if isinstance(exc, UnauthenticatedError):
        return 401
    if isinstance(exc, AccessDeniedError):
        return 403
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    return 422


def install_error_handlers(app: FastAPI) -> None:
    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RingfenceError)
        status = status_of(exc)
        if request.url.path.startswith("/console"):
            if status == 401:
                return RedirectResponse("/console/login", status_code=303)
            from ringfence.console.routes import templates

            return templates.TemplateResponse(
                request,
                "error.html",
                {
                    "who": None,
                    "status": status,
                    "message": str(exc),
                    "version": "",
                    "zone": "",
                    "path": request.url.path,
                },
                status_code=status,
            )
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        details = exc.details if isinstance(exc, ConflictError) else {}
        return JSONResponse({"detail": str(exc), **details}, status_code=status, headers=headers)

    app.add_exception_handler(RingfenceError, handle)
