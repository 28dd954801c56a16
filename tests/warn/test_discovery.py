import json

import polars as pl

from ringfence.warn.discovery import WarnConfig, discover
from tests.warn import scenario as s


def _victims(**kw: object) -> pl.DataFrame:
    return discover(s.calls(), s.flagged(), s.NOW, sms=s.sms(), subscribers=s.subscribers(), **kw)  # type: ignore[arg-type]


def test_hand_built_population_warns_exactly_the_exposed() -> None:
    v = _victims()
    warned = set(v["number"])
    assert warned == s.WARNED
    assert not warned & s.NOT_WARNED


def test_each_path_has_its_reason_and_evidence() -> None:
    v = {r["number"]: r for r in _victims().iter_rows(named=True)}
    assert v[s.P[1]]["reason"].startswith("long_call")
    assert "elderly" in v[s.P[1]]["reason"]
    assert v[s.P[1]]["fraud_number"] == s.F1
    assert v[s.P[1]]["age"] == 78
    assert v[s.P[3]]["reason"].startswith("wangiri_callback")
    assert v[s.P[3]]["fraud_number"] == s.W
    assert "sms_link" in v[s.P[4]]["reason"]
    assert "bank_call_after" in v[s.P[4]]["reason"]
    assert v[s.P[6]]["reason"].startswith("spoofed_long_call")
    assert v[s.P[6]]["spoofed"]
    evidence = json.loads(v[s.P[1]]["evidence"])
    assert evidence[0]["fraud_number"] == s.F1
    assert evidence[0]["longest_s"] == 900
    assert evidence[0]["top_ref"] == "c0"


def test_ranked_by_vulnerability_elderly_first_among_equal_exposure() -> None:
    v = _victims()
    risks = v["risk"].to_list()
    assert risks == sorted(risks, reverse=True)
    assert v["number"][0] == s.P[1]  # longest call and elderly


def test_without_subscribers_any_mobile_is_warned_but_not_service_numbers() -> None:
    v = discover(s.calls(), s.flagged(), s.NOW, sms=s.sms())
    assert s.P[9] in set(v["number"])
    assert all(n.startswith("+861") for n in v["number"])


def test_roaming_list_and_acquaintance_exempt_gateway_calls() -> None:
    once = "+8613900000077"  # abroad, calls once: only the roaming list tells it from a forgery
    calls = pl.concat([s.calls(), s._calls([(once, s.P[2], 300, 400, "international")])])
    assert s.P[2] in set(discover(calls, s.flagged(), s.NOW)["number"])
    assert s.P[7] not in set(discover(calls, s.flagged(), s.NOW)["number"])  # calls family again and again
    roaming = pl.Series([once])
    assert s.P[2] not in set(discover(calls, s.flagged(), s.NOW, roaming=roaming)["number"])


def test_time_is_passed_in_records_after_now_are_ignored() -> None:
    assert _victims().height > 0
    early = discover(s.calls(), s.flagged(), s.T0, sms=s.sms(), subscribers=s.subscribers())
    assert set(early["number"]) <= {s.P[1]}


def test_thresholds_are_configurable() -> None:
    v = _victims(cfg=WarnConfig(long_call_s=1000))
    assert s.P[1] not in set(v["number"])
    assert s.P[12] not in set(v["number"])


def test_no_flags_no_records_no_victims() -> None:
    empty = s.flagged().clear()
    v = discover(s.calls().clear(), empty, s.NOW)
    assert v.is_empty()
    assert "risk" in v.columns


def test_a_watch_number_warns_only_those_it_kept_on_the_line() -> None:
    """Contacts of numbers at ``warn``/``block`` are warned; of a ``watch`` number, only those who
    talked with it ``watch_long_call_s`` or longer (P1's call: 900 s)."""
    watch = s.flagged().with_columns(pl.lit("watch").alias("verdict"))
    calls, subs = s.calls(), s.subscribers()
    assert s.P[1] not in set(discover(calls, watch, s.NOW, sms=s.sms(), subscribers=subs)["number"])
    cfg = WarnConfig(watch_long_call_s=900)
    assert s.P[1] in set(discover(calls, watch, s.NOW, sms=s.sms(), subscribers=subs, cfg=cfg)["number"])
    assert s.P[12] not in set(
        discover(calls, watch, s.NOW, sms=s.sms(), subscribers=subs, cfg=cfg)["number"]
    )  # 500 s
    every = WarnConfig(verdicts=("watch", "warn", "block"))
    assert set(discover(calls, watch, s.NOW, sms=s.sms(), subscribers=subs, cfg=every)["number"]) == s.WARNED
    never = WarnConfig(watch_long_call_s=0)
    assert set(discover(calls, watch, s.NOW, sms=s.sms(), subscribers=subs, cfg=never)["number"]) == {
        s.P[6]
    }  # spoofed
