"""Contract tests of the tag store (tags with a lifecycle), in memory, on SQLite and on PostgreSQL
alike: what is saved reads back value for value, a change computed from a stale read is refused, one
active tag per number and category, every change audited and in the risk change feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ringfence.intel import tags as rules
from ringfence.intel.tags import (
    AppealOutcome,
    Evidence,
    Override,
    SourceKind,
    StaleTagError,
    Stance,
    Tag,
    TagState,
)
from ringfence.ports.store import Store

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
N = "+8613800000001"


@pytest.fixture
def orgs(store: Store) -> Store:
    for org in ("op-a", "op-b"):
        store.ensure_org(org, org.upper(), T0)
    return store


def _new(number: str = N, category: str = "fraud", owner: str = "op-a") -> Tag:
    tag = Tag(number, category, owner, T0, holder="h1")
    return rules.add_evidence(tag, Evidence(owner, SourceKind.OPERATOR, Stance.CONFIRMS, T0, "dialer"))


def test_a_tag_and_its_changes_read_back_value_for_value(orgs: Store) -> None:
    version = orgs.risk_version()
    stored = orgs.save_tag(None, _new(), "op-a", "tag.create", {}, "op-a/x#1", T0)
    assert (stored.id > 0, stored.version, stored.owner, stored.holder) == (True, 1, "op-a", "h1")
    assert orgs.tag(stored.id) == stored
    later = T0 + timedelta(hours=1)
    disputed = rules.add_evidence(
        stored, Evidence("op-b", SourceKind.TAGGING_COMPANY, Stance.DISPUTES, later)
    )
    after = orgs.save_tag(stored, disputed, "op-b", "tag.evidence", {"stance": "disputes"}, "op-b/y#2", later)
    assert after.version == 2
    assert [(e.source, e.kind, e.stance, e.at) for e in after.evidence] == [
        ("op-a", SourceKind.OPERATOR, Stance.CONFIRMS, T0),
        ("op-b", SourceKind.TAGGING_COMPANY, Stance.DISPUTES, later),
    ]
    assert rules.confidence(after, later) < rules.confidence(stored, later)
    appealed = orgs.save_tag(
        after, rules.appeal(after, "holder", "not me", later), "op-b", "tag.appeal", {}, "op-b/y#2", later
    )
    decided = rules.decide_appeal(appealed, AppealOutcome.OVERTURNED, "op-a/x#1", later)
    final = orgs.save_tag(appealed, decided, "op-a", "tag.decide", {}, "op-a/x#1", later)
    assert final.state is TagState.DELISTED
    assert final.changed_at == later
    assert [(a.by, a.outcome, a.decided_by) for a in final.appeals] == [
        ("holder", AppealOutcome.OVERTURNED, "op-a/x#1")
    ]
    assert orgs.tag(final.id) == final
    assert orgs.tags(N) == [final]
    assert orgs.tags(N, [TagState.ACTIVE]) == []
    # every change is audited, in the acting organisation's log and the owner's
    a = [e.action for e in orgs.audit_entries("op-a", targets=[f"tag:{N}"])]
    b = [e.action for e in orgs.audit_entries("op-b", targets=[f"tag:{N}"])]
    assert a == ["tag.decide", "tag.appeal", "tag.evidence", "tag.create"]
    assert b == ["tag.appeal", "tag.evidence"]
    changes = orgs.risk_changes(version)
    assert [(c.number, c.kind) for c in changes] == [(N, "tag")] * 4


def test_a_change_from_a_stale_read_and_a_second_active_tag_are_refused(orgs: Store) -> None:
    stored = orgs.save_tag(None, _new(), "op-a", "tag.create", {}, "a", T0)
    first = orgs.save_tag(stored, rules.delist(stored, T0), "op-a", "tag.delist", {}, "a", T0)
    with pytest.raises(StaleTagError):
        orgs.save_tag(
            stored, rules.add_evidence(stored, stored.evidence[0]), "op-b", "tag.evidence", {}, "b", T0
        )
    assert orgs.tag(stored.id) == first  # nothing of the refused change was kept
    again = orgs.save_tag(None, _new(owner="op-b"), "op-b", "tag.create", {}, "b", T0)  # delisted: free
    with pytest.raises(StaleTagError):
        orgs.save_tag(None, _new(), "op-a", "tag.create", {}, "a", T0)
    assert [t.id for t in orgs.tags(N, [TagState.ACTIVE])] == [again.id]
    other = orgs.save_tag(None, _new(category="harassment"), "op-a", "tag.create", {}, "a", T0)
    assert {t.id for t in orgs.tags(N, [TagState.ACTIVE])} == {again.id, other.id}
    assert [t.id for t in orgs.tags(category="harassment")] == [other.id]


def test_active_tags_and_overrides_reach_the_risk_facts(orgs: Store) -> None:
    stored = orgs.save_tag(None, _new(), "op-a", "tag.create", {}, "a", T0)
    gone = orgs.save_tag(None, _new("+8613800000002"), "op-a", "tag.create", {}, "a", T0)
    orgs.save_tag(gone, rules.delist(gone, T0), "op-a", "tag.delist", {}, "a", T0)
    hide = Override("op-b", N, "fraud", hide=True, reason="our customer")
    orgs.set_tag_override(hide, "op-b/y#2", T0)
    orgs.set_tag_override(Override("op-a", N, "fraud", pinned=0.9), "op-a/x#1", T0)
    facts = orgs.risk_facts([N, "+8613800000002"])
    assert [(t.id, len(t.evidence)) for t in facts.tags] == [(stored.id, 1)]
    assert facts.tag_overrides == (Override("op-a", N, "fraud", pinned=0.9), hide)
    assert orgs.risk_facts().tags == facts.tags
    assert orgs.tag_overrides("op-b") == [hide]
    assert orgs.clear_tag_override("op-b", N, "fraud", "op-b/y#2", T0)
    assert not orgs.clear_tag_override("op-b", N, "fraud", "op-b/y#2", T0)
    assert orgs.tag_overrides(number=N) == [Override("op-a", N, "fraud", pinned=0.9)]
    actions = [e.action for e in orgs.audit_entries("op-b", targets=[f"tag:{N}"])]
    assert actions == ["tag.override.clear", "tag.override"]
