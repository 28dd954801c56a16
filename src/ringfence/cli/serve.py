"""``ringfence serve``: the API and the console in one process (or stop a background one)."""

from __future__ import annotations

import typer

from ringfence.cli.ui import console, handle_errors

__all__ = ["serve"]


@handle_errors
def serve(
    host: str | None = typer.Option(
        None, "--host", help="Listen address (default RINGFENCE_HOST, 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, "--port", help="Port (default RINGFENCE_PORT, 8000)."),
    stop: bool = typer.Option(False, "--stop", help="Stop the background server started by the demo."),
) -> None:
    """Serve the public API (/v1, OpenAPI at /docs) and the console (/console) on one port.

    Settings come from RINGFENCE_* variables (docs/configuration.md), the same ones `keys create` uses;
    the schema is upgraded at start unless RINGFENCE_AUTO_MIGRATE=false.
    """
    from ringfence.settings import Settings

    settings = Settings()
    if stop:
        from ringfence.adapters.server import stop as stop_server

        handle = stop_server(settings.data_dir)
        if handle is None:
            console.print("no background ringfence server is running for this data dir")
        else:
            console.print(f"[green]✓[/] stopped the server at {handle.url} (pid {handle.pid})")
        return
    import uvicorn

    from ringfence.api.app import create_app
    from ringfence.bootstrap import build_platform

    settings = settings.model_copy(
        update={"host": host or settings.host, "port": port if port is not None else settings.port}
    )
    platform = build_platform(settings, migrate=settings.auto_migrate)
    console.print(f"ringfence at http://{settings.host}:{settings.port}/console/  (API docs at /docs)")
    # Forwarded headers are the app's call (RINGFENCE_TRUSTED_PROXIES), not uvicorn's: with its default
    # it would believe X-Forwarded-Proto/For from 127.0.0.1 whatever the settings say.
    uvicorn.run(
        create_app(platform),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        proxy_headers=False,
    )
