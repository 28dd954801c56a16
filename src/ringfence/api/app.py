"""The FastAPI application factory: one app for the public API (``/v1``) and the console.

Built by a factory, not at import time, so tests, ``ringfence serve`` and embedders each get their own
app with their own settings and state.
"""

from __future__ import annotations

from fastapi import FastAPI

from ringfence import __version__
from ringfence.api.v1 import messages, screen

__all__ = ["create_app"]


def create_app() -> FastAPI:
    app = FastAPI(
        title="ringfence",
        version=__version__,
        description="Open anti-telecom-fraud platform: screening, lookups, records, reports.",
    )

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    # Routers of the public API, one module each under ringfence.api.v1, are included here.
    app.include_router(screen.router)
    app.include_router(messages.router)
    return app
