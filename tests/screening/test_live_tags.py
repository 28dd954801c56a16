"""Tags of the global view in live screening: every member sees them at their confidence in its own
view (overrides hide or pin), its policy's threshold decides, and they fade as evidence ages."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ringfence.adapters.memory import MemoryStore
from ringfence.adapters.snapshot_store import StoreSnapshotSource
from ringfence.domain.casework import ListEntry
from ringfence.domain.risk_facts import RiskFacts
from ringfence.intel.tags import Evidence, Override, SourceKind, Stance, Tag, add_evidence, confidence
from ringfence.screening import CallSetup, Policy
from ringfence.screening.live import LiveRisk, NumberFacts, derive
from ringfence.screening.rules import RuleBook
from ringfence.screening.screen import screen
from ringfence.screening.snapshot import RiskSnapshot

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
N = "+8613800000001"
ORGS = ("op-a", "op-b", "op-c")


def _tag(*kinds: SourceKind, number: str = N, category: str = "诈骗电话") -> Tag:
    tag = Tag(number, category, "op-a", T0, id=1)
    for i, kind in enumerate(kinds):
        tag = add_evidence(tag, Evidence(f"s{i}", kind, Stance.CONFIRMS, T0))
    return tag


def test_every_member_sees_a_tag_at_its_confidence_unless_it_overrides_it() -> None:
    tag = _tag(SourceKind.OPERATOR, SourceKind.OPERATOR)
    facts = NumberFacts(
        tags=[tag],
        overrides=[Override("op-b", N, "诈骗电话", hide=True), Override("op-c", N, "诈骗电话", pinned=1.0)],
    )
    a = derive("op-a", facts, now=T0)
    assert a is not None
    assert (a.tag, a.tag_confidence) == ("诈骗电话", confidence(tag, T0))
    assert derive("op-b", facts, now=T0) is None  # hidden in op-b's own view
    c = derive("op-c", facts, now=T0)
    assert c is not None
    assert c.tag_confidence == 1.0
    # a list tag the organisation sees comes first (no confidence: always shown); a whitelist silences
    own = ListEntry(7, "op-a", "tag", "number", N, "快递外卖", "private", "", "x", T0)
    listed = derive("op-a", NumberFacts(entries=[own], tags=[tag]), now=T0)
    assert listed is not None
    assert (listed.tag, listed.tag_confidence) == ("快递外卖", None)
    white = ListEntry(8, "op-a", "whitelist", "number", N, "", "private", "", "x", T0)
    assert derive("op-a", NumberFacts(entries=[white], tags=[tag]), now=T0) is None


def test_each_members_threshold_decides_and_its_policy_says_label_or_block() -> None:
    weak, strong = _tag(SourceKind.USER_REPORT), _tag(*[SourceKind.CONFIRMED_CASE] * 5)
    call = CallSetup(N, "13900000000")
    default, strict = RuleBook.compile(Policy()), RuleBook.compile(Policy(tag_min_confidence=0.6))
    blocking = RuleBook.compile(Policy.from_mapping({"tagged": "block"}))
    for tag, expected in ((weak, ("allow", "allow", "allow")), (strong, ("label", "allow", "block"))):
        entry = derive("op-b", NumberFacts(tags=[tag]), now=T0)
        assert entry is not None
        snap = RiskSnapshot(version="t", callers={N: entry})
        got = tuple(screen(call, snap, book).action.value for book in (default, strict, blocking))
        assert got == expected, (confidence(tag, T0), got)
    entry = derive("op-b", NumberFacts(tags=[strong]), now=T0)
    assert entry is not None
    verdict = screen(call, RiskSnapshot(version="t", callers={N: entry}), default)
    assert (verdict.label, verdict.reasons) == ("诈骗电话", ("tagged",))
    assert "confidence 0.5" in verdict.hits[0].detail


def test_a_tag_fades_out_of_screening_as_its_evidence_ages() -> None:
    now = [T0]
    live = LiveRisk(clock=lambda: now[0])
    tag = _tag(SourceKind.CONFIRMED_CASE, SourceKind.CONFIRMED_CASE)
    live.load(RiskFacts(orgs=ORGS, tags=(tag,)))
    fresh = live.callers("op-b")[N].tag_confidence
    assert fresh is not None
    assert fresh > 0.15
    now[0] = T0 + timedelta(days=365)
    assert live.callers("op-b")[N].tag_confidence == fresh  # nothing re-derived yet
    assert live.redecay() == len(ORGS)  # every view's entry changed
    faded = live.callers("op-b")[N].tag_confidence
    assert faded is not None
    assert faded < 0.15 < fresh


def test_the_store_snapshot_rederives_tags_once_per_decay_period() -> None:
    store = MemoryStore()
    for org in ORGS:
        store.ensure_org(org, org, T0)
    store.save_tag(None, _tag(SourceKind.CONFIRMED_CASE), "op-a", "tag.create", {}, "t", T0)
    clock = [T0.timestamp()]
    source = StoreSnapshotSource(store, clock=lambda: clock[0], decay_every_s=60)
    source.load()
    before = source.snapshot("op-c").callers[N].tag_confidence
    clock[0] += 30 * 86_400.0
    source.snapshot("op-c")
    assert source.poll() == len(ORGS)  # no change in the feed, but the decay pass changed each view
    after = source.snapshot("op-c").callers[N].tag_confidence
    assert before is not None
    assert after is not None
    assert after < before
    assert source.poll() == 0  # within the period: nothing re-derived


def test_a_tags_confidence_survives_the_json_snapshot_file(tmp_path: Path) -> None:
    from ringfence.adapters.snapshot_files import load_snapshot, snapshot_to_json
    from ringfence.screening.snapshot import CallerEntry

    callers = {
        N: CallerEntry(tag="诈骗电话", tag_confidence=0.125),
        "+8613800000002": CallerEntry(tag="骚扰"),
    }
    path = tmp_path / "s.json"
    path.write_text(json.dumps(snapshot_to_json(RiskSnapshot(version="v", callers=callers))))
    assert dict(load_snapshot(path).callers) == callers
