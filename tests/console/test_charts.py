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


def test_linked_charts_are_named_groups_with_a_legend() -> None:
    svg = bar_list(
        [("dialer", 3.0)], label="Alerts by typology", href=lambda t: f"/console/alerts?typology={t}"
    )
    assert 'role="group" aria-label="Alerts by typology"' in svg
    assert '<a href="/console/alerts?typology=dialer">' in svg
    assert '<ul class="legend">' in svg
    plain = bar_list([("dialer", 3.0)], label="x")
    assert 'role="img" aria-label="x"' in plain
    assert "<a " not in plain
    cols = stacked_columns({"2026-11-02": {"dialer": 3}}, href=lambda d, t: f"/q?d={d}&t={t}")
    assert '<a href="/q?d=2026-11-02&amp;t=dialer">' in cols
