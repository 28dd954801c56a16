from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ringfence.domain.pivots import (
    Counterpart,
    Sighting,
    counterparts,
    new_cards,
    script_key,
    url_hosts,
    urls_in,
)

T0 = datetime(2026, 11, 2, tzinfo=UTC)
A = "+8613800000001"


def _call(caller: str, callee: str, minutes: int) -> dict[str, object]:
    return {"caller": caller, "callee": callee, "start_time": T0 + timedelta(minutes=minutes)}


def test_counterparts_count_both_ways_and_see_callbacks() -> None:
    calls = [
        _call(A, "B", 0),
        _call("B", A, 5),  # B called back after A called
        _call("C", A, 1),
        _call(A, "C", 2),  # A returned C's call: not a callback by C
        _call(A, "D", 3),
        _call(A, "D", 4),
        _call(A, A, 6),  # a call to itself is nobody's counterpart
    ]
    got = counterparts(A, calls)
    assert got == [
        Counterpart("B", 1, 1, True),
        Counterpart("C", 1, 1, False),
        Counterpart("D", 2, 0, False),
    ]
    assert [p.total for p in got] == [2, 2, 2]
    assert counterparts(A, calls, limit=1) == [Counterpart("B", 1, 1, True)]


def test_new_cards_are_first_seen_within_the_window() -> None:
    now = T0 + timedelta(days=10)
    sightings = [
        Sighting("old", 5, now - timedelta(days=1), now),
        Sighting("new", 2, now - timedelta(days=1), now),
        Sighting("unknown", 1, now - timedelta(hours=5), now),
        Sighting("future", 1, now + timedelta(days=1), now + timedelta(days=1)),
    ]
    firsts = {"old": T0, "new": now - timedelta(days=2), "future": now + timedelta(days=1)}
    got = new_cards(sightings, firsts, now, timedelta(days=3))
    assert [s.number for s in got] == ["unknown", "new"]  # newest first; "old" was seen 10 days ago


def test_links_in_texts() -> None:
    text = "【通知】您的账户异常，请登录 HTTP://Bank-Verify.CN/login?id=3 或 www.icbc-help.com，回复TD退订"
    assert urls_in(text) == ["bank-verify.cn/login?id=3", "www.icbc-help.com"]
    assert urls_in("明天下午三点开会") == []
    assert urls_in("") == []


def test_one_script_with_other_fill_ins_is_one_key() -> None:
    a = script_key("您的快递 12345 丢失，赔偿 300 元，请加 QQ 998877 办理理赔手续")
    b = script_key("您的快递 67890 丢失，赔偿 500 元，请加 QQ 112233   办理理赔手续")
    assert a == b
    assert a
    assert script_key("好的") == ""  # too short to be a script


def test_hosts_and_scripts_fold_links() -> None:
    a = "您的包裹异常，点击 http://parcel-fix.cn/a 处理"
    b = "您的包裹异常，点击 parcel-fix.cn/b?x=1 处理"
    assert url_hosts(a) == url_hosts(b) == ["parcel-fix.cn"]
    assert script_key(a) == script_key(b) == "您的包裹异常，点击 # 处理"
