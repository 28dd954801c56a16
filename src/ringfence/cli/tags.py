"""``ringfence tags``: tags with a lifecycle from the command line, over the store the ``RINGFENCE_*``
settings name (like ``serve``): the organisation's view, evidence, disputes, delisting, appeals and
their decisions, overrides. Every change is audited (as ``<org>/cli#0``) and reaches live screening.

The CLI acts as the organisation's administrator: it is for operators with shell access to the
platform, who can read the database anyway.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ringfence.cli.ui import console, handle_errors

if TYPE_CHECKING:
    from ringfence.bootstrap import Platform
    from ringfence.domain.access import Principal
    from ringfence.intel.tags import SourceKind
    from ringfence.services.tags import TagView

__all__ = ["app"]

app = typer.Typer(
    help="Tags with a lifecycle: list (the organisation's view or the global one), add evidence, "
    "dispute, delist, appeal, decide an appeal, override for the organisation's own view.",
    no_args_is_help=True,
)

ORG = typer.Option(..., "--org", help="Organisation (tenant) id.")
KINDS = "operator, tagging_company, user_report, detection, confirmed_case"


def _platform() -> Platform:
    from ringfence.bootstrap import build_platform

    return build_platform()


def _operator(platform: Platform, org: str) -> Principal:
    from ringfence.services.keys import existing_org
    from ringfence.services.records_view import local_operator

    return local_operator(existing_org(platform.store, org))


def _print(v: TagView) -> None:
    t = v.tag
    seen = "hidden" if v.seen is None else f"{v.seen:.3f}"
    console.print(
        f"tag #{t.id} {t.number} [bold]{t.category}[/] · {t.state.value} · owner {t.owner} · "
        f"confidence {v.confidence:.3f} (here {seen}) · {len(t.evidence)} evidence, "
        f"{len(t.appeals)} appeal(s)"
    )


def _kind(value: str) -> SourceKind:
    from ringfence.errors import ConfigError
    from ringfence.intel.tags import SourceKind

    try:
        return SourceKind(value)
    except ValueError as exc:
        raise ConfigError(f"--kind: one of {KINDS}") from exc


@app.command("list")
@handle_errors
def list_tags(
    org: str = ORG,
    number: str | None = typer.Option(None, "--number", help="Only tags on this number."),
    min_confidence: float = typer.Option(
        0.0, "--min-confidence", min=0.0, max=1.0, help="Only tags at least this confident here."
    ),
    global_view: bool = typer.Option(
        False, "--global", help="Every organisation's tags (overrides not applied), newest first."
    ),
    state: list[str] = typer.Option(
        [], "--state", help="With --global: active, delisted, recycled (repeat)."
    ),
    limit: int = typer.Option(100, "--limit", min=1, max=10_000, help="At most this many rows."),
) -> None:
    """Tags with their confidence now: the organisation's view (its overrides applied), or --global."""
    from rich.table import Table

    from ringfence.errors import ConfigError
    from ringfence.intel.tags import TagState
    from ringfence.services import tags

    platform = _platform()
    try:
        who, at = _operator(platform, org), platform.clock()
        if global_view:
            try:
                states = [TagState(s) for s in state] or None
            except ValueError as exc:
                raise ConfigError("--state: active, delisted or recycled") from exc
            views = tags.global_view(platform.store, who, at, number, states, limit)
        else:
            views = tags.org_view(platform.store, who, at, number, min_confidence, limit)
    finally:
        platform.close()
    table = Table("id", "number", "category", "owner", "state", "confidence", "here", "evidence", "appeals")
    for v in views:
        t = v.tag
        table.add_row(
            str(t.id),
            t.number,
            t.category,
            t.owner,
            t.state.value,
            f"{v.confidence:.3f}",
            "hidden" if v.seen is None else f"{v.seen:.3f}",
            str(len(t.evidence)),
            str(len(t.appeals)),
        )
    console.print(table)
    console.print(f"{len(views)} tag(s)")


def _evidence(org: str, number: str, category: str, kind: str, stance: str, source: str, note: str) -> None:
    from ringfence.intel.tags import Stance
    from ringfence.services import tags

    parsed = _kind(kind)
    platform = _platform()
    try:
        who, at = _operator(platform, org), platform.clock()
        tag, started = tags.add_evidence(
            platform.store, who, number, category, parsed, Stance(stance), at, source, note
        )
        view = tags.one_tag(platform.store, who, tag.id, at)
    finally:
        platform.close()
    console.print("started:" if started else "added to:", end=" ")
    _print(view)


@app.command("add")
@handle_errors
def add(
    number: str = typer.Argument(..., help="The number, in any form."),
    category: str = typer.Argument(..., help="The category, e.g. 诈骗电话 or fraud."),
    org: str = ORG,
    kind: str = typer.Option("operator", "--kind", help=f"Who the evidence comes from: {KINDS}."),
    source: str = typer.Option("", "--source", help="Who exactly (default: the organisation)."),
    note: str = typer.Option("", "--note", help="A note kept with the evidence."),
) -> None:
    """Add confirming evidence; starts the number's tag of the category if it has none active."""
    _evidence(org, number, category, kind, "confirms", source, note)


@app.command("dispute")
@handle_errors
def dispute(
    number: str = typer.Argument(..., help="The number, in any form."),
    category: str = typer.Argument(..., help="The category of the tag disputed."),
    org: str = ORG,
    kind: str = typer.Option("operator", "--kind", help=f"Who the evidence comes from: {KINDS}."),
    source: str = typer.Option("", "--source", help="Who exactly (default: the organisation)."),
    note: str = typer.Option("", "--note", help="A note kept with the evidence."),
) -> None:
    """Add disputing evidence to the number's active tag of the category (lowers its confidence)."""
    _evidence(org, number, category, kind, "disputes", source, note)


@app.command("delist")
@handle_errors
def delist(
    tag_id: int = typer.Argument(..., help="The tag id."),
    org: str = ORG,
    reason: str = typer.Option("", "--reason", help="Why (kept in the audit log)."),
) -> None:
    """Take one of the organisation's own tags off the global view."""
    from ringfence.services import tags

    platform = _platform()
    try:
        who, at = _operator(platform, org), platform.clock()
        tags.delist(platform.store, who, tag_id, reason, at)
        view = tags.one_tag(platform.store, who, tag_id, at)
    finally:
        platform.close()
    _print(view)


@app.command("appeal")
@handle_errors
def appeal(
    tag_id: int = typer.Argument(..., help="The tag id."),
    org: str = ORG,
    grounds: str = typer.Option(..., "--grounds", help="Why the tag is wrong."),
    by: str = typer.Option("", "--by", help="Who appeals (e.g. the holder's ticket id)."),
) -> None:
    """File an appeal against a tag; the tag's owner decides it."""
    from ringfence.services import tags

    platform = _platform()
    try:
        who, at = _operator(platform, org), platform.clock()
        tags.file_appeal(platform.store, who, tag_id, by, grounds, at)
        view = tags.one_tag(platform.store, who, tag_id, at)
    finally:
        platform.close()
    _print(view)


@app.command("decide")
@handle_errors
def decide(
    tag_id: int = typer.Argument(..., help="The tag id."),
    outcome: str = typer.Argument(..., help="upheld (the tag stands) or overturned (it is delisted)."),
    org: str = ORG,
    note: str = typer.Option("", "--note", help="Kept in the audit log."),
) -> None:
    """Decide the tag's pending appeal (the tag's owner)."""
    from ringfence.errors import ConfigError
    from ringfence.intel.tags import AppealOutcome
    from ringfence.services import tags

    if outcome not in (AppealOutcome.UPHELD.value, AppealOutcome.OVERTURNED.value):
        raise ConfigError("outcome: upheld or overturned")
    platform = _platform()
    try:
        who, at = _operator(platform, org), platform.clock()
        tags.decide(platform.store, who, tag_id, AppealOutcome(outcome), note, at)
        view = tags.one_tag(platform.store, who, tag_id, at)
    finally:
        platform.close()
    _print(view)


@app.command("override")
@handle_errors
def override(
    number: str = typer.Argument(..., help="The number, in any form."),
    category: str = typer.Argument(..., help="The category of the tag."),
    org: str = ORG,
    hide: bool = typer.Option(False, "--hide", help="Suppress the tag in the organisation's own view."),
    pin: float | None = typer.Option(
        None, "--pin", help="Force the tag at this confidence (0 < c <= 1) in the organisation's view."
    ),
    clear: bool = typer.Option(False, "--clear", help="Remove the organisation's override."),
    reason: str = typer.Option("", "--reason", help="Why (kept with the override and audited)."),
) -> None:
    """Override a tag for the organisation's own view and screening only: --hide, --pin or --clear."""
    from ringfence.services import tags

    platform = _platform()
    try:
        who, at = _operator(platform, org), platform.clock()
        if clear:
            tags.clear_override(platform.store, who, number, category, at)
            console.print(f"override of {number} {category} removed in {org}")
            return
        o = tags.set_override(platform.store, who, number, category, at, hide, pin, reason)
    finally:
        platform.close()
    what = "hidden" if o.hide else f"pinned at {o.pinned}"
    console.print(f"{o.number} {o.category}: {what} in {o.org}'s view")
