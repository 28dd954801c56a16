"""Property: any sequence of store operations gives the same observable results in memory and on SQLite.

Each step runs one operation on a ``MemoryStore`` and on a ``SqlStore`` over SQLite and compares what
they return (or that both refuse); after every step the audit entries the step appended are compared
too. Values come from small pools so that duplicates, ties, shared entries and unknown organisations
are common.

One known difference is bridged rather than compared: SQLite gives a removed list entry's id to the
next entry (``test_ids_are_never_given_out_twice`` pins that down), so list entries are compared by
the order they were created in, not by id.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy.exc import StatementError

from ringfence.adapters.memory import MemoryStore
from ringfence.adapters.sql import SqlStore, make_engine, upgrade
from ringfence.domain.casework import ListEntry
from ringfence.domain.decisions import Decision, Hit, RunInfo, Verdict
from ringfence.domain.digests import digest
from ringfence.domain.disposition import Action as DisposalAction
from ringfence.domain.disposition import Disposition, apply
from ringfence.domain.outbox import NewMessage, Status, Topic
from ringfence.domain.sla import Sla
from ringfence.errors import RingfenceError
from ringfence.ports.store import Store
from tests.adapters.store_data import REFUSED, T0, call, calls_frame, message, messages_frame

ORGS = ["op-a", "op-b", "ghost"]
NUMBERS = ["+8613800000001", "+8613800000002", "95588"]
VALUES = [*NUMBERS, "http://x.cn"]
ZONES = [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5, minutes=-30))]

orgs = st.sampled_from(["op-a", "op-a", "op-b", "ghost"])  # ghost: created late, or never
numbers = st.sampled_from(NUMBERS)
times = st.builds(
    lambda k, micro, zone: (T0 + timedelta(minutes=30 * k, microseconds=micro)).astimezone(zone),
    st.integers(0, 2),
    st.sampled_from([0, 1]),
    st.sampled_from(ZONES),
)
limits = st.integers(0, 5)
texts = st.sampled_from(["", "a", "短信 ✓", "x;y"])
calls_rows = st.lists(
    st.builds(
        call,
        st.sampled_from([f"c{i}" for i in range(6)]),
        numbers,
        numbers,
        times,
        st.integers(0, 3),
        st.sampled_from([None, "CD-1"]),
    ),
    min_size=1,
    max_size=4,
)
messages_rows = st.lists(
    st.builds(
        message,
        st.sampled_from([f"m{i}" for i in range(4)]),
        numbers,
        numbers,
        times,
        st.sampled_from([None, "hi", "验证码 123"]),
    ),
    min_size=1,
    max_size=4,
)
decisions = st.lists(
    st.builds(
        Decision,
        numbers,
        st.sampled_from([0.5, 0.75, 0.9]),
        st.sampled_from(list(Verdict)),
        st.lists(st.sampled_from(["R1", "R2", "R3", ""]), max_size=3).map(tuple),
        times,
        times,
        st.sampled_from(["dialer", "wangiri"]),
    ),
    min_size=1,
    max_size=3,
)
hits = st.lists(
    st.builds(
        Hit,
        numbers,
        st.sampled_from(["R1", "R2"]),
        times,
        st.sampled_from([0.25, 1]),
        st.dictionaries(
            st.sampled_from(["n", "b", "短"]), st.none() | st.integers(-2, 2) | texts, max_size=2
        ),
    ),
    max_size=3,
)
run_infos = st.builds(
    RunInfo,
    st.sampled_from(["default", "strict"]),
    st.sampled_from(["1", "2"]),
    st.none() | times,
    st.none() | times,
    st.dictionaries(st.sampled_from(["calls", "messages"]), st.integers(0, 9), max_size=2),
    st.lists(texts, max_size=2).map(tuple),
    texts,
    texts,
)
details = st.dictionaries(
    st.sampled_from(["id", "b", "a"]), st.none() | st.integers(0, 3) | texts | times, max_size=3
)
prefixes = st.builds(
    lambda n, k: digest(n)[:k], st.sampled_from(VALUES), st.sampled_from([0, 1, 2, 64])
) | st.just("zz")


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each example (migrating each time would take most of the test)."""
    path = tmp_path_factory.mktemp("template") / "rf.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


class SameObservations(RuleBasedStateMachine):
    template: Path

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="rf-equiv-"))
        shutil.copy(self.template, self.dir / "rf.db")
        self.memory = MemoryStore()
        self.sql = SqlStore(make_engine(f"sqlite:///{self.dir / 'rf.db'}"))
        # list entries by creation order, per backend: id -> handle (SQLite may reuse an id)
        self.handles: tuple[dict[int, int], dict[int, int]] = ({}, {})
        self.live: dict[int, tuple[int, int]] = {}  # handle -> (memory id, sqlite id)
        self.created = 0
        self.audited: dict[str, int] = dict.fromkeys(ORGS, 0)

    def teardown(self) -> None:
        try:
            self.everything()
        finally:
            self.sql.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # comparing ------------------------------------------------------------------
    @staticmethod
    def _outcome(call: Callable[[Store], Any], store: Store) -> tuple[str, Any]:
        try:
            return "ok", call(store)
        except REFUSED:
            return "refused", None
        except (StatementError, ValueError):
            return "invalid", None
        except TypeError:
            return "not json", None
        except RingfenceError as exc:  # a transition the table or a missing reason refuses
            return type(exc).__name__, None

    def _norm(self, value: Any, side: int) -> Any:
        if isinstance(value, ListEntry):
            return replace(value, id=self.handles[side].get(value.id, -1))
        if isinstance(value, pl.DataFrame):
            return value.schema, value.rows()
        if isinstance(value, list | tuple):
            return [self._norm(v, side) for v in value]
        return value

    def both(self, call: Callable[[Store], Any]) -> Any:
        got = [self._outcome(call, s) for s in (self.memory, self.sql)]
        assert self._norm(got[0], 0) == self._norm(got[1], 1)
        return got[0][1]

    def ids(self, call: Callable[[Store], int]) -> tuple[int, int] | None:
        """Run an insert on both; ids may differ only where SQLite reuses them."""
        got = [self._outcome(call, s) for s in (self.memory, self.sql)]
        assert got[0][0] == got[1][0]
        return (got[0][1], got[1][1]) if got[0][0] == "ok" else None

    @invariant()
    def the_same_audit_entries_were_appended(self) -> None:
        for org in ORGS:
            logs = [list(reversed(s.audit_entries(org, limit=10_000))) for s in (self.memory, self.sql)]
            assert len(logs[0]) == len(logs[1])
            new = [log[self.audited[org] :] for log in logs]
            for side, log in enumerate(new):
                for i, e in enumerate(log):
                    if e.action.startswith("list.") and "id" in e.detail:
                        log[i] = replace(e, detail={**e.detail, "id": self.handles[side][e.detail["id"]]})
            assert new[0] == new[1]
            self.audited[org] = len(logs[0])

    # organisations, keys, audit ------------------------------------------------------------------
    @initialize()
    def first_orgs(self) -> None:
        for org in ORGS[:2]:
            self.both(lambda s, org=org: s.ensure_org(org, org.upper(), T0))

    @rule(org=orgs, name=texts, at=times)
    def ensure_org(self, org: str, name: str, at: datetime) -> None:
        self.both(lambda s: s.ensure_org(org, name, at))

    @rule(
        org=orgs,
        lookup=st.sampled_from(["L1", "L2", "L3"]),
        role=st.sampled_from(["admin", "partner"]),
        at=times,
    )
    def add_key(self, org: str, lookup: str, role: str, at: datetime) -> None:
        self.both(lambda s: s.add_key(org, "k", role, lookup, "0" * 64, at))

    @rule(key_id=st.integers(1, 4), actor=texts, at=times)
    def revoke_key(self, key_id: int, actor: str, at: datetime) -> None:
        self.both(lambda s: s.revoke_key(key_id, actor, at))

    @rule(org=orgs, action=texts, detail=details, at=times)
    def audit(self, org: str, action: str, detail: dict[str, Any], at: datetime) -> None:
        self.both(lambda s: s.audit(org, "actor", action, "target", detail, at))

    @rule(org=orgs, rows=calls_rows)
    def add_calls(self, org: str, rows: list[dict[str, object]]) -> None:
        self.both(lambda s: s.add_calls(org, calls_frame(rows)))

    @rule(org=orgs, rows=messages_rows)
    def add_messages(self, org: str, rows: list[dict[str, object]]) -> None:
        self.both(lambda s: s.add_messages(org, messages_frame(rows)))

    @rule(org=orgs, rows=st.lists(st.tuples(st.integers(1, 9), texts, texts), max_size=3), at=times)
    def add_quarantine(self, org: str, rows: list[tuple[int, str, str]], at: datetime) -> None:
        self.both(lambda s: s.add_quarantine(org, "calls", "upload", iter(rows), at))

    # runs and decisions ------------------------------------------------------------------
    @rule(
        org=orgs,
        info=run_infos,
        made=decisions,
        found=hits,
        mobile=st.sets(numbers),
        at=times,
    )
    def add_run(
        self, org: str, info: RunInfo, made: list[Decision], found: list[Hit], mobile: set[str], at: datetime
    ) -> None:
        kinds = dict.fromkeys(sorted(mobile), "mobile")
        self.both(lambda s: s.add_run(org, info, made, found, kinds, "src", "bot", at))

    @rule(
        org=orgs, decision_id=st.integers(1, 5), outcome=st.sampled_from(["confirmed", "dismissed"]), at=times
    )
    def set_outcome(self, org: str, decision_id: int, outcome: str, at: datetime) -> None:
        self.both(lambda s: s.set_outcome(org, decision_id, outcome, "analyst", at))

    # lists, reports, cases ------------------------------------------------------------------
    @rule(
        org=orgs,
        list_name=st.sampled_from(["blacklist", "tag"]),
        kind=st.sampled_from(["number", "url"]),
        value=st.sampled_from(VALUES),
        label=st.sampled_from(["", "loan"]),
        sharing=st.sampled_from(["private", "shared"]),
        reason=texts,
        at=times,
    )
    def add_entry(
        self,
        org: str,
        list_name: str,
        kind: str,
        value: str,
        label: str,
        sharing: str,
        reason: str,
        at: datetime,
    ) -> None:
        ids = self.ids(lambda s: s.add_entry(org, list_name, kind, value, label, sharing, reason, "a", at))
        if ids is None:
            return
        mem, sql = ids
        if mem in self.handles[0]:  # an entry that exists already: the same one on both
            assert self.handles[1].get(sql) == self.handles[0][mem]
            return
        self.created += 1
        self.handles[0][mem] = self.handles[1][sql] = self.created
        self.live[self.created] = ids

    @rule(org=orgs, handle=st.integers(1, 6), at=times)
    def remove_entry(self, org: str, handle: int, at: datetime) -> None:
        mem, sql = self.live.get(handle, (10_000, 10_000))  # a removed entry: an id neither has
        removed = self._outcome(lambda s: s.remove_entry(org, mem, "a", at), self.memory)
        assert removed == self._outcome(lambda s: s.remove_entry(org, sql, "a", at), self.sql)
        if removed == ("ok", True):
            del self.live[handle]

    @rule(org=orgs, kind=st.sampled_from(["number", "url"]), value=st.sampled_from(VALUES), at=times)
    def report_fraud(self, org: str, kind: str, value: str, at: datetime) -> None:
        self.both(lambda s: s.add_fraud_report(org, kind, value, "scam", "", "reporter", at))

    @rule(org=orgs, number=numbers, title=texts, at=times)
    def open_case(self, org: str, number: str, title: str, at: datetime) -> None:
        self.both(lambda s: s.open_case(org, number, title, "", "analyst", at))

    @rule(org=orgs, number=numbers, action=st.sampled_from(list(DisposalAction)), note=texts, at=times)
    def dispose(self, org: str, number: str, action: DisposalAction, note: str, at: datetime) -> None:
        """A transition from the stored state (refused alike when the table or a reason says no), with
        a provisioning message keyed by the version, so the outbox fills too."""

        def step(s: Store) -> Any:
            before = s.disposition(org, number) or Disposition(org, number)
            after, done = apply(before, action, at, "analyst", Sla(high_hours=1), note)
            key = f"{org}/{number}/v{after.version}"
            message = NewMessage(Topic.PROVISIONING, "hook", key, {"k": key}, f"{org}/{number}")
            return s.commit_transitions(before, after, [done], [message])

        self.both(step)

    @rule(now=times, org=st.sampled_from([None, *ORGS]))
    def escalate(self, now: datetime, org: str | None) -> None:
        def sweep(s: Store) -> list[bool]:
            due = s.overdue(now, org)
            return [s.mark_escalated(d, "sweep", now, []) for d in due]

        self.both(sweep)

    @rule(
        now=st.just(T0 + timedelta(hours=2)) | times,  # after every write, so something is due
        limit=st.integers(1, 3),
        outcome=st.sampled_from(list(Status)),
    )
    def dispatch(self, now: datetime, limit: int, outcome: Status) -> None:
        def attempt(s: Store) -> Any:
            claimed = s.claim_due(now, now + timedelta(minutes=5), limit)
            for m in claimed:
                s.record_attempt(m.id, outcome, m.attempts + 1, now + timedelta(minutes=1), "e", now)
            return claimed

        self.both(attempt)

    # reads ---------------------------------------------------------------------------------------------
    @rule(
        org=orgs,
        number=st.sampled_from([None, "", *NUMBERS]),
        value=st.none() | st.sampled_from(["", *VALUES]),
        start=times,
        end=times,
        limit=limits,
        page=st.none() | limits,
        offset=st.integers(0, 3),
        outcome=st.sampled_from([None, "", "open", "confirmed"]),
        typology=st.sampled_from([None, "", "dialer"]),
        list_name=st.sampled_from([None, "", "tag"]),
        kind=st.sampled_from([None, "", "number"]),
        prefix=prefixes,
        key=st.integers(1, 4),
        lookup=st.sampled_from(["L1", "L2", "nope"]),
    )
    def observe(
        self,
        org: str,
        number: str | None,
        value: str | None,
        start: datetime,
        end: datetime,
        limit: int,
        page: int | None,
        offset: int,
        outcome: str | None,
        typology: str | None,
        list_name: str | None,
        kind: str | None,
        prefix: str,
        key: int,
        lookup: str,
    ) -> None:
        """Every read, with arguments drawn like the writes' (filters, windows, limits, prefixes)."""
        one = number or NUMBERS[0]
        self.both(lambda s: s.calls_between(org, start, end))
        self.both(lambda s: s.messages_between(org, start, end))
        self.both(lambda s: s.calls_of(org, one, limit))
        self.both(lambda s: s.messages_of(org, one, limit))
        self.both(lambda s: s.decisions(org, outcome, typology, number, page, offset))
        self.both(lambda s: s.decision(org, key))
        self.both(lambda s: s.decisions_by_digest(org, prefix))
        self.both(lambda s: s.hits_of(org, one))
        self.both(lambda s: s.rule_counts(org, limit))
        self.both(lambda s: s.entries(org, list_name, kind, value))
        self.both(lambda s: s.entries_by_digest(org, prefix))
        self.both(lambda s: s.cases(org, number))
        self.both(lambda s: s.actions(org, number))
        self.both(lambda s: (s.disposition(org, one), s.disposition_history(org, one)))
        self.both(lambda s: s.dispositions(org, None, start, limit, offset))
        self.both(lambda s: s.transitions_between(org, start, end))
        self.both(lambda s: s.outbox(org, None, None, limit, offset))
        self.both(lambda s: (s.risk_version(), s.risk_changes(offset, limit)))
        self.both(lambda s: s.fraud_report_count(kind or "number", value or one))
        self.both(lambda s: s.key_by_lookup(lookup))
        self.both(lambda s: s.key_by_id(key))
        self.both(lambda s: s.keys(None if number is None else org))
        self.both(lambda s: [(e.id, e.at, e.org, e.action) for e in s.audit_entries(org, limit)])

    def everything(self) -> None:
        """The whole state through the reads' widest arguments (run once an example is over)."""
        day = timedelta(days=1)

        def of(s: Store, org: str) -> list[Any]:
            return [
                s.org_exists(org),
                s.record_counts(org),
                s.runs(org),
                s.calls_between(org, T0 - day, T0 + day),
                s.messages_between(org, T0 - day, T0 + day),
                s.decisions(org),
                s.rule_counts(org, 100),
                s.decisions_by_digest(org, ""),
                s.entries(org),
                s.entries_by_digest(org, ""),
                s.cases(org),
                s.actions(org),
                s.dispositions(org, limit=1000),
                s.outbox(org, limit=1000),
                s.first_detections(org, NUMBERS),
                *[s.disposition_history(org, n) for n in NUMBERS],
                *[(s.calls_of(org, n), s.messages_of(org, n), s.hits_of(org, n)) for n in NUMBERS],
            ]

        def reports(s: Store) -> list[int]:
            return [s.fraud_report_count(k, v) for k in ("number", "url") for v in VALUES]

        self.both(lambda s: (s.orgs(), s.keys(), reports(s), s.risk_changes(0), [of(s, org) for org in ORGS]))


@pytest.fixture
def machine(sqlite_template: Path) -> type[SameObservations]:
    SameObservations.template = sqlite_template
    return SameObservations


def test_memory_and_sqlite_observe_the_same(machine: type[SameObservations]) -> None:
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=25,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
