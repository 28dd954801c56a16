from __future__ import annotations

from ringfence.console.charts import bar_list, stacked_columns


def test_bars_escape_labels_and_scale_to_the_largest() -> None:
    svg = bar_list([("<b>", 10.0), ("b", 5.0)], width=420)
    assert "&lt;b&gt;" in svg
    assert 'width="210.0"' in svg  # 420 - 150 label - 60 value = 210 for the largest
    assert 'width="105.0"' in svg
    assert "No data" in bar_list([])


def test_columns_stack_per_day() -> None:
    svg = stacked_columns({"2026-11-02": {"dialer": 3, "wangiri": 1}, "2026-11-03": {"dialer": 1}})
    assert svg.count("<rect") == 3 + 2  # three bars, two legend keys
    assert "2026-11-02 dialer: 3" in svg
