"""Live screening from the store: what each organisation derives from the facts, and that refreshing
from the change feed always lands on exactly what a full rebuild gives."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ringfence.adapters.memory import MemoryStore
from ringfence.adapters.snapshot_store import StoreSnapshotSource
from ringfence.domain.access import Principal, Role
from ringfence.domain.casework import ListEntry
from ringfence.domain.decisions import Decision, RunInfo, Verdict
from ringfence.domain.risk_facts import DispositionFact, HolderFact, RiskFacts, VerdictFact
from ringfence.errors import RingfenceError
from ringfence.intel.tags import SourceKind, Stance, TagState
from ringfence.screening import CallSetup, Policy
from ringfence.screening.live import LiveRisk, NumberFacts, derive
from ringfence.services import tags as tag_service
from ringfence.services.disposal import DisposalPolicy, act, override
from ringfence.services.screen_call import ScreeningService

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
N = "+8613800000001"
ORGS = ("op-a", "op-b", "op-c")
NUMBERS = ("+8613800000001", "+8613800000002", "+8617000000003")
HOLDERS = ("a" * 64, "b" * 64)


def _entry(
    i: int, org: str, lst: str, label: str = "", sharing: str = "private", value: str = N
) -> ListEntry:
    return ListEntry(i, org, lst, "number", value, label, sharing, f"why{i}", "x", T0)


def test_own_disposition_blocks_or_labels_only_in_its_organisation() -> None:
    facts = NumberFacts(dispositions=[DispositionFact("op-a", N, "suspended")])
    a = derive("op-a", facts)
    assert a is not None
    assert (a.disposition, a.disposed_block) == ("suspended", True)
    assert derive("op-b", facts) is None
    labelled = derive("op-a", NumberFacts(dispositions=[DispositionFact("op-a", N, "labelled")]))
    assert labelled is not None
    assert (labelled.disposition, labelled.disposed_block) == ("labelled", False)
    for lifted in ("restored", "overturned", "active"):
        assert derive("op-a", NumberFacts(dispositions=[DispositionFact("op-a", N, lifted)])) is None


def test_shared_entries_reach_every_member_private_ones_do_not() -> None:
    facts = NumberFacts(
        entries=[
            _entry(1, "op-a", "blacklist", sharing="shared"),
            _entry(2, "op-a", "tag", "诈骗电话", sharing="shared"),
            _entry(3, "op-c", "blacklist"),  # private to op-c
        ]
    )
    a, b, c = (derive(o, facts) for o in ORGS)
    assert a is not None
    assert (a.blacklist, a.shared_blacklist, a.tag) == ("why1", None, "诈骗电话")
    assert b is not None
    assert (b.blacklist, b.shared_blacklist, b.tag) == (
        None,
        "why1 (shared by op-a)",
        "诈骗电话",
    )
    assert c is not None
    assert (c.blacklist, c.shared_blacklist) == ("why3", "why1 (shared by op-a)")
    private = NumberFacts(entries=[_entry(1, "op-a", "blacklist"), _entry(2, "op-a", "tag", "x")])
    assert derive("op-b", private) is None


def test_whitelist_silences_shared_signals_but_not_own_acts() -> None:
    facts = NumberFacts(
        entries=[
            _entry(1, "op-a", "blacklist", sharing="shared"),
            _entry(2, "op-a", "tag", "骚扰电话", sharing="shared"),
            _entry(3, "op-b", "whitelist"),
            _entry(4, "op-b", "blacklist"),
        ],
        verdicts=[VerdictFact("op-b", N, 1, 0.95, "block", "open", ("r1",))],
        dispositions=[DispositionFact("op-b", N, "labelled")],
    )
    b = derive("op-b", facts)
    assert b is not None
    assert (b.shared_blacklist, b.tag, b.score) == (None, None, None)
    assert (b.blacklist, b.disposition) == ("why4", "labelled")


def test_latest_decision_scores_unless_watch_or_dismissed() -> None:
    def score(*verdicts: VerdictFact) -> float | None:
        e = derive("op-a", NumberFacts(verdicts=list(verdicts)))
        return None if e is None else e.score

    assert score(VerdictFact("op-a", N, 1, 0.8, "warn", "open", ("dialer",))) == 0.8
    assert score(VerdictFact("op-a", N, 1, 0.8, "watch", "open")) is None
    assert score(VerdictFact("op-a", N, 1, 0.8, "block", "dismissed")) is None
    assert (
        score(
            VerdictFact("op-a", N, 1, 0.9, "block", "open"), VerdictFact("op-a", N, 2, 0.2, "watch", "open")
        )
        is None
    )
    assert score(VerdictFact("op-b", N, 1, 0.9, "block", "open")) is None  # another org's detection


def test_a_restore_outweighs_the_detection_loaded_before_it() -> None:
    before = VerdictFact("op-a", N, 1, 0.95, "block", "open", ("r",), T0)
    after = VerdictFact("op-a", N, 2, 0.95, "block", "open", ("r",), T0 + timedelta(hours=2))
    restored = DispositionFact("op-a", N, "restored", "verified", T0 + timedelta(hours=1))
    assert derive("op-a", NumberFacts(dispositions=[restored], verdicts=[before])) is None
    again = derive("op-a", NumberFacts(dispositions=[restored], verdicts=[before, after]))
    assert again is not None
    assert again.score == 0.95  # a later run flagged it again
    overturned = DispositionFact("op-a", N, "overturned", "", T0 + timedelta(hours=1))
    assert derive("op-a", NumberFacts(dispositions=[overturned], verdicts=[before])) is None
    elsewhere = DispositionFact("op-b", N, "restored", "", T0 + timedelta(hours=1))
    kept = derive("op-a", NumberFacts(dispositions=[elsewhere], verdicts=[before]))
    assert kept is not None
    assert kept.score == 0.95  # another organisation's restore is its own business


def test_reports_tag_a_number_from_the_threshold() -> None:
    assert derive("op-a", NumberFacts(reports={N: 2}), report_threshold=3) is None
    e = derive("op-a", NumberFacts(reports={N: 3}), report_threshold=3, report_label="举报")
    assert e is not None
    assert e.tag == "举报"


def test_a_restricted_holder_is_flagged_in_every_member_unless_whitelisted_there() -> None:
    facts = NumberFacts(holders=[HolderFact(N, "h" * 64, "op-a", "涉诈 case 7", "op-b")])
    for org in (*ORGS, None):
        entry = derive(org, facts)
        assert entry is not None
        assert entry.restricted_holder == "holder restricted for fraud by op-a: 涉诈 case 7"
    facts.entries.append(_entry(1, "op-c", "whitelist"))  # op-c vouches for the number: not op-a's act
    assert derive("op-c", facts) is None
    restricted = derive("op-a", facts)
    assert restricted is not None
    assert restricted.restricted_holder is not None


def test_restricting_a_holder_reaches_its_cards_in_every_view_through_the_feed() -> None:
    store = MemoryStore()
    for org in ORGS:
        store.ensure_org(org, org, T0)
    source = StoreSnapshotSource(store)
    source.load()
    holder = "c" * 64
    store.add_subscribers(
        "op-b", pl.DataFrame({"number": [N, NUMBERS[1]], "id_hash": [holder, "d" * 64]}), "t", T0
    )
    store.restrict_holder("op-a", holder, "fraud ring", "t", T0)
    source.poll()
    for org in ORGS:
        entry = source.snapshot(org).callers[N]
        assert entry.restricted_holder == "holder restricted for fraud by op-a: fraud ring"
        assert NUMBERS[1] not in source.snapshot(org).callers
    # the number goes to a new holder: the old holder's restriction no longer follows it
    store.add_subscribers("op-b", pl.DataFrame({"number": [N], "id_hash": ["e" * 64]}), "t", T0)
    source.poll()
    assert N not in source.snapshot("op-c").callers
    store.add_subscribers("op-b", pl.DataFrame({"number": [N], "id_hash": [holder]}), "t", T0)
    source.poll()
    assert N in source.snapshot("op-c").callers
    store.lift_holder("op-a", holder, "t", T0)
    source.poll()
    assert all(N not in source.snapshot(o).callers for o in ORGS)
    verdict = ScreeningService(Policy(), live=source).screen(CallSetup(N, "13900000000"), org="op-c")
    assert verdict.action.value == "allow"


def test_incremental_update_of_one_number_touches_only_its_entries() -> None:
    live = LiveRisk()
    live.load(
        RiskFacts(
            orgs=ORGS,
            entries=(_entry(1, "op-a", "blacklist", sharing="shared", value=NUMBERS[1]),),
            dispositions=(DispositionFact("op-a", N, "suspended"),),
        )
    )
    assert set(live.callers("op-b")) == {NUMBERS[1]}
    live.update([N], RiskFacts(orgs=ORGS))  # the disposition of N was lifted
    assert N not in live.callers("op-a")
    assert NUMBERS[1] in live.callers("op-a")
    live.update([NUMBERS[1]], RiskFacts(orgs=(*ORGS, "op-d")))  # entry removed; a new organisation
    assert all(not live.callers(o) for o in (*ORGS, "op-d", None))


# --- the property: any sequence of store writes, refreshed from the feed == a full rebuild -----------

_ADMIN = {o: Principal(o, Role.ADMIN, 1, "admin") for o in ORGS}
_POLICY = DisposalPolicy()

op = st.one_of(
    st.tuples(
        st.just("entry"),
        st.sampled_from(ORGS),
        st.sampled_from(["blacklist", "whitelist", "tag", "do_not_call"]),
        st.sampled_from(NUMBERS),
        st.sampled_from(["private", "shared"]),
        st.sampled_from(["骚扰电话", "诈骗电话"]),
    ),
    st.tuples(st.just("remove"), st.integers(0, 30)),
    st.tuples(st.just("report"), st.sampled_from(ORGS), st.sampled_from(NUMBERS)),
    st.tuples(
        st.just("run"),
        st.sampled_from(ORGS),
        st.lists(
            st.tuples(st.sampled_from(NUMBERS), st.sampled_from(list(Verdict)), st.floats(0, 1)),
            max_size=3,
        ),
    ),
    st.tuples(st.just("outcome"), st.integers(1, 20), st.sampled_from(["confirmed", "dismissed", "open"])),
    st.tuples(
        st.just("dispose"),
        st.sampled_from(ORGS),
        st.sampled_from(NUMBERS),
        st.sampled_from(["suspend", "restrict", "label", "override"]),
    ),
    st.tuples(st.just("poll")),
    st.tuples(st.just("feed"), st.sampled_from(ORGS), st.sampled_from(NUMBERS), st.sampled_from(HOLDERS)),
    st.tuples(st.just("restrict"), st.sampled_from(ORGS), st.sampled_from(HOLDERS), st.booleans()),
    st.tuples(
        st.just("tag"),
        st.sampled_from(ORGS),
        st.sampled_from(NUMBERS),
        st.sampled_from(["fraud", "spam"]),
        st.sampled_from(list(Stance)),
        st.sampled_from(list(SourceKind)),
    ),
    st.tuples(st.just("delist"), st.sampled_from(ORGS), st.integers(0, 5)),
    st.tuples(
        st.just("tag_override"),
        st.sampled_from(ORGS),
        st.sampled_from(NUMBERS),
        st.sampled_from(["hide", "pin", "clear"]),
    ),
)


def _apply(store: MemoryStore, step: tuple[object, ...], at: datetime) -> None:
    kind = step[0]
    if kind == "entry":
        _, org, lst, number, sharing, label = step
        store.add_entry(
            str(org),
            str(lst),
            "number",
            str(number),
            str(label) if lst == "tag" else "",
            str(sharing),
            "r",
            "t",
            at,
        )
    elif kind == "remove":
        entries = store.entries("op-a") + store.entries("op-b") + store.entries("op-c")
        if entries:
            e = entries[int(step[1]) % len(entries)]  # type: ignore[call-overload]
            store.remove_entry(e.org, e.id, "t", at)
    elif kind == "report":
        store.add_fraud_report(str(step[1]), "number", str(step[2]), "fraud", "", "t", at)
    elif kind == "run":
        decisions = [
            Decision(str(n), float(s), v, ("r",), at, at, "dialer")
            for n, v, s in step[2]  # type: ignore[attr-defined]
        ]
        decisions = list({d.number: d for d in decisions}.values())
        store.add_run(str(step[1]), RunInfo("p", "1", at, at), decisions, [], {}, "t", "t", at)
    elif kind == "outcome":
        for org in ORGS:
            store.set_outcome(org, int(step[1]), str(step[2]), "t", at)  # type: ignore[call-overload]
    elif kind == "feed":
        _, org, number, holder = step
        store.add_subscribers(str(org), pl.DataFrame({"number": [number], "id_hash": [holder]}), "t", at)
    elif kind == "restrict":
        _, org, holder, on = step
        if on:
            store.restrict_holder(str(org), str(holder), "fraud case", "t", at)
        else:
            store.lift_holder(str(org), str(holder), "t", at)
    elif kind == "tag":
        _, org, number, category, stance, source = step
        assert isinstance(stance, Stance)
        assert isinstance(source, SourceKind)
        with contextlib.suppress(RingfenceError):  # nothing to dispute
            tag_service.add_evidence(store, _ADMIN[str(org)], str(number), str(category), source, stance, at)
    elif kind == "delist":
        active = store.tags(states=[TagState.ACTIVE])
        if active:
            tag = active[int(step[2]) % len(active)]  # type: ignore[call-overload]
            tag_service.delist(store, _ADMIN[tag.owner], tag.id, "because", at)
    elif kind == "tag_override":
        _, org, number, how = step
        try:
            if how == "clear":
                tag_service.clear_override(store, _ADMIN[str(org)], str(number), "fraud", at)
            else:
                pin = 0.95 if how == "pin" else None
                tag_service.set_override(
                    store, _ADMIN[str(org)], str(number), "fraud", at, how == "hide", pin
                )
        except RingfenceError:
            pass  # no override to clear
    elif kind == "dispose":
        _, org, number, action = step
        try:
            if action == "override":
                override(store, _POLICY, _ADMIN[str(org)], str(number), at, "because")
            else:
                act(store, _POLICY, _ADMIN[str(org)], str(number), str(action), at)
        except RingfenceError:
            pass  # a transition the state machine refuses changes nothing


def _views(source: StoreSnapshotSource) -> dict[str | None, tuple[dict[str, object], set[str]]]:
    return {o: (dict(source.snapshot(o).callers), set(source.snapshot(o).do_not_call)) for o in (*ORGS, None)}


@given(st.lists(op, max_size=25))
def test_refreshing_from_the_change_feed_equals_a_full_rebuild(steps: list[tuple[object, ...]]) -> None:
    store = MemoryStore()
    for org in ORGS:
        store.ensure_org(org, org, T0)
    clock = (T0 + timedelta(days=30)).timestamp  # tags' confidences are derived at one time in both
    live = StoreSnapshotSource(store, clock=clock, report_threshold=2)
    live.load()
    for i, step in enumerate(steps):
        if step[0] == "poll":
            live.poll()
        else:
            _apply(store, step, T0 + timedelta(seconds=i))
    live.poll()
    full = StoreSnapshotSource(store, clock=clock, report_threshold=2)
    full.load()
    assert _views(live) == _views(full)
    assert live.snapshot("op-a").version == f"store:{store.risk_version()}"


def test_screening_service_sees_a_change_after_one_refresh() -> None:
    store = MemoryStore()
    for org in ORGS:
        store.ensure_org(org, org, T0)
    clock = [1000.0]
    service = ScreeningService(
        Policy(), live=StoreSnapshotSource(store), clock=lambda: clock[0], refresh_every_s=1
    )
    call = CallSetup(N, "13900000000")
    assert service.screen(call, org="op-b").action.value == "allow"
    store.add_entry("op-a", "blacklist", "number", N, "", "shared", "fraud ring", "t", T0)
    clock[0] += 1
    v = service.screen(call, org="op-b")
    assert (v.action.value, v.reasons, v.snapshot_version) == ("block", ("shared_blacklisted",), "store:1")
    act(store, _POLICY, _ADMIN["op-a"], N, "suspend", T0)
    clock[0] += 1
    assert service.screen(call, org="op-a").reasons == ("disposed", "blacklisted")
    assert service.screen(call, org="op-c").reasons == ("shared_blacklisted",)


def test_each_member_acts_on_shared_entries_by_its_own_policy(tmp_path: Path) -> None:
    from ringfence.bootstrap import build_screening

    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "op-c.json").write_text(
        json.dumps({"version": "c-1", "shared_blacklisted": {"action": "label", "label": "他网共享黑名单"}})
    )
    store = MemoryStore()
    for org in ORGS:
        store.ensure_org(org, org, T0)
    store.add_entry("op-a", "blacklist", "number", N, "", "shared", "ring", "t", T0)
    service = build_screening(store=store, org_policies=tmp_path / "policies")
    service.refresh()
    call = CallSetup(N, "13900000000")
    b, c = service.screen(call, org="op-b"), service.screen(call, org="op-c")
    assert (b.action.value, b.label) == ("block", "疑似诈骗")
    assert (c.action.value, c.label, c.reasons) == ("label", "他网共享黑名单", ("shared_blacklisted",))
    assert service.rules_for("op-c").policy.version == "c-1"
    assert service.rules_for("op-b") is service.rules


def test_a_store_that_stops_answering_keeps_the_last_snapshot_until_it_is_stale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = MemoryStore()
    store.ensure_org("op-a", "op-a", T0)
    store.add_entry("op-a", "blacklist", "number", N, "", "private", "ring", "t", T0)
    clock = [1000.0]
    source = StoreSnapshotSource(store, clock=lambda: clock[0])
    service = ScreeningService(
        Policy(max_snapshot_age_s=60), live=source, clock=lambda: clock[0], refresh_every_s=1
    )
    call = CallSetup(N, "13900000000")
    assert service.screen(call, org="op-a").reasons == ("blacklisted",)

    def down(after: int, limit: int = 1000) -> list[object]:
        raise ConnectionError("database down")

    monkeypatch.setattr(store, "risk_changes", down)
    clock[0] += 30
    assert service.screen(call, org="op-a").reasons == ("blacklisted",)  # the last snapshot, still fresh
    clock[0] += 31
    stale = service.screen(call, org="op-a")
    assert (stale.action.value, stale.reasons, stale.snapshot_version) == ("allow", ("unscreened",), None)
    assert service.degraded is not None
    assert "stale" in service.degraded
    monkeypatch.undo()
    clock[0] += 1
    assert service.screen(call, org="op-a").reasons == ("blacklisted",)  # back as soon as it answers
    assert service.degraded is None


def test_registries_reach_screening_for_their_organisation_and_when_shared() -> None:
    facts = NumberFacts(
        entries=[
            _entry(1, "op-a", "trusted", "icbc-1; icbc-2", sharing="shared"),
            _entry(2, "op-a", "trusted", "icbc-3"),  # private: op-a only
            _entry(3, "op-b", "inbound_only"),
            _entry(4, "op-c", "marketing", sharing="shared"),
        ]
    )
    a, b, c = (derive(o, facts) for o in ORGS)
    assert a is not None
    assert a.trusted_trunks == frozenset({"icbc-1", "icbc-2", "icbc-3"})
    assert (a.inbound_only, a.marketing) == (False, True)
    assert b is not None
    assert b.trusted_trunks == frozenset({"icbc-1", "icbc-2"})
    assert (b.inbound_only, b.marketing) == (True, True)
    assert c is not None
    assert (c.trusted_trunks, c.inbound_only, c.marketing) == (frozenset({"icbc-1", "icbc-2"}), False, True)
    assert (a.blacklist, a.tag, a.score) == (None, None, None)  # a registry convicts nobody by itself
