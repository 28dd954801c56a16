"""A stand-in screening service that takes its time: shows whether Kamailio's SIP workers wait for it.

Served by the SIP lab (``SipLab.start_service(app="tests.deploy.slow_service:create_app")``); every
screening answer comes after ``DELAY_S`` and allows the call, from snapshot ``slow``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI

DELAY_S = 1.5


def create_app() -> FastAPI:
    app = FastAPI()

    @app.post("/v1/screen/call")
    async def screen_call() -> dict[str, Any]:
        await asyncio.sleep(DELAY_S)
        return {"verdict": "allow", "reasons": [], "label": None, "snapshot": "slow"}

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
