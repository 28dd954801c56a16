"""Display names of codes: every code of the domain's enums has one, in both languages."""

from __future__ import annotations

from enum import StrEnum
from zoneinfo import ZoneInfo

import pytest

from ringfence.console.i18n import Language
from ringfence.console.names import NAMES, call_detail, display, feature_window, triage_reason
from ringfence.domain.access import Role, Sharing
from ringfence.domain.cases import Answer, CaseStatus, EvidenceKind
from ringfence.domain.casework import EntryKind, ListName
from ringfence.domain.complaints import Category, Channel
from ringfence.domain.decisions import Outcome, Typology, Verdict
from ringfence.domain.disposition import Action, Effect, State
from ringfence.domain.numbers import NumberKind
from ringfence.domain.reports import CATEGORY_LABELS
from ringfence.domain.sla import Grade, SlaStatus
from ringfence.domain.warnings import WarningStatus
from ringfence.intel.cards import FLAGS
from ringfence.warn.texts import CATEGORIES

ZH = Language("zh_CN", ZoneInfo("Asia/Shanghai"))
EN = Language("en", ZoneInfo("Asia/Shanghai"))

KINDS: list[tuple[str, type[StrEnum]]] = [
    ("verdict", Verdict),
    ("typology", Typology),
    ("outcome", Outcome),
    ("state", State),
    ("action", Action),
    ("effect", Effect),
    ("grade", Grade),
    ("sla", SlaStatus),
    ("case_status", CaseStatus),
    ("answer", Answer),
    ("evidence", EvidenceKind),
    ("list", ListName),
    ("entry_kind", EntryKind),
    ("sharing", Sharing),
    ("role", Role),
    ("complaint_category", Category),
    ("channel", Channel),
    ("warning_status", WarningStatus),
    ("number_kind", NumberKind),
]


@pytest.mark.parametrize(("kind", "enum"), KINDS)
def test_every_code_of_the_domain_has_a_chinese_name(kind: str, enum: type[StrEnum]) -> None:
    for code in enum:
        assert code.value in NAMES[kind], (kind, code)
        shown = display(ZH, kind, code)
        assert shown != code.value, (kind, code)
        assert shown.strip(), (kind, code)
        assert not any("a" <= ch.lower() <= "z" for ch in shown if ch not in "IoTSMURL"), (kind, shown)


def test_other_code_lists_have_names_too() -> None:
    assert set(NAMES["warning_category"]) == set(CATEGORIES)
    assert set(NAMES["holder_flag"]) == set(FLAGS)
    assert set(NAMES["number_category"]) == set(CATEGORY_LABELS)


def test_one_word_can_be_two_things() -> None:
    assert display(ZH, "outcome", "open") == "待研判"
    assert display(ZH, "case_status", "open") == "待处理"
    assert display(EN, "outcome", "open") == display(EN, "case_status", "open") == "open"


def test_an_unknown_code_is_shown_as_it_is() -> None:
    assert display(ZH, "typology", "pig_butchering") == "pig_butchering"
    assert display(ZH, "no-such-kind", "x") == "x"
    assert display(ZH, "verdict", None) == ""


def test_service_texts_are_translated_and_others_left_alone() -> None:
    assert triage_reason(ZH, "3 distinct reporter(s)") == "3 名不同举报人"
    assert triage_reason(EN, "1 distinct reporter(s)") == "1 distinct reporter"
    assert triage_reason(ZH, "detection verdict block") == "检测结论：拦截"
    assert triage_reason(ZH, "something new") == "something new"
    assert feature_window(ZH, "10 min") == "10 分钟"
    assert feature_window(ZH, "all history") == "全部历史"
    assert feature_window(EN, "1 h") == "1 h"
    assert feature_window(EN, "7 day") == "7 days"
    assert call_detail(ZH, "35 s · gateway · cell C-1") == "35 秒 · gateway · 小区 C-1"
