"""Hypothesis state machine over the disposal service and a real store: whatever sequence of actions,
by whatever roles, at whatever times — no invalid state, no lost or doubled audit entry, refusals
change nothing, restores only follow a passed verification, escalations happen once per clock."""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from ringfence.adapters.memory import MemoryStore
from ringfence.adapters.sql import SqlStore, make_engine, upgrade
from ringfence.domain.access import AccessDeniedError, Principal, Role
from ringfence.domain.disposition import PERMISSIONS, TRANSITIONS, Action, Effect, State, screening_effect
from ringfence.domain.outbox import Topic
from ringfence.domain.sla import Sla
from ringfence.errors import ConfigError, ConflictError
from ringfence.services import disposal
from ringfence.services.disposal import DisposalPolicy
from ringfence.services.outbox import Routing

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
NUMBERS = st.sampled_from(["+8613800000001", "+8613800000002"])
ROLES = st.sampled_from([Role.ADMIN, Role.ANALYST, Role.MEMBER_OPERATOR, Role.PARTNER])
REASONS = st.sampled_from(["", "confirmed by phone"])
_ORGS = itertools.count()
_STORES: dict[str, Any] = {}


def sqlite_store() -> SqlStore:
    """One migrated SQLite store for the whole run; each example works in an organisation of its own."""
    if "sqlite" not in _STORES:
        # in memory-backed storage when there is some: the property is about logic, not disks
        shm = Path("/dev/shm")
        where = Path(tempfile.mkdtemp(dir=shm if shm.is_dir() else None))
        engine = make_engine(f"sqlite:///{where / 'machine.db'}")
        upgrade(engine)
        _STORES["sqlite"] = store = SqlStore(engine)

        def cleanup() -> None:
            store.close()
            shutil.rmtree(where, ignore_errors=True)

        atexit.register(cleanup)
    return _STORES["sqlite"]


class DisposalMachine(RuleBasedStateMachine):
    make_store: Callable[[], Any] = staticmethod(sqlite_store)

    def __init__(self) -> None:
        super().__init__()
        self.store = self.make_store()
        self.org = f"m{next(_ORGS)}"
        self.store.ensure_org(self.org, self.org, T0)
        self.now = T0
        self.policy = DisposalPolicy(Sla(high_hours=1, medium_hours=2, low_hours=3, appeal_hours=1))
        self.refused = 0

    @initialize(auto_restore=st.booleans())
    def configure(self, auto_restore: bool) -> None:
        routing = Routing({Topic.PROVISIONING: ("hook",), Topic.NOTIFICATION: ("notify",)})
        self.policy = DisposalPolicy(self.policy.sla, auto_restore, routing)

    # -- helpers -------------------------------------------------------------------------------------
    def who(self, role: Role) -> Principal:
        return Principal(self.org, role, 1, role.value)

    def snapshot(self, number: str) -> tuple[Any, ...]:
        return (
            self.store.disposition(self.org, number),
            len(self.store.disposition_history(self.org, number)),
            len(self.store.audit_entries(self.org, limit=100_000)),
            self.store.risk_version(),
            len(self.store.outbox(self.org, limit=100_000)),
        )

    def attempt(
        self, number: str, actions: list[Action], role: Role, call: Callable[[], disposal.Result]
    ) -> None:
        before = self.snapshot(number)
        state = disposal.current(self.store, self.org, number).state
        may = all(PERMISSIONS[a] in _grants(role) for a in actions)
        valid = _valid_path(state, actions)
        refused: Exception | None = None
        try:
            result = call()
        except (AccessDeniedError, ConflictError, ConfigError) as exc:
            refused = exc
        if refused is not None:
            assert self.snapshot(number) == before, f"a refused request changed something: {refused}"
            if isinstance(refused, AccessDeniedError):
                assert not may
            elif isinstance(refused, ConflictError):
                assert may
                assert not valid
            self.refused += 1
            return
        assert may, "a role without the permission got through"
        assert valid
        after = self.snapshot(number)
        steps = len(result.transitions)
        assert after[0] == result.disposition
        assert after[1] == before[1] + steps
        assert after[2] == before[2] + steps  # one audit entry per transition, no more, no less
        assert after[3] == before[3] + steps  # one change-feed entry per transition

    # -- rules ---------------------------------------------------------------------------------------
    @rule(number=NUMBERS, action=st.sampled_from(disposal.DISPOSAL_ACTIONS), role=ROLES, reason=REASONS)
    def act(self, number: str, action: Action, role: Role, reason: str) -> None:
        self.attempt(
            number,
            [action],
            role,
            lambda: disposal.act(
                self.store, self.policy, self.who(role), number, action.value, self.now, reason
            ),
        )

    @rule(number=NUMBERS, passed=st.booleans(), role=ROLES)
    def verify(self, number: str, passed: bool, role: Role) -> None:
        state = disposal.current(self.store, self.org, number).state
        actions = [Action.REQUEST_VERIFICATION] if state in (State.SUSPENDED, State.RESTRICTED) else []
        actions.append(Action.PASS_VERIFICATION if passed else Action.FAIL_VERIFICATION)
        if passed and self.policy.auto_restore:
            actions.append(Action.RESTORE)
        outcome = "passed" if passed else "failed"
        self.attempt(
            number,
            actions,
            role,
            lambda: disposal.record_verification(
                self.store, self.policy, self.who(role), number, outcome, self.now
            ),
        )

    @rule(number=NUMBERS, role=ROLES)
    def request(self, number: str, role: Role) -> None:
        self.attempt(
            number,
            [Action.REQUEST_VERIFICATION],
            role,
            lambda: disposal.request_verification(self.store, self.policy, self.who(role), number, self.now),
        )

    @rule(number=NUMBERS, role=ROLES, reason=REASONS)
    def appeal(self, number: str, role: Role, reason: str) -> None:
        self.attempt(
            number,
            [Action.APPEAL],
            role,
            lambda: disposal.appeal(self.store, self.policy, self.who(role), number, self.now, reason),
        )

    @rule(number=NUMBERS, upheld=st.booleans(), role=ROLES)
    def decide(self, number: str, upheld: bool, role: Role) -> None:
        decision = "upheld" if upheld else "overturned"
        self.attempt(
            number,
            [Action.UPHOLD if upheld else Action.OVERTURN],
            role,
            lambda: disposal.decide_appeal(
                self.store, self.policy, self.who(role), number, decision, self.now
            ),
        )

    @rule(number=NUMBERS, role=ROLES, reason=REASONS)
    def override(self, number: str, role: Role, reason: str) -> None:
        if not reason and PERMISSIONS[Action.OVERRIDE] in _grants(role):
            before = self.snapshot(number)
            try:
                disposal.override(self.store, self.policy, self.who(role), number, self.now, reason)
            except (ConfigError, ConflictError):
                assert self.snapshot(number) == before
                return
            raise AssertionError("an override without a reason went through")
        self.attempt(
            number,
            [Action.OVERRIDE],
            role,
            lambda: disposal.override(self.store, self.policy, self.who(role), number, self.now, reason),
        )

    @rule(
        number=NUMBERS,
        choice=st.integers(min_value=0, max_value=20),
        role=st.sampled_from([Role.ADMIN, Role.ANALYST]),
    )
    def a_valid_move(self, number: str, choice: int, role: Role) -> None:
        """Most random requests are refused; this one walks the table, so deep states are reached."""
        state = disposal.current(self.store, self.org, number).state
        moves = [a for a in TRANSITIONS[state] if PERMISSIONS[a] in _grants(role)]
        if not moves:
            return
        action = moves[choice % len(moves)]
        who, now, policy, store = self.who(role), self.now, self.policy, self.store
        calls: dict[Action, Callable[[], disposal.Result]] = {
            Action.REQUEST_VERIFICATION: lambda: disposal.request_verification(
                store, policy, who, number, now
            ),
            Action.APPEAL: lambda: disposal.appeal(store, policy, who, number, now, "contested"),
            Action.UPHOLD: lambda: disposal.decide_appeal(store, policy, who, number, "upheld", now),
            Action.OVERTURN: lambda: disposal.decide_appeal(store, policy, who, number, "overturned", now),
            Action.OVERRIDE: lambda: disposal.override(store, policy, who, number, now, "admin decision"),
        }
        if action in (Action.PASS_VERIFICATION, Action.FAIL_VERIFICATION):
            passed = action is Action.PASS_VERIFICATION
            self.verify(number, passed, role)
            return
        call = calls.get(action) or (
            lambda: disposal.act(store, policy, who, number, action.value, now, "move")
        )
        self.attempt(number, [action], role, call)

    @rule(minutes=st.integers(min_value=1, max_value=240))
    def time_passes_and_the_sweep_runs(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)
        for d in disposal.sweep(self.store, self.policy, self.now):
            assert d.org == self.org or d.org.startswith("m")  # other examples' orgs may be swept too
            assert d.deadline is not None
            assert d.deadline < self.now

    # -- invariants ----------------------------------------------------------------------------------
    @invariant()
    def histories_are_whole_and_audited_exactly_once(self) -> None:
        log = self.store.audit_entries(self.org, limit=100_000)
        by_history: dict[int, int] = {}
        escalations: dict[tuple[str, int], int] = {}
        for e in log:
            if e.action == "number.escalate":
                key = (e.target, int(e.detail["version"]))
                escalations[key] = escalations.get(key, 0) + 1
            elif e.action.startswith("number."):
                by_history[int(e.detail["history_id"])] = by_history.get(int(e.detail["history_id"]), 0) + 1
        assert all(n == 1 for n in escalations.values()), "a clock escalated twice"
        rows = 0
        for number in ("+8613800000001", "+8613800000002"):
            steps = self.store.disposition_history(self.org, number)
            d = self.store.disposition(self.org, number)
            if not steps:
                assert d is None
                continue
            assert d is not None
            rows += len(steps)
            assert [s.version for s in steps] == list(range(1, len(steps) + 1))
            assert steps[0].from_state is State.ACTIVE
            for prev, nxt in itertools.pairwise(steps):
                assert nxt.from_state is prev.to_state
            for s in steps:
                assert TRANSITIONS[s.from_state][s.action] is s.to_state
                assert by_history.get(s.id) == 1, f"transition {s.id} audited {by_history.get(s.id, 0)} times"
                if s.action is Action.OVERRIDE:
                    assert s.reason
            for prev, nxt in itertools.pairwise(steps):
                if nxt.action is Action.RESTORE:
                    assert prev.action is Action.PASS_VERIFICATION  # restore only after a passed verification
            assert (d.state, d.version) == (steps[-1].to_state, steps[-1].version)
            assert d.effect is screening_effect(d.state)
            if d.state in (State.ACTIVE, State.RESTORED, State.OVERTURNED):
                assert d.effect is Effect.NONE
        assert len(by_history) == rows, "an audit entry names a transition that is not in the history"


def _grants(role: Role) -> frozenset[Any]:
    from ringfence.domain.access import _GRANTS

    return _GRANTS[role]


def _valid_path(state: State, actions: list[Action]) -> bool:
    for action in actions:
        nxt = TRANSITIONS[state].get(action)
        if nxt is None:
            return False
        state = nxt
    return True


_SETTINGS = settings(
    max_examples=40,
    stateful_step_count=35,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
DisposalMachine.TestCase.settings = _SETTINGS
TestDisposalOnSqlite = DisposalMachine.TestCase


def memory_store() -> MemoryStore:
    """One memory store for the run, like the SQLite one (organisations keep examples apart)."""
    if "memory" not in _STORES:
        _STORES["memory"] = MemoryStore()
    return _STORES["memory"]


class DisposalMachineInMemory(DisposalMachine):
    make_store = staticmethod(memory_store)


DisposalMachineInMemory.TestCase.settings = _SETTINGS
TestDisposalInMemory = DisposalMachineInMemory.TestCase
