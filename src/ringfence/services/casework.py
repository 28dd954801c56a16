"""What analysts and operators do to alerts, lists and cases: each verb checks its permission first.

Every change is audited by the store in the same transaction; nothing here deletes history. Disposing
of numbers (suspend, restrict, label, restore, verification, appeals) is ``services.disposal``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from ringfence.domain.access import (
    NotFoundError,
    Permission,
    Principal,
    Sharing,
    can_see,
    present_number,
    require,
)
from ringfence.domain.casework import REGISTRIES, EntryKind, ListEntry, ListName, trunks_of
from ringfence.domain.decisions import Outcome
from ringfence.domain.numbers import normalize
from ringfence.errors import ConfigError
from ringfence.ports.store import AuditLog, CaseStore, DecisionStore, ListStore

__all__ = [
    "add_to_list",
    "canonical_url",
    "canonical_value",
    "comment",
    "open_case",
    "remove_from_list",
    "report_fraud",
    "set_outcome",
    "visible_entries",
]


def canonical_value(kind: EntryKind, value: str) -> str:
    value = value.strip()
    if not value:
        raise ConfigError("empty value")
    if kind is EntryKind.NUMBER:
        return normalize(value)
    return canonical_url(value)


def canonical_url(url: str) -> str:
    """URLs compare without scheme, ``www.`` and trailing slash.

    ``HTTP://www.Bad.cn/pay/`` and ``bad.cn/pay`` are one entry, whichever way it was written.
    """
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower())
    return url.removeprefix("www.").rstrip("/")


def set_outcome(
    store: DecisionStore,
    principal: Principal,
    decision_id: int,
    outcome: str,
    now: datetime,
    reason: str = "",
) -> None:
    """Confirm or dismiss an alert; the reason, when given, is kept in the audit entry."""
    require(principal, Permission.TRIAGE)
    try:
        parsed = Outcome(outcome)
    except ValueError as exc:
        raise ConfigError(f"unknown outcome {outcome!r}") from exc
    if not store.set_outcome(principal.org, decision_id, parsed.value, principal.actor, now, reason.strip()):
        raise NotFoundError(f"no alert {decision_id}")


MAX_COMMENT = 4000


def comment(store: AuditLog, principal: Principal, number: str, text: str, now: datetime) -> None:
    """Add a comment to a number's thread. Comments are audit entries (``number.comment``): kept
    with everything else analysts did, append-only, read back by target."""
    require(principal, Permission.TRIAGE)
    text = text.strip()
    if not text:
        raise ConfigError("empty comment")
    if len(text) > MAX_COMMENT:
        raise ConfigError(f"a comment has at most {MAX_COMMENT} characters")
    store.audit(principal.org, principal.actor, "number.comment", normalize(number), {"text": text}, now)


def open_case(
    store: CaseStore, principal: Principal, number: str, title: str, note: str, now: datetime
) -> int:
    require(principal, Permission.TRIAGE)
    title = title.strip() or f"Investigate {normalize(number)}"
    return store.open_case(principal.org, normalize(number), title, note.strip(), principal.actor, now)


def add_to_list(
    store: ListStore,
    principal: Principal,
    list_name: str,
    kind: str,
    value: str,
    now: datetime,
    label: str = "",
    sharing: str = Sharing.PRIVATE.value,
    reason: str = "",
    display_name: str = "",
) -> int:
    """Every list and registry change goes through here (and is audited by the store)."""
    require(principal, Permission.EDIT_LISTS)
    try:
        parsed_list, parsed_kind, parsed_sharing = ListName(list_name), EntryKind(kind), Sharing(sharing)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    if parsed_sharing is Sharing.SHARED:
        require(principal, Permission.SHARE_LISTS)
    if parsed_list is ListName.TAG and not label.strip():
        raise ConfigError("a tag needs a label")
    if parsed_list in REGISTRIES and parsed_kind is not EntryKind.NUMBER:
        raise ConfigError(f"the {parsed_list.value} registry holds numbers, not {parsed_kind.value}s")
    if parsed_list is ListName.TRUSTED and not trunks_of(label):
        raise ConfigError("a trusted number needs its trunks in the label (e.g. icbc-sh-1;icbc-bj-2)")
    if display_name.strip() and parsed_list is not ListName.TRUSTED:
        raise ConfigError("only a trusted number has a display name")
    return store.add_entry(
        principal.org,
        parsed_list.value,
        parsed_kind.value,
        canonical_value(parsed_kind, value),
        label.strip(),
        parsed_sharing.value,
        reason.strip(),
        principal.actor,
        now,
        display_name.strip(),
    )


def remove_from_list(store: ListStore, principal: Principal, entry_id: int, now: datetime) -> None:
    """Only the owning organisation removes its entries; others' shared entries look absent."""
    require(principal, Permission.EDIT_LISTS)
    if not store.remove_entry(principal.org, entry_id, principal.actor, now):
        raise NotFoundError(f"no list entry {entry_id} in {principal.org}")


def visible_entries(
    store: ListStore,
    principal: Principal,
    list_name: str | None = None,
    kind: str | None = None,
    value: str | None = None,
) -> list[ListEntry]:
    """Entries the principal may see, with numbers masked where its role requires."""
    require(principal, Permission.VIEW if value is None else Permission.LOOKUP)
    out = []
    for e in store.entries(principal.org, list_name, kind, value):
        if not can_see(principal.org, e.org, Sharing(e.sharing)):  # defence in depth
            continue
        if e.kind == EntryKind.NUMBER.value:
            masked = present_number(e.value, principal, e.org)
            if masked != e.value:
                e = replace(e, value=masked, created_by=e.org)
        elif e.org != principal.org:
            e = replace(e, created_by=e.org)
        out.append(e)
    return out


def report_fraud(
    store: ListStore, principal: Principal, kind: str, value: str, category: str, note: str, now: datetime
) -> int:
    require(principal, Permission.REPORT_FRAUD)
    parsed = EntryKind(kind)
    return store.add_fraud_report(
        principal.org,
        parsed.value,
        canonical_value(parsed, value),
        category.strip() or "unspecified",
        note.strip(),
        principal.actor,
        now,
    )
