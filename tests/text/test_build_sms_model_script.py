"""The shipped SMS model's builder: how the stacker's row weights are set."""

from __future__ import annotations

from pathlib import Path

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


def test_hand_written_rows_are_the_taxonomys_in_families_and_never_a_probe_text() -> None:
    """The hand-written training rows load with their labels, grouped by family (the stacker's folds hold
    families out), and share no text with the probe the model is measured on."""
    from scripts.build_sms_model import HAND, load_hand
    from scripts.probe_sms import load_probe

    rows = [r for path in HAND for r in load_hand(path)]
    assert len(rows) >= 1500
    assert {r.label for r in rows} == {"normal", "marketing", "fraud", "illegal"}
    prefix = {"normal": "hand:nm_", "marketing": "hand:mk_", "fraud": "hand:fr_", "illegal": "hand:il_"}
    assert all(r.source == "hand" and r.group.startswith(prefix[r.label]) for r in rows)
    assert len({r.group for r in rows}) >= 60
    texts = {r.text for r in rows}
    assert len(texts) == len(rows)
    assert not texts & {r.text for r in load_probe()}


def test_hand_rows_with_an_unknown_label_are_refused(tmp_path: Path) -> None:
    from scripts.build_sms_model import load_hand

    path = tmp_path / "hand.csv"
    path.write_text("text,label,family\n你好,spam,xx_a\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown labels"):
        load_hand(path)
