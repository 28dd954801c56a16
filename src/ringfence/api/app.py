"""The FastAPI application factory: one app for the public API (``/v1``) and the console.

Built by a factory, not at import time, so tests, ``ringfence serve`` and embedders each get their own
app with their own settings and state.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from ringfence import __version__
from ringfence.bootstrap import Platform

__all__ = ["create_app"]


def create_app(platform: Platform | None = None) -> FastAPI:
    """The app; without ``platform`` one is built from ``RINGFENCE_*`` settings on first use."""
    from ringfence.api.errors import install_error_handlers
    from ringfence.api.v1 import casework, lookups, records, screen, stats
    from ringfence.console import routes as console

    app = FastAPI(
        title="ringfence",
        version=__version__,
        description="Open anti-telecom-fraud platform: screening, lookups, records, reports.",
    )
    app.state.platform = platform
    install_error_handlers(app)
    app.middleware("http")(console.security_headers)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/console/")

    # Routers of the public API, one module each under ringfence.api.v1, are included here.
    app.include_router(lookups.router)
    app.include_router(screen.router)
    app.include_router(records.router)
    app.include_router(casework.router)
    app.include_router(stats.router)
    # The console: pages under /console, their own session auth, not part of OpenAPI.
    app.include_router(console.router)
    app.mount(
        "/console/static",
        StaticFiles(directory=str(Path(console.__file__).with_name("static"))),
        name="console-static",
    )
    return app
