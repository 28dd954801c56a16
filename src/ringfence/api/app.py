"""The FastAPI application factory: one app for the public API (``/v1``) and the console.

Built by a factory, not at import time, so tests, ``ringfence serve`` and embedders each get their own
app with their own settings and state.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import Depends, FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from ringfence import __version__
from ringfence.bootstrap import Platform, build_platform, serving

__all__ = ["create_app"]


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """At server start, move everything built so far out of the garbage collector's sight.

    The platform, the numbering plan, polars, scikit-learn and the snapshot are hundreds of thousands
    of long-lived objects; a full collection walks all of them — 0.4–1 s on a busy 2-core machine —
    and it comes, unasked, once enough request-made objects (cache entries) have piled up. A screening
    request caught behind it waits that long: longer than a switch's screening timeout. Frozen, they
    are skipped, and a full collection walks only what was made since. Only a served app does this
    (the lifespan runs under a server), not every app a test builds.
    """
    gc.collect()
    gc.freeze()
    yield


def create_app(platform: Platform | None = None) -> FastAPI:
    """The app over ``platform`` (default: built from ``RINGFENCE_*`` settings), ready to serve."""
    from ringfence.api.deps import requires, requires_any
    from ringfence.api.errors import install_error_handlers
    from ringfence.api.fast_screen import ScreenFastPath
    from ringfence.api.inputs import refuse_unstorable_url
    from ringfence.api.security import SecurityHeaders
    from ringfence.api.throttle import FailureLimiter
    from ringfence.api.v1 import (
        cases,
        casework,
        cohorts,
        dispositions,
        feeds,
        holders,
        lookups,
        messages,
        records,
        registries,
        screen,
        stats,
        tags,
        warnings,
    )
    from ringfence.console import routes as console
    from ringfence.domain.access import Permission

    # Built (and migrated) before the first request, not during it: a switch asking the first
    # screening question must not wait for a schema upgrade or a model load and time out.
    platform = serving(platform or build_platform())

    app = FastAPI(
        title="ringfence",
        version=__version__,
        description="Open anti-telecom-fraud platform: screening, lookups, records, reports.",
        dependencies=[Depends(refuse_unstorable_url)],
        lifespan=_lifespan,
    )
    # What the edge itself keeps, made here once per app (never on first use).
    app.state.platform = platform
    app.state.auth_cache = {}  # presented key -> (principal, expiry), see api.deps.principal
    app.state.auth_failures = FailureLimiter(
        platform.settings.auth_fail_limit, platform.settings.auth_fail_window_s
    )
    app.state.lookups = FailureLimiter(platform.settings.lookup_limit, platform.settings.lookup_window_s)
    app.state.ingest_limiter = anyio.CapacityLimiter(platform.settings.ingest_workers)
    install_error_handlers(app)
    if platform.settings.screen_fast_path:
        app.add_middleware(ScreenFastPath)  # inside SecurityHeaders: the same headers on both paths
    app.add_middleware(SecurityHeaders)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/console/")

    # Routers of the public API, one module each under ringfence.api.v1, are included here. Routers
    # without auth of their own (screening, messages) get it here, as a dependency: 401, then 403.
    app.include_router(screen.router, dependencies=[Depends(requires(Permission.SCREEN))])
    app.include_router(
        messages.router, dependencies=[Depends(requires_any(Permission.SCREEN, Permission.LOOKUP))]
    )
    app.include_router(lookups.router)
    app.include_router(holders.router)
    app.include_router(feeds.router)
    app.include_router(records.router)
    app.include_router(casework.router)
    app.include_router(registries.router)
    app.include_router(tags.router)
    app.include_router(cohorts.router)
    app.include_router(cases.router)
    app.include_router(dispositions.router)  # before stats: /v1/stats/dispositions is not a granularity
    app.include_router(warnings.router)  # /v1/stats/warnings too
    app.include_router(stats.router)
    # The console: pages under /console, their own session auth, not part of OpenAPI.
    app.include_router(console.router)
    app.mount(
        "/console/static",
        StaticFiles(directory=str(Path(console.__file__).with_name("static"))),
        name="console-static",
    )
    return app
