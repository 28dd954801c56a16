from __future__ import annotations

from collections import Counter

from ringfence.lexical.normalise import normalise
from ringfence.simulate.sms_mainland import mainland_families, synth_mainland
from ringfence.text.patterns import default_library


def test_deterministic_and_every_family_drawn() -> None:
    msgs = synth_mainland(3, 600)
    assert msgs == synth_mainland(3, 600)
    assert msgs != synth_mainland(4, 600)
    fams = mainland_families()
    assert {m.family for m in msgs if m.category == "marketing"} == set(fams["marketing"])
    assert {m.family for m in msgs if m.category == "investment"} == set(fams["investment"])
    assert all(m.is_fraud == (m.category == "investment") for m in msgs)
    share = Counter(m.is_fraud for m in msgs)[True] / len(msgs)
    assert 0.2 < share < 0.4
    assert len({m.text for m in msgs}) > 0.9 * len(msgs)


def test_scams_carry_investment_wording_and_ads_no_strong_scam_signal() -> None:
    """The contrast the families exist for: the scam side is recognisable by investment patterns; the
    marketing side (loan-broker ads, operators' points, brokers' promotions) rarely carries a scam
    pattern strong enough to set its marketing signals aside."""
    lib = default_library()
    msgs = synth_mainland(9, 800)
    inv = [m for m in msgs if m.is_fraud]
    mk = [m for m in msgs if not m.is_fraud]
    hit = [any(h.category == "investment" for h in lib.match(normalise(m.text))) for m in inv]
    assert sum(hit) / len(inv) > 0.8
    strong = [
        any(
            h.weight >= 2.5 and h.category not in ("marketing", "benign", "illegal", "generic")
            for h in lib.match(normalise(m.text))
        )
        for m in mk
    ]
    assert sum(strong) / len(mk) < 0.02
