"""The screening rules: small functions with stable ids, compiled against a policy once.

Ids are part of the output contract (``reasons`` in files and API answers, counts in reports): rename
one and every downstream consumer breaks, so they are constants here and listed in ``RULES``.

Two families:

* numbering-plan rules need only the presented number, the origin and the burst count; they run even
  with no snapshot at all, which is what makes a cold start safe against spoofing;
* snapshot rules read the caller's ``CallerEntry`` (one dict lookup) and, when needed, the callee.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ringfence.domain.numbers import NumberInfo, NumberKind, classify
from ringfence.screening.call import CallSetup, Origin
from ringfence.screening.policy import FailMode, Outcome, Policy
from ringfence.screening.snapshot import CallerEntry, RiskSnapshot
from ringfence.screening.verdict import Action, Hit

__all__ = [
    "BLACKLISTED",
    "DISPOSED",
    "DO_NOT_CALL",
    "HIGH_RISK",
    "HIGH_RISK_PROTECTED",
    "INBOUND_ONLY",
    "INTERNATIONAL",
    "IRREGULAR",
    "RESTRICTED_HOLDER",
    "ROAMING_EXEMPT",
    "RULES",
    "SHARED_BLACKLISTED",
    "SPOOFED_DOMESTIC",
    "SPOOFED_OFFICIAL",
    "TAGGED",
    "TRUSTED_WRONG_TRUNK",
    "UNASSIGNED",
    "UNATTESTED_OFFICIAL",
    "UNSCREENED",
    "WANGIRI",
    "RuleBook",
]

IRREGULAR = "irregular"
UNASSIGNED = "unassigned"
SPOOFED_OFFICIAL = "spoofed_official"
SPOOFED_DOMESTIC = "spoofed_domestic"
ROAMING_EXEMPT = "roaming_exempt"
INTERNATIONAL = "international"
WANGIRI = "wangiri"
UNATTESTED_OFFICIAL = "unattested_official"
INBOUND_ONLY = "inbound_only"
TRUSTED_WRONG_TRUNK = "trusted_wrong_trunk"
DISPOSED = "disposed"
BLACKLISTED = "blacklisted"
SHARED_BLACKLISTED = "shared_blacklisted"
TAGGED = "tagged"
RESTRICTED_HOLDER = "restricted_holder"
HIGH_RISK = "high_risk"
HIGH_RISK_PROTECTED = "high_risk_protected"
DO_NOT_CALL = "do_not_call"
UNSCREENED = "unscreened"

#: Every rule id with what it means (the documentation table is generated from this).
RULES: dict[str, str] = {
    IRREGULAR: "caller invalid under the numbering plan (不规范号码), including unparsable and empty",
    UNASSIGNED: "well-shaped domestic number in a range the plan data does not know yet: allowed, recorded",
    SPOOFED_OFFICIAL: "international gateway presents a domestic official/service number (110, 12345, 95588)",
    SPOOFED_DOMESTIC: "international gateway presents a +86 mobile, fixed or 400/800 number",
    ROAMING_EXEMPT: "+86 mobile from abroad that is on the roaming list (a subscriber really abroad)",
    INTERNATIONAL: "genuine international number via the international gateway (境外来电)",
    WANGIRI: "international number in a one-ring burst: many distinct callees within the window",
    UNATTESTED_OFFICIAL: "official/service number arriving domestically with attestation C (unverified)",
    INBOUND_ONLY: "number that only receives calls is presented as a caller",
    TRUSTED_WRONG_TRUNK: "trusted enterprise number arriving from a trunk it is not bound to",
    DISPOSED: "caller disposed of by this organisation: restricted, suspended, ... block; labelled labels",
    BLACKLISTED: "caller on the blacklist",
    SHARED_BLACKLISTED: "caller on another member organisation's shared blacklist",
    TAGGED: "caller carries a shared tag, or a global-view tag at the policy's confidence (the label)",
    RESTRICTED_HOLDER: "caller's card is registered to a holder a member organisation restricted for fraud",
    HIGH_RISK: "caller's detection/model score reaches the label or block threshold",
    HIGH_RISK_PROTECTED: "caller's score reaches the stricter threshold for a protected (elderly) callee",
    DO_NOT_CALL: "marketing caller to a callee on the do-not-call register",
    UNSCREENED: "configured snapshot missing or stale: fail-open allow or fail-closed block",
}

_CN_MOBILE = frozenset({NumberKind.MOBILE, NumberKind.VIRTUAL, NumberKind.IOT})


def _hit(rule: str, outcome: Outcome) -> Hit:
    return Hit(rule, outcome.action, outcome.label)


@dataclass(frozen=True, slots=True)
class RuleBook:
    """A policy compiled for the decision path: shared hits and per-origin rule tables."""

    policy: Policy
    stateless: dict[Origin, tuple[StatelessRule, ...]]
    irregular_international: Hit
    irregular_domestic: Hit
    spoofed_official: Hit
    spoofed_domestic: Hit
    roaming_exempt: Hit
    international: Hit
    wangiri: Hit
    unattested_official: Hit
    inbound_only: Hit
    trusted_wrong_trunk: Hit
    blacklisted: Hit
    shared_blacklisted: Hit
    restricted_holder: Hit
    disposed_block: Hit
    disposed_label: Hit
    do_not_call: Hit
    unscreened: Hit

    @classmethod
    def compile(cls, policy: Policy) -> RuleBook:
        p = policy
        fail = Action.ALLOW if p.fail_mode is FailMode.OPEN else Action.BLOCK
        domestic = (irregular_caller, unattested_official)
        return cls(
            policy=p,
            stateless={
                Origin.INTRA: domestic,
                Origin.INTER: domestic,
                Origin.INTERNATIONAL: (irregular_caller, spoofed_number, international_caller),
            },
            irregular_international=_hit(IRREGULAR, p.irregular_international),
            irregular_domestic=_hit(IRREGULAR, p.irregular_domestic),
            spoofed_official=_hit(SPOOFED_OFFICIAL, p.spoofed_official),
            spoofed_domestic=_hit(SPOOFED_DOMESTIC, p.spoofed_domestic),
            roaming_exempt=Hit(ROAMING_EXEMPT, Action.ALLOW),
            international=_hit(INTERNATIONAL, p.international),
            wangiri=_hit(WANGIRI, p.wangiri),
            unattested_official=_hit(UNATTESTED_OFFICIAL, p.unattested_official),
            inbound_only=_hit(INBOUND_ONLY, p.inbound_only),
            trusted_wrong_trunk=_hit(TRUSTED_WRONG_TRUNK, p.trusted_wrong_trunk),
            blacklisted=_hit(BLACKLISTED, p.blacklisted),
            shared_blacklisted=_hit(SHARED_BLACKLISTED, p.shared_blacklisted),
            restricted_holder=_hit(RESTRICTED_HOLDER, p.restricted_holder),
            disposed_block=Hit(DISPOSED, Action.BLOCK, p.disposed_label),
            disposed_label=Hit(DISPOSED, Action.LABEL, p.disposed_label),
            do_not_call=_hit(DO_NOT_CALL, p.do_not_call),
            unscreened=Hit(UNSCREENED, fail, p.unscreened_label),
        )


StatelessRule = Callable[[RuleBook, CallSetup, NumberInfo, RiskSnapshot | None, int], Hit | None]
SnapshotRule = Callable[[RuleBook, CallSetup, CallerEntry, RiskSnapshot], Hit | None]


# --- numbering-plan rules -------------------------------------------------------------------------


def irregular_caller(
    book: RuleBook, call: CallSetup, caller: NumberInfo, snap: RiskSnapshot | None, burst: int
) -> Hit | None:
    """不规范号码: a number no plan allows cannot be a real caller ID (empty and unparsable included)."""
    if caller.kind is not NumberKind.IRREGULAR:
        return None
    if call.origin is Origin.INTERNATIONAL:
        base = book.irregular_international
    elif plausible_cn_shape(caller):
        # Plan data lags behind newly assigned ranges: from a domestic ingress, a well-shaped number
        # the plan does not know yet is far likelier a new subscriber than a forgery. Recorded, allowed.
        return Hit(UNASSIGNED, Action.ALLOW, "", caller.reason or "")
    else:
        base = book.irregular_domestic
    return Hit(base.rule, base.action, base.label, caller.reason or "")


#: Irregularity reasons of ``classify`` that concern the plan's assignments, not the number's shape.
_PLAN_REASONS = frozenset(
    {"unassigned mobile range", "not a mobile range", "invalid fixed-line number or area code"}
)


def plausible_cn_shape(info: NumberInfo) -> bool:
    """Whether an irregular number still has the shape of a Chinese mobile (1 + 10 digits) or a
    fixed line (area code + 7-8 digits)."""
    if info.reason not in _PLAN_REASONS:
        return False
    digits = info.normalized.removeprefix("+86")
    if not digits.isdigit() or not digits.isascii():
        return False
    if digits.startswith("10"):  # Beijing: 10 + 8 digits
        return len(digits) == 10
    if digits.startswith("1"):  # mobile
        return len(digits) == 11
    return 10 <= len(digits) <= 11


def spoofed_number(
    book: RuleBook, call: CallSetup, caller: NumberInfo, snap: RiskSnapshot | None, burst: int
) -> Hit | None:
    """改号: the international gateway never legitimately carries a domestic number as caller ID.

    The one exception is a +86 mobile subscriber really roaming abroad, exempt only when the roaming
    list is supplied and names them; official numbers and fixed lines have no such exception.
    """
    if not caller.is_domestic:
        return None
    if caller.official:
        return book.spoofed_official
    if (
        caller.kind in _CN_MOBILE
        and book.policy.roaming_exemption
        and snap is not None
        and snap.roaming is not None
        and caller.normalized in snap.roaming
    ):
        return book.roaming_exempt
    return book.spoofed_domestic


def international_caller(
    book: RuleBook, call: CallSetup, caller: NumberInfo, snap: RiskSnapshot | None, burst: int
) -> Hit | None:
    """境外来电 for genuine international numbers; 响一声 when the number is mid one-ring burst."""
    if caller.kind is not NumberKind.INTERNATIONAL:
        return None
    if burst >= book.policy.wangiri_callees:
        w = book.wangiri
        return Hit(
            w.rule, w.action, w.label, f"{burst} distinct callees within {book.policy.wangiri_window_s:g} s"
        )
    return book.international


def unattested_official(
    book: RuleBook, call: CallSetup, caller: NumberInfo, snap: RiskSnapshot | None, burst: int
) -> Hit | None:
    """An official number whose caller ID an upstream verifier could not vouch for (attestation C)."""
    if call.attestation is None or not caller.official:
        return None
    if call.attestation.strip().upper() != "C":
        return None
    return book.unattested_official


# --- snapshot rules -------------------------------------------------------------------------------


def inbound_only(book: RuleBook, call: CallSetup, entry: CallerEntry, snap: RiskSnapshot) -> Hit | None:
    """A hotline that never dials out appearing as a caller is a forgery, wherever it arrives from."""
    return book.inbound_only if entry.inbound_only else None


def trusted_wrong_trunk(
    book: RuleBook, call: CallSetup, entry: CallerEntry, snap: RiskSnapshot
) -> Hit | None:
    """A bank's or agency's number is bound to its own trunks; the same number from elsewhere is forged.

    With no trunk id on the call there is nothing to compare, so the rule stays silent rather than
    guess.
    """
    trunks = entry.trusted_trunks
    if trunks is None or call.trunk is None or call.trunk in trunks:
        return None
    h = book.trusted_wrong_trunk
    return Hit(h.rule, h.action, h.label, f"trunk {call.trunk!r} not in {sorted(trunks)}")


def disposed(book: RuleBook, call: CallSetup, entry: CallerEntry, snap: RiskSnapshot) -> Hit | None:
    """The organisation's own disposal of the number takes effect here (the state is the evidence)."""
    if entry.disposition is None:
        return None
    h = book.disposed_block if entry.disposed_block else book.disposed_label
    return Hit(h.rule, h.action, h.label, entry.disposition)


def blacklisted(book: RuleBook, call: CallSetup, entry: CallerEntry, snap: RiskSnapshot) -> Hit | None:
    if entry.blacklist is None:
        return None
    h = book.blacklisted
    return Hit(h.rule, h.action, h.label, entry.blacklist)


def shared_blacklisted(book: RuleBook, call: CallSetup, entry: CallerEntry, snap: RiskSnapshot) -> Hit | None:
    """一处违规、处处受限: another member's shared blacklist, acted on by this organisation's policy."""
    if entry.shared_blacklist is None:
        return None
    h = book.shared_blacklisted
    return Hit(h.rule, h.action, h.label, entry.shared_blacklist)


def restricted_holder(book: RuleBook, call: CallSetup, entry: CallerEntry, snap: RiskSnapshot) -> Hit | None:
    """涉诈失信: the holder is flagged wherever their cards appear, as this organisation's policy says."""
    if entry.restricted_holder is None:
        return None
    h = book.restricted_holder
    return Hit(h.rule, h.action, h.label, entry.restricted_holder)


def tagged(book: RuleBook, call: CallSetup, entry: CallerEntry, snap: RiskSnapshot) -> Hit | None:
    """A shared tag is shown as it is (骚扰电话, 诈骗电话, 快递外卖) unless the policy fixes the text; a
    tag of the global view only once its confidence reaches the organisation's threshold."""
    if entry.tag is None:
        return None
    detail = entry.tag
    if entry.tag_confidence is not None:
        if entry.tag_confidence < book.policy.tag_min_confidence:
            return None
        detail = f"{entry.tag} (confidence {entry.tag_confidence:.2f})"
    outcome = book.policy.tagged
    return Hit(TAGGED, outcome.action, outcome.label or entry.tag, detail)


def high_risk(book: RuleBook, call: CallSetup, entry: CallerEntry, snap: RiskSnapshot) -> Hit | None:
    """Scores map to actions by thresholds; protected callees (the elderly) get the stricter pair."""
    score = entry.score
    if score is None:
        return None
    p = book.policy
    detail = f"score {score:.3f}" + (f" ({entry.evidence})" if entry.evidence else "")
    if score >= p.score_block:
        return Hit(HIGH_RISK, Action.BLOCK, p.high_risk_label, detail)
    lowest = min(p.protected_score_label, p.score_label)
    if score < lowest:
        return None
    protected = bool(snap.protected) and classify(call.callee).normalized in snap.protected
    if protected and score >= p.protected_score_block:
        return Hit(HIGH_RISK_PROTECTED, Action.BLOCK, p.high_risk_label, detail)
    if score >= p.score_label:
        return Hit(HIGH_RISK, Action.LABEL, p.high_risk_label, detail)
    if protected and score >= p.protected_score_label:
        return Hit(HIGH_RISK_PROTECTED, Action.LABEL, p.high_risk_label, detail)
    return None


def do_not_call(book: RuleBook, call: CallSetup, entry: CallerEntry, snap: RiskSnapshot) -> Hit | None:
    if not entry.marketing or not snap.do_not_call:
        return None
    return book.do_not_call if classify(call.callee).normalized in snap.do_not_call else None


SNAPSHOT_RULES: tuple[SnapshotRule, ...] = (
    inbound_only,
    trusted_wrong_trunk,
    disposed,
    blacklisted,
    shared_blacklisted,
    restricted_holder,
    tagged,
    high_risk,
    do_not_call,
)
