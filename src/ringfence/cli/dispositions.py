"""``ringfence dispositions`` and ``ringfence outbox``: what is disposed of, escalation, delivery.

Operators' commands over the configured store (``RINGFENCE_*`` settings, like ``serve``): list and show
dispositions with their verification clocks, escalate the overdue ones (``sweep``, for cron when the
server's background worker is off), and deliver or inspect the outbox.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import typer

from ringfence.cli.ui import console, handle_errors

if TYPE_CHECKING:
    from ringfence.bootstrap import Platform

__all__ = ["app", "outbox_app"]

app = typer.Typer(
    help="Dispositions of numbers: list, show (with history), sweep (escalate overdue verifications).",
    no_args_is_help=True,
)
outbox_app = typer.Typer(
    help="The outbox of provisioning events and notifications: dispatch due messages, list them.",
    no_args_is_help=True,
)

_SLA_STYLE = {"on_time": "green", "due_soon": "yellow", "overdue": "bold red"}


def _platform() -> Platform:
    from ringfence.bootstrap import build_platform

    return build_platform()


def _local(platform: Platform, moment: datetime | None) -> str:
    from zoneinfo import ZoneInfo

    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(platform.settings.timezone)).isoformat(timespec="minutes")


def _org(platform: Platform, org: str) -> str:
    from ringfence.services.keys import existing_org

    return existing_org(platform.store, org)


@app.command("list")
@handle_errors
def list_dispositions(
    org: str = typer.Option(..., "--org", help="Organisation (tenant) id."),
    state: list[str] = typer.Option([], "--state", help="Only this state (repeat for several)."),
    overdue: bool = typer.Option(False, "--overdue", help="Only those whose clock ran out."),
    limit: int = typer.Option(100, "--limit", min=1, max=10_000, help="At most this many rows."),
) -> None:
    """Dispositions of an organisation, newest change first, with their clocks."""
    from rich.table import Table

    from ringfence.services.disposal import list_dispositions as listed

    platform = _platform()
    try:
        views = listed(
            platform.store, platform.disposal, _org(platform, org), platform.clock(), state, overdue, limit
        )
    finally:
        platform.close()
    table = Table()
    table.add_column("number", no_wrap=True)
    for name in ("state", "effect", "grade", "since", "deadline", "sla", "reason"):
        table.add_column(name)
    for v in views:
        d = v.disposition
        sla = v.sla.value if v.sla else ""
        table.add_row(
            d.number,
            d.state.value,
            v.effect.value,
            d.grade.value,
            _local(platform, d.since),
            _local(platform, d.deadline),
            f"[{_SLA_STYLE.get(sla, '')}]{sla}[/]" if sla else "",
            d.reason,
        )
    console.print(table)
    console.print(f"{len(views)} disposition(s)")


@app.command("show")
@handle_errors
def show(
    number: str = typer.Argument(..., help="The number, in any form."),
    org: str = typer.Option(..., "--org", help="Organisation (tenant) id."),
) -> None:
    """One number's disposition, what may happen next, and its full history."""
    from rich.table import Table

    from ringfence.services import records_view
    from ringfence.services.disposal import canonical_number, current, view

    platform = _platform()
    try:
        canonical = canonical_number(number)
        tenant = _org(platform, org)
        v = view(current(platform.store, tenant, canonical), platform.clock(), platform.disposal.sla)
        steps = records_view.disposition_history(
            platform.store, records_view.local_operator(tenant), canonical
        )
    finally:
        platform.close()
    d = v.disposition
    console.print(f"[bold]{d.number}[/] in {d.org}: [bold]{d.state.value}[/] (screening: {v.effect.value})")
    if d.version:
        console.print(f"  since {_local(platform, d.since)} · grade {d.grade.value} · by {d.actor}")
    if d.deadline:
        console.print(f"  deadline {_local(platform, d.deadline)} ({v.sla.value if v.sla else 'no clock'})")
    if d.reason:
        console.print(f"  reason: {d.reason}")
    console.print(f"  allowed now: {', '.join(a.value for a in v.allowed)}")
    table = Table("v", "at", "action", "from", "to", "actor", "reason")
    for t in steps:
        table.add_row(
            str(t.version),
            _local(platform, t.at),
            t.action.value,
            t.from_state.value,
            t.to_state.value,
            t.actor,
            t.reason,
        )
    console.print(table)


@app.command("sweep")
@handle_errors
def sweep_command(
    org: str | None = typer.Option(None, "--org", help="Only this organisation (default: all)."),
) -> None:
    """Escalate every verification or appeal whose deadline passed (audited, with a notification)."""
    from ringfence.services.disposal import sweep

    platform = _platform()
    try:
        tenant = _org(platform, org) if org else None
        escalated = sweep(platform.store, platform.disposal, platform.clock(), tenant, actor="cli/sweep")
    finally:
        platform.close()
    for d in escalated:
        console.print(
            f"[yellow]escalated[/] {d.org} {d.number} ({d.state.value}, due {_local(platform, d.deadline)})"
        )
    console.print(f"[green]✓[/] {len(escalated)} escalated")


@outbox_app.command("dispatch")
@handle_errors
def dispatch_command(
    limit: int = typer.Option(50, "--limit", min=1, max=1000, help="At most this many messages per round."),
    rounds: int = typer.Option(
        1, "--rounds", min=1, help="Dispatch rounds (stops early when nothing is due)."
    ),
) -> None:
    """Deliver the due outbox messages once through the configured channels (retries are scheduled)."""
    from ringfence.services.outbox import dispatch

    platform = _platform()
    totals: dict[str, int] = {}
    try:
        for _ in range(rounds):
            report = dispatch(platform.store, platform.channels, platform.retry, platform.clock(), limit)
            for status, n in report.by_status.items():
                totals[status] = totals.get(status, 0) + n
            if report.attempted < limit:
                break
    finally:
        platform.close()
    summary = ", ".join(f"{n} {status}" for status, n in sorted(totals.items())) or "nothing due"
    console.print(f"[green]✓[/] {summary}")


@outbox_app.command("list")
@handle_errors
def list_outbox(
    org: str = typer.Option(..., "--org", help="Organisation (tenant) id."),
    topic: str | None = typer.Option(None, "--topic", help="provisioning or notification."),
    status: str | None = typer.Option(None, "--status", help="queued, sent, delivered, failed or dry_run."),
    limit: int = typer.Option(100, "--limit", min=1, max=10_000),
) -> None:
    """Outbox messages of an organisation, newest first, with their delivery status."""
    from rich.table import Table

    from ringfence.services import records_view

    platform = _platform()
    try:
        tenant = records_view.local_operator(_org(platform, org))
        messages = records_view.outbox_messages(platform.store, tenant, topic, status, limit)
    finally:
        platform.close()
    table = Table("id", "topic", "channel", "key", "status", "attempts", "next attempt", "last error")
    for m in messages:
        table.add_row(
            str(m.id),
            m.topic,
            m.channel,
            m.key,
            m.status.value,
            str(m.attempts),
            _local(platform, m.next_attempt_at) if m.status.value == "queued" else "",
            m.last_error or "",
        )
    console.print(table)
