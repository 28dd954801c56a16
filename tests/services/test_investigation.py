"""Investigation pivots over a hand-made operator: a SIM farm of three cards on one handset, a fourth
card of the same holder elsewhere, a sender of the same scam link, a busy cell, and a victim who called
back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from ringfence.adapters.memory import MemoryStore
from ringfence.domain.access import AccessDeniedError, Permission, Principal, Role
from ringfence.domain.ring import LinkKind
from ringfence.errors import ConfigError
from ringfence.ingest import CALLS, MESSAGES
from ringfence.ingest.validate import canonical_schema
from ringfence.services import investigation
from ringfence.services.investigation import Limits

T0 = datetime(2026, 11, 2, 8, tzinfo=UTC)
F1, F2, F3, F4 = "+8617000000001", "+8617000000002", "+8617000000003", "+8617000000004"
SMS, VICTIM, BYSTANDER, LATE = "+8616500000005", "+8613800000006", "+8613900000007", "+8613900000008"
ANALYST = Principal("op", Role.ANALYST, 1, "ana")
MEMBER = Principal("op", Role.MEMBER_OPERATOR, 2, "mo")


def _call(
    i: int, caller: str, callee: str, minutes: float, imei: str | None, cell: str | None
) -> dict[str, object]:
    return {
        "call_id": f"c{i}",
        "caller": caller,
        "callee": callee,
        "start_time": T0 + timedelta(minutes=minutes),
        "duration_s": 20,
        "origin": "intra",
        "caller_imei": imei,
        "caller_imsi": None,
        "caller_cell": cell,
        "caller_region": None,
        "call_type": None,
    }


@pytest.fixture
def store() -> MemoryStore:
    s = MemoryStore()
    s.ensure_org("op", "Op", T0)
    s.ensure_org("other", "Other", T0)
    rows = [
        _call(1, F1, VICTIM, 0, "IMEI-FARM", "CELL-FARM"),
        _call(2, F2, "+8613000000010", 1, "IMEI-FARM", "CELL-FARM"),
        _call(3, F3, "+8613000000011", 2, "IMEI-FARM", "CELL-FARM"),
        _call(4, F1, "+8613000000012", 3, "IMEI-FARM", "CELL-FARM"),
        _call(5, VICTIM, F1, 30, "IMEI-V", "CELL-HOME"),  # the victim calls back
        _call(6, F4, "+8613000000013", 10, "IMEI-OTHER", "CELL-ELSE"),
        _call(7, BYSTANDER, "+8613000000014", 60, "IMEI-B", "CELL-FARM"),  # same cell, same hour
        _call(8, LATE, "+8613000000015", 60 * 24, "IMEI-L", "CELL-FARM"),  # same cell, a day later
    ]
    s.add_calls("op", pl.DataFrame(rows, schema=canonical_schema(CALLS)))
    s.add_calls(
        "other",
        pl.DataFrame(
            [_call(1, "+8618800000000", VICTIM, 0, "IMEI-FARM", "CELL-FARM")], schema=canonical_schema(CALLS)
        ),
    )
    texts = [
        ("m1", F1, "您的包裹异常，点击 http://parcel-fix.cn/a 处理"),
        ("m2", SMS, "您的包裹异常，点击 parcel-fix.cn/b 处理"),
        ("m3", SMS, "周末一起吃饭吗"),
    ]
    s.add_messages(
        "op",
        pl.DataFrame(
            [
                {
                    "sms_id": i,
                    "sender": who,
                    "receiver": VICTIM,
                    "send_time": T0 + timedelta(minutes=k),
                    "text": t,
                    "origin": "intra",
                    "sender_cell": None,
                }
                for k, (i, who, t) in enumerate(texts)
            ],
            schema=canonical_schema(MESSAGES),
        ),
    )
    s.add_subscribers(
        "op", pl.DataFrame({"number": [F3, F4], "id_hash": ["holder-0001", "holder-0001"]}), "feed", T0
    )
    return s


def test_the_ring_of_a_farm_card(store: MemoryStore) -> None:
    inv = investigation.investigate(store, ANALYST, F1, T0 + timedelta(days=2))
    (handset,) = inv.handsets
    assert handset.value == "IMEI-FARM"
    assert handset.records == 2
    assert sorted(s.number for _, s in handset.numbers) == [F2, F3]  # not another tenant's card
    (cell,) = inv.cells
    assert cell.value == "CELL-FARM"
    assert {s.number for _, s in cell.numbers} == {F2, F3, BYSTANDER, LATE}
    assert {s.number for _, s in cell.new} == {F2, F3, BYSTANDER, LATE}  # all first seen within 3 days
    assert inv.reference == T0 + timedelta(days=1)  # the cell's last activity, before "now"
    victim = next(c for _, c in inv.counterparts if c.number == VICTIM)
    assert (victim.called, victim.called_by, victim.called_back) == (1, 1, True)
    kinds: dict[frozenset[str], set[LinkKind]] = {}
    for e in inv.ring.edges:
        kinds.setdefault(frozenset((e.a, e.b)), set()).add(e.kind)
    assert kinds[frozenset((F1, F2))] == {LinkKind.HANDSET, LinkKind.CELL}
    assert kinds[frozenset((F1, SMS))] == {LinkKind.URL, LinkKind.SCRIPT}
    assert kinds[frozenset((F1, BYSTANDER))] == {LinkKind.CELL}
    assert LATE not in {n.number for n in inv.ring.nodes}  # a day later is not "at the same time"
    depth = {n.number: n.depth for n in inv.ring.nodes}
    assert depth[F4] == 2  # through F3's activation holder
    assert {e.kind for e in inv.ring.edges} >= {
        LinkKind.HANDSET,
        LinkKind.CELL,
        LinkKind.URL,
        LinkKind.SCRIPT,
        LinkKind.HOLDER,
    }


def test_holder_links_only_for_roles_allowed_the_one_id_lookup(
    store: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert F4 in {n.number for n in investigation.ring_of(store, MEMBER, F1).nodes}  # operators may
    # every console role holds the one-ID lookup today; a role without it must not follow holders
    monkeypatch.setattr(investigation, "allowed", lambda role, p: p is not Permission.HOLDERS)
    ring = investigation.ring_of(store, MEMBER, F1)
    assert LinkKind.HOLDER not in {e.kind for e in ring.edges}
    assert F4 not in {n.number for n in ring.nodes}


def test_the_ring_keeps_its_bounds(store: MemoryStore) -> None:
    ring = investigation.ring_of(store, ANALYST, F1, Limits(ring_nodes=2))
    assert len(ring.nodes) == 2
    assert ring.truncated


def test_handset_cell_and_link_pages(store: MemoryStore) -> None:
    assert [s.number for _, s in investigation.handset_view(store, ANALYST, "IMEI-FARM").numbers] == [
        F1,
        F2,
        F3,
    ]
    cell = investigation.cell_view(store, ANALYST, "CELL-FARM", T0 + timedelta(days=30))
    assert cell.reference == T0 + timedelta(days=1)
    url = investigation.url_view(store, ANALYST, "HTTP://parcel-fix.cn")
    assert url.needle == "parcel-fix.cn"
    assert [(shown.value, n) for shown, n in url.senders] == [(SMS, 1), (F1, 1)]  # ties: by number
    with pytest.raises(ConfigError):
        investigation.handset_view(store, ANALYST, " ")
    with pytest.raises(ConfigError):
        investigation.cell_view(store, ANALYST, "x" * 65, T0)


def test_partners_may_not_investigate(store: MemoryStore) -> None:
    with pytest.raises(AccessDeniedError):
        investigation.investigate(store, Principal("op", Role.PARTNER, 3, "p"), F1, T0)


def test_a_handset_is_found_by_its_imeisv_too() -> None:
    """Records carry the 15-digit IMEI (ingest canonicalises); an analyst may paste the IMEISV of a
    VoLTE record, or the bare 14 digits, and must find the same phone."""
    s = MemoryStore()
    s.ensure_org("op", "Op", T0)
    rows = [_call(1, F1, VICTIM, 0, "490154203237518", "CELL-FARM")]
    s.add_calls("op", pl.DataFrame(rows, schema=canonical_schema(CALLS)))
    for typed in ("490154203237518", "4901542032375103", " 49015420323751 "):
        view = investigation.handset_view(s, ANALYST, typed)
        assert view.imei == "490154203237518"
        assert [n.number for _, n in view.numbers] == [F1]
    with pytest.raises(ConfigError, match="placeholder"):
        investigation.handset_view(s, ANALYST, "000000000000000")
