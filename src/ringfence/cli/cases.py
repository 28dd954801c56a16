"""``ringfence cases`` and ``ringfence complaints``: case management and the complaint queue from the
command line, over the store the ``RINGFENCE_*`` settings name (like ``serve``).

The CLI acts as the organisation's operator (audited as ``<org>/cli#0``): it is for operators with
shell access to the platform, who can read the database anyway.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import typer

from ringfence.cli.ui import console, handle_errors

if TYPE_CHECKING:
    from ringfence.bootstrap import Platform
    from ringfence.domain.access import Principal

__all__ = ["cases_app", "complaints_app"]

cases_app = typer.Typer(
    help="Cases: list (with filters), show (comments, evidence, dispatches), add, update, comment, "
    "dispatch to another organisation.",
    no_args_is_help=True,
)
complaints_app = typer.Typer(
    help="Complaints (12321-style): the queue by triage score, one complaint, take a complaint.",
    no_args_is_help=True,
)

_SLA_STYLE = {"on_time": "green", "due_soon": "yellow", "overdue": "bold red"}


def _platform() -> Platform:
    from ringfence.bootstrap import build_platform

    return build_platform()


def _operator(platform: Platform, org: str) -> Principal:
    from ringfence.services.keys import existing_org
    from ringfence.services.records_view import local_operator

    return local_operator(existing_org(platform.store, org))


def _local(platform: Platform, moment: datetime | None) -> str:
    from zoneinfo import ZoneInfo

    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(platform.settings.timezone)).isoformat(timespec="minutes")


ORG = typer.Option(..., "--org", help="Organisation (tenant) id.")


@cases_app.command("list")
@handle_errors
def list_cases(
    org: str = ORG,
    status: list[str] = typer.Option([], "--status", help="open, investigating, waiting, closed (repeat)."),
    assignee: str | None = typer.Option(None, "--assignee", help="Only cases assigned to this person."),
    number: str | None = typer.Option(None, "--number", help="Only cases on this number."),
    to_org: str | None = typer.Option(None, "--dispatched-to", help="Only cases dispatched to this org."),
    limit: int = typer.Option(100, "--limit", min=1, max=10_000, help="At most this many rows."),
) -> None:
    """An organisation's cases, newest first, with their SLA."""
    from rich.table import Table

    from ringfence.services import cases

    platform = _platform()
    try:
        who = _operator(platform, org)
        views = cases.list_cases(
            platform.store, platform.casework, who, platform.clock(), status, assignee, number, to_org, limit
        )
    finally:
        platform.close()
    table = Table("id", "number", "status", "assignee", "due", "sla", "outcome", "title")
    for v in views:
        c = v.case
        sla = v.sla.value if v.sla else ""
        table.add_row(
            str(c.id),
            c.number,
            c.status,
            c.assignee,
            _local(platform, c.due_at),
            f"[{_SLA_STYLE.get(sla, '')}]{sla}[/]" if sla else "",
            c.outcome,
            c.title,
        )
    console.print(table)
    console.print(f"{len(views)} case(s)")


@cases_app.command("show")
@handle_errors
def show_case(case_id: int = typer.Argument(..., help="The case id."), org: str = ORG) -> None:
    """One case: status, SLA, comments, evidence, dispatches and their answers, complaints."""
    from ringfence.services import cases

    platform = _platform()
    try:
        d = cases.case_detail(
            platform.store, platform.casework, _operator(platform, org), case_id, platform.clock()
        )
    finally:
        platform.close()
    c = d.view.case
    console.print(f"[bold]case #{c.id}[/] {c.title} — {c.number}")
    console.print(f"  status [bold]{c.status}[/]{' · outcome ' + c.outcome if c.outcome else ''}")
    console.print(f"  assignee {c.assignee or '—'} · due {_local(platform, c.due_at) or '—'}")
    if d.view.sla:
        console.print(f"  sla {d.view.sla.value}")
    for e in d.evidence:
        console.print(f"  evidence {e.kind} {e.ref} (by {e.added_by})")
    for x in d.dispatches:
        answer = x.answer or f"pending, due {_local(platform, x.deadline)}"
        console.print(f"  dispatch #{x.id} → {x.to_org}: {answer}{' — ' + x.note if x.note else ''}")
    for cm in d.comments:
        console.print(f"  [dim]{_local(platform, cm.at)} {cm.author}[/] {cm.body}")
    if d.complaints:
        console.print(f"  complaints: {', '.join('#' + str(x.id) for x in d.complaints)}")


@cases_app.command("add")
@handle_errors
def add_case(
    number: str = typer.Argument(..., help="The number, in any form."),
    org: str = ORG,
    title: str = typer.Option("", "--title", help="Title (default: Investigate <number>)."),
    note: str = typer.Option("", "--note", help="A first note."),
) -> None:
    """Open a case on a number (due after ``RINGFENCE_CASE_SLA_HOURS``)."""
    from ringfence.services import cases

    platform = _platform()
    try:
        case_id = cases.open_case(
            platform.store, platform.casework, _operator(platform, org), number, platform.clock(), title, note
        )
    finally:
        platform.close()
    console.print(f"[green]✓[/] case #{case_id} opened")


@cases_app.command("update")
@handle_errors
def update_case(
    case_ids: list[int] = typer.Argument(..., help="One or more case ids (a bulk update)."),
    org: str = ORG,
    status: str | None = typer.Option(None, "--status", help="open, investigating, waiting or closed."),
    assignee: str | None = typer.Option(None, "--assignee", help="Assign to (empty: unassign)."),
    comment: str | None = typer.Option(None, "--comment", help="Add this comment to each case."),
) -> None:
    """Change status and/or assignee of cases, and comment on them (each change audited)."""
    from ringfence.services import cases

    platform = _platform()
    try:
        who = _operator(platform, org)
        at = platform.clock()
        results = (
            cases.bulk_update(platform.store, who, case_ids, at, status, assignee)
            if status is not None or assignee is not None
            else [cases.BulkCaseItem(i, True) for i in case_ids]
        )
        if comment:
            for item in results:
                if item.ok:
                    cases.comment(platform.store, who, item.id, comment, at)
    finally:
        platform.close()
    for item in results:
        mark = "[green]✓[/]" if item.ok else "[red]✗[/]"
        console.print(f"{mark} case #{item.id} {item.status or ''}{item.error or ''}")


@cases_app.command("dispatch")
@handle_errors
def dispatch_case(
    case_id: int = typer.Argument(..., help="The case id."),
    org: str = ORG,
    to_org: str = typer.Option(..., "--to", help="The member organisation to ask."),
    question: str = typer.Option("", "--question", help="What to ask (default: is the number fraud?)."),
    hours: float | None = typer.Option(None, "--hours", help="Deadline in hours (default: setting)."),
) -> None:
    """Ask another organisation to verify the case's number; its answer closes the case."""
    from ringfence.services import cases

    platform = _platform()
    try:
        who = _operator(platform, org)
        dispatch_id = cases.dispatch(
            platform.store, platform.casework, who, case_id, to_org, question, platform.clock(), hours
        )
    finally:
        platform.close()
    console.print(f"[green]✓[/] dispatch #{dispatch_id} sent to {to_org}")


@complaints_app.command("list")
@handle_errors
def list_complaints(
    org: str = ORG,
    limit: int = typer.Option(200, "--limit", min=1, max=10_000, help="At most this many complaints."),
) -> None:
    """The complaint queue, most urgent number first (triage score now)."""
    from rich.table import Table

    from ringfence.services import complaints

    platform = _platform()
    try:
        items = complaints.queue(platform.store, _operator(platform, org), limit)
    finally:
        platform.close()
    table = Table("id", "number", "score", "category", "channel", "reporter", "received", "case", "fast path")
    for i in items:
        c = i.complaint
        table.add_row(
            str(c.id),
            c.number,
            f"{i.triage.score:.2f}",
            c.category,
            c.channel,
            c.reporter_masked,
            _local(platform, c.received_at),
            f"#{c.case_id}" if c.case_id else "",
            _local(platform, c.fast_pathed_at),
        )
    console.print(table)
    console.print(f"{len(items)} complaint(s)")


@complaints_app.command("show")
@handle_errors
def show_complaint(complaint_id: int = typer.Argument(..., help="The complaint id."), org: str = ORG) -> None:
    """One complaint with its triage score explained part by part."""
    from ringfence.services import complaints

    platform = _platform()
    try:
        item = complaints.complaint(platform.store, _operator(platform, org), complaint_id)
    finally:
        platform.close()
    c = item.complaint
    console.print(f"[bold]complaint #{c.id}[/] about {c.number}: {c.category} by {c.channel}")
    console.print(f"  reporter {c.reporter_masked} · reported {_local(platform, c.reported_at)}")
    if c.url or c.sms_text:
        console.print(f"  {c.url} {c.sms_text}".rstrip())
    console.print(f"  case #{c.case_id} · triage [bold]{item.triage.score:.2f}[/] (at intake {c.score:.2f})")
    for p in item.triage.parts:
        console.print(f"    {p.name:<14} +{p.points:.3f}  {p.why}")


@complaints_app.command("add")
@handle_errors
def add_complaint(
    number: str = typer.Argument(..., help="The reported number, in any form."),
    org: str = ORG,
    category: str = typer.Option(..., "--category", help="loan, investment, impersonation_police, …"),
    reporter: str = typer.Option(..., "--reporter", help="The complainant's number or id (kept hashed)."),
    channel: str = typer.Option("call", "--channel", help="call, sms or url."),
    url: str = typer.Option("", "--url", help="The URL the complainant received."),
    sms_text: str = typer.Option("", "--sms-text", help="The SMS text the complainant received."),
    note: str = typer.Option("", "--note"),
) -> None:
    """Take a complaint: deduplicated, attached to the number's case, triaged; may fire the fast path."""
    from ringfence.services import complaints

    platform = _platform()
    try:
        done = complaints.intake(
            platform.store,
            platform.disposal,
            platform.casework,
            platform.secret,
            _operator(platform, org),
            number,
            category,
            reporter,
            platform.clock(),
            channel,
            None,
            url,
            sms_text,
            note,
        )
    finally:
        platform.close()
    c = done.complaint
    verb = "already received as" if not done.created else "received:"
    console.print(f"[green]✓[/] {verb} complaint #{c.id} (case #{c.case_id}, triage {done.triage.score:.2f})")
    if done.fast_path:
        console.print(f"[yellow]fast path[/]: {c.number} is now {done.fast_path}, pending review")


@cases_app.command("labels")
@handle_errors
def export_labels(
    org: str = ORG,
    out: str = typer.Option(
        ..., "--out", help="CSV to write: number,label (1 fraud, 0 not fraud),case_id,at."
    ),
) -> None:
    """Export the labels closed verification cases gave numbers, as ``model score --known-labels`` and
    training read them (the newest label of a number wins)."""
    import csv
    from pathlib import Path

    platform = _platform()
    try:
        who = _operator(platform, org)
        from ringfence.services import cases as cases_service

        labels = cases_service.labels(platform.store, who)
    finally:
        platform.close()
    newest = {label.number: label for label in labels}  # oldest first: later labels overwrite
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["number", "label", "case_id", "at"])
        for number in sorted(newest):
            label = newest[number]
            writer.writerow([number, 1 if label.label == "fraud" else 0, label.case_id, label.at.isoformat()])
    console.print(f"[green]✓[/] {len(newest)} labelled number(s) → {path}")


@cases_app.command("sweep")
@handle_errors
def sweep_command() -> None:
    """Escalate every dispatched verification question whose deadline passed unanswered (audited in
    both organisations, with a notification; for cron when the server's background worker is off)."""
    from ringfence.services.cases import sweep_dispatches

    platform = _platform()
    try:
        escalated = sweep_dispatches(platform.store, platform.disposal.routing, platform.clock(), "cli/sweep")
    finally:
        platform.close()
    for d in escalated:
        console.print(
            f"[yellow]escalated[/] dispatch #{d.id} ({d.from_org} → {d.to_org}, case #{d.case_id}, "
            f"due {_local(platform, d.deadline)})"
        )
    console.print(f"[green]✓[/] {len(escalated)} escalated")
