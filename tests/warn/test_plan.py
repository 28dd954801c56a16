from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from ringfence.errors import ConfigError
from ringfence.services.warn import categorise, warnings_for
from ringfence.warn.discovery import discover
from ringfence.warn.plan import CONTRACT_COLUMNS, ChannelPolicy, plan_warnings
from ringfence.warn.texts import CATEGORIES, check_text, guardian_text, person_text
from tests.warn import scenario as s


def _warnings(now: datetime = s.NOW, **kw: object) -> pl.DataFrame:
    return warnings_for(
        s.calls(),
        s.flagged(),
        now,
        sms=s.sms(),
        subscribers=s.subscribers(),
        **kw,  # type: ignore[arg-type]
    ).warnings


def test_contract_columns_first() -> None:
    w = _warnings()
    assert w.columns[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS


def test_every_guardian_of_an_elderly_victim_gets_an_alert_naming_the_risk() -> None:
    w = _warnings().filter(pl.col("channel") == "guardian")
    assert set(w["notify"]) == {s.G1, s.G2}
    assert set(w["number"]) == {s.P[1]}
    assert all("冒充公检法" in t and "8000" not in t and s.P[1][-4:] in t for t in w["text"])


def test_person_channel_category_and_texts() -> None:
    w = _warnings()
    person = w.filter(pl.col("notify") == pl.col("number"))
    assert set(person["number"]) == s.WARNED
    cats = dict(zip(person["number"], person["category"], strict=False))
    assert cats[s.P[1]] == "police_impersonation"  # from the flag
    assert cats[s.P[3]] == "wangiri"  # from the typology
    assert cats[s.P[6]] == "customer_service_refund"  # spoofed bank number
    for text in w["text"]:
        check_text(text)


def test_urgent_is_flash_and_police_list_is_capped() -> None:
    w = _warnings(policy=ChannelPolicy(urgent_risk=0.0, police_risk=0.0, police_max=2))
    person = w.filter(pl.col("notify") == pl.col("number"), pl.col("channel") != "callback")
    assert set(person["channel"]) == {"flash_sms"}
    assert w.filter(pl.col("channel") == "police").height == 2


def test_quiet_hours_hold_non_urgent_warnings_until_morning() -> None:
    night = datetime(2026, 11, 11, 15, 30, tzinfo=UTC)  # 23:30 in Beijing
    w = _warnings(now=night, policy=ChannelPolicy(urgent_risk=2.0, police_risk=2.0))
    assert set(w["send_after"]) == {datetime(2026, 11, 12, 0, 0, tzinfo=UTC)}  # 08:00 Beijing
    urgent = _warnings(now=night, policy=ChannelPolicy(urgent_risk=0.0))
    assert set(urgent["send_after"]) == {night}
    day = _warnings(policy=ChannelPolicy(urgent_risk=2.0))
    assert set(day["send_after"]) == {s.NOW}


def test_never_twice_for_the_same_fraud_number_and_capped_per_person() -> None:
    first = _warnings()
    again = _warnings(sent_keys=frozenset(first["key"]))
    assert again.is_empty()
    assert first["key"].n_unique() == first.height
    # a more urgent second run does not send a flash SMS on top of the SMS already sent
    urgent = _warnings(policy=ChannelPolicy(urgent_risk=0.0), sent_keys=frozenset(first["key"]))
    assert urgent.filter(pl.col("channel").is_in(["sms", "flash_sms"])).is_empty()
    capped = _warnings(already={s.P[1]: 3, s.G1: 3})
    assert s.P[1] not in set(capped.filter(pl.col("notify") == s.P[1])["number"])
    assert set(capped.filter(pl.col("channel") == "guardian")["notify"]) == {s.G2}


def test_keys_reveal_no_number_and_depend_on_the_secret() -> None:
    a = _warnings(policy=ChannelPolicy(key_secret=b"a"))
    b = _warnings(policy=ChannelPolicy(key_secret=b"b"))
    assert not set(a["key"]) & set(b["key"])
    assert not any(s.P[1][3:] in k for k in a["key"])


def test_elderly_without_guardians_get_a_callback_task() -> None:
    subs = s.subscribers().with_columns(pl.lit(None, pl.String).alias("guardians"))
    v = categorise(discover(s.calls(), s.flagged(), s.NOW, sms=s.sms(), subscribers=subs), s.sms())
    w = plan_warnings(v, s.NOW)
    assert w.filter(pl.col("channel") == "callback")["number"].to_list() == [s.P[1]]


def test_texts_carry_no_link_and_no_number() -> None:
    for c in CATEGORIES:
        check_text(person_text(c))
        check_text(guardian_text(c, "+8613800001234"))
    with pytest.raises(ConfigError):
        check_text("请点击 http://x.cn")
    with pytest.raises(ConfigError):
        check_text("请回拨 95588 核实")


def test_empty_victims_plan_nothing() -> None:
    v = discover(s.calls().clear(), s.flagged(), s.NOW)
    assert plan_warnings(categorise(v, None), s.NOW + timedelta(hours=1)).is_empty()
