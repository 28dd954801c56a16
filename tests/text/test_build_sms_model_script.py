"""The shipped SMS model's builder: how the stacker's row weights are set."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scripts.build_sms_model import SHARE, STACK, Example, StackOptions, _weights


@given(st.floats(min_value=0.05, max_value=0.95))
def test_stack_share_gives_synthetic_rows_their_share_and_keeps_the_real_proportions(share: float) -> None:
    got = StackOptions(synth_share=share).share()
    assert got["synth"] == pytest.approx(share)
    assert sum(got.values()) == pytest.approx(1.0)
    real = [s for s in SHARE if s != "synth"]
    for a in real:
        for b in real:
            assert got[a] / got[b] == pytest.approx(SHARE[a] / SHARE[b])


def test_row_weights_sum_to_each_sources_share() -> None:
    rows = [Example("synth", "x", "fraud", "", "g")] * 30 + [Example("uci", "y", "normal", "", "u")] * 10
    rows += [Example("nagato", "z", "fraud", "", "n")] * 5
    share = STACK.share()
    w = _weights(rows, share)
    assert w.sum() == pytest.approx(len(rows))
    present = share["synth"] + share["uci"] + share["nagato"]
    for source in ("synth", "uci", "nagato"):
        mask = np.array([r.source == source for r in rows])
        assert w[mask].sum() / len(rows) == pytest.approx(share[source] / present)
