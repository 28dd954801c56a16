"""Display names of the codes the console shows: verdicts, typologies, states, statuses, categories.

Codes stay codes everywhere else (URLs, forms, the API, exports, the audit log); here each gets an
English name that is its gettext message, with the code's kind as the message context, since one
word can be two things (an ``open`` alert is 待研判, an ``open`` case is 待处理). A code this table
does not know is shown as it is: data from a newer policy is never hidden.
"""

from __future__ import annotations

import re

from ringfence.console.i18n import Language

__all__ = ["NAMES", "call_detail", "display", "feature_window", "triage_reason"]


def _n(context: str, message: str) -> str:
    """Marks ``message`` for extraction (keyword ``_n:1c,2``); translated when shown, not here."""
    del context
    return message


NAMES: dict[str, dict[str, str]] = {
    "verdict": {
        "allow": _n("verdict", "allow"),
        "watch": _n("verdict", "watch"),
        "warn": _n("verdict", "warn"),
        "block": _n("verdict", "block"),
    },
    "typology": {
        "dialer": _n("typology", "dialer"),
        "sim_farm": _n("typology", "SIM farm"),
        "wangiri": _n("typology", "wangiri"),
        "spoofing": _n("typology", "spoofing"),
        "sms_fraud": _n("typology", "SMS fraud"),
        "unknown": _n("typology", "unknown"),
    },
    "outcome": {
        "open": _n("outcome", "open"),
        "confirmed": _n("outcome", "confirmed"),
        "dismissed": _n("outcome", "dismissed"),
    },
    "state": {
        "active": _n("state", "active"),
        "labelled": _n("state", "labelled"),
        "restricted": _n("state", "restricted"),
        "suspended": _n("state", "suspended"),
        "verification_pending": _n("state", "verification pending"),
        "verified": _n("state", "verified"),
        "restored": _n("state", "restored"),
        "verification_failed": _n("state", "verification failed"),
        "appealed": _n("state", "appealed"),
        "upheld": _n("state", "upheld"),
        "overturned": _n("state", "overturned"),
    },
    "action": {
        "suspend": _n("action", "suspend"),
        "restrict": _n("action", "restrict"),
        "label": _n("action", "label"),
        "request_verification": _n("action", "request verification"),
        "pass_verification": _n("action", "pass verification"),
        "fail_verification": _n("action", "fail verification"),
        "restore": _n("action", "restore"),
        "override": _n("action", "override"),
        "appeal": _n("action", "appeal"),
        "uphold": _n("action", "uphold"),
        "overturn": _n("action", "overturn"),
    },
    "verification": {
        "passed": _n("verification", "passed"),
        "failed": _n("verification", "failed"),
    },
    "decision": {
        "upheld": _n("decision", "upheld"),
        "overturned": _n("decision", "overturned"),
    },
    "effect": {
        "none": _n("effect", "none"),
        "label": _n("effect", "label"),
        "block": _n("effect", "block"),
    },
    "grade": {
        "high": _n("grade", "high"),
        "medium": _n("grade", "medium"),
        "low": _n("grade", "low"),
    },
    "sla": {
        "on_time": _n("sla", "on time"),
        "due_soon": _n("sla", "due soon"),
        "overdue": _n("sla", "overdue"),
    },
    "case_status": {
        "open": _n("case_status", "open"),
        "investigating": _n("case_status", "investigating"),
        "waiting": _n("case_status", "waiting"),
        "closed": _n("case_status", "closed"),
    },
    "answer": {
        "confirmed_fraud": _n("answer", "confirmed fraud"),
        "not_fraud": _n("answer", "not fraud"),
        "unknown": _n("answer", "unknown"),
    },
    "evidence": {
        "alert": _n("evidence", "alert"),
        "record": _n("evidence", "record"),
        "number": _n("evidence", "number"),
        "complaint": _n("evidence", "complaint"),
    },
    "list": {
        "blacklist": _n("list", "blacklist"),
        "whitelist": _n("list", "whitelist"),
        "tag": _n("list", "tag"),
        "trusted": _n("list", "trusted"),
        "inbound_only": _n("list", "inbound only"),
        "marketing": _n("list", "marketing"),
        "do_not_call": _n("list", "do not call"),
    },
    "entry_kind": {
        "number": _n("entry_kind", "number"),
        "url": _n("entry_kind", "URL"),
    },
    "sharing": {
        "private": _n("sharing", "private"),
        "shared": _n("sharing", "shared"),
    },
    "role": {
        "admin": _n("role", "admin"),
        "analyst": _n("role", "analyst"),
        "member-operator": _n("role", "member operator"),
        "partner": _n("role", "partner"),
        "screen-only": _n("role", "screen only"),
    },
    "complaint_category": {
        "impersonation_police": _n("complaint_category", "impersonating police or officials"),
        "impersonation_service": _n("complaint_category", "impersonating customer service"),
        "loan": _n("complaint_category", "loan"),
        "investment": _n("complaint_category", "investment"),
        "part_time_job": _n("complaint_category", "part-time job (order brushing)"),
        "shopping": _n("complaint_category", "online shopping"),
        "romance": _n("complaint_category", "romance"),
        "harassment": _n("complaint_category", "harassment"),
        "other": _n("complaint_category", "other"),
    },
    "channel": {
        "call": _n("channel", "call"),
        "sms": _n("channel", "SMS"),
        "url": _n("channel", "URL"),
        "app": _n("channel", "app"),
    },
    "direction": {
        "out": _n("direction", "out"),
        "in": _n("direction", "in"),
    },
    "warning_status": {
        "queued": _n("warning_status", "queued"),
        "sent": _n("warning_status", "sent"),
        "delivered": _n("warning_status", "delivered"),
        "failed": _n("warning_status", "failed"),
    },
    "warning_category": {
        "police_impersonation": _n("warning_category", "impersonating police"),
        "customer_service_refund": _n("warning_category", "fake customer service refund"),
        "loan_credit": _n("warning_category", "loan or credit"),
        "acquaintance_boss": _n("warning_category", "impersonating an acquaintance or boss"),
        "order_brushing": _n("warning_category", "order brushing"),
        "investment": _n("warning_category", "investment"),
        "prize": _n("warning_category", "prize"),
        "account_freeze": _n("warning_category", "account freeze"),
        "points_redemption": _n("warning_category", "points redemption"),
        "subsidy_refund": _n("warning_category", "subsidy refund"),
        "delivery_claim": _n("warning_category", "delivery claim"),
        "wangiri": _n("warning_category", "wangiri"),
        "spoofed": _n("warning_category", "spoofed number"),
        "general": _n("warning_category", "general fraud warning"),
    },
    "number_kind": {
        "mobile": _n("number_kind", "mobile"),
        "virtual": _n("number_kind", "virtual operator"),
        "iot": _n("number_kind", "IoT"),
        "fixed": _n("number_kind", "fixed line"),
        "toll_free": _n("number_kind", "400/800"),
        "service": _n("number_kind", "service number"),
        "sms_port": _n("number_kind", "SMS port"),
        "international": _n("number_kind", "international"),
        "irregular": _n("number_kind", "irregular"),
    },
    "number_category": {
        "mobile": _n("number_category", "Operators' mobile numbers"),
        "fixed": _n("number_category", "Fixed lines"),
        "virtual": _n("number_category", "Virtual-operator numbers"),
        "toll_free": _n("number_category", "400/800 numbers"),
        "irregular": _n("number_category", "Irregular presentations"),
        "international": _n("number_category", "International numbers"),
        "iot": _n("number_category", "IoT cards"),
        "service": _n("number_category", "Short codes"),
        "sms_port": _n("number_category", "106 SMS ports"),
    },
    "holder_flag": {
        "over_limit": _n("holder_flag", "over the card limit"),
        "bulk_activation": _n("holder_flag", "bulk activation"),
        "dormant_active": _n("holder_flag", "dormant card active"),
        "many_provinces": _n("holder_flag", "many provinces"),
    },
    "cohort_finding": {
        "multi_sim_handset": _n("cohort_finding", "many SIMs on one handset"),
        "cell_cohort": _n("cohort_finding", "new cards together in one cell"),
        "mvno_dialer": _n("cohort_finding", "virtual-operator cards dialing"),
        "iot_voice": _n("cohort_finding", "IoT cards making voice calls"),
    },
    "error_title": {
        "400": _n("error_title", "Bad request"),
        "403": _n("error_title", "Not allowed"),
        "404": _n("error_title", "Not found"),
        "405": _n("error_title", "Method not allowed"),
        "409": _n("error_title", "Not possible now"),
        "413": _n("error_title", "Too large"),
        "422": _n("error_title", "Check the input"),
        "429": _n("error_title", "Too many attempts"),
        "500": _n("error_title", "Internal error"),
    },
    "triage_part": {
        "reporters": _n("triage_part", "reporters"),
        "organisations": _n("triage_part", "organisations"),
        "verdict": _n("triage_part", "verdict"),
        "model": _n("triage_part", "model"),
    },
    "http_reason": {
        "bad request": _n("http_reason", "bad request"),
        "no such page": _n("http_reason", "no such page"),
        "method not allowed": _n("http_reason", "method not allowed"),
        "body too large": _n("http_reason", "body too large"),
    },
    "login_error": {
        "an API key is required": _n("login_error", "an API key is required"),
        "malformed API key": _n("login_error", "malformed API key"),
        "unknown or revoked API key": _n("login_error", "unknown or revoked API key"),
    },
    "rule_role": {
        "weight": _n("rule_role", "weight"),
        "modifier": _n("rule_role", "modifier"),
        "exemption": _n("rule_role", "exemption"),
        "gate": _n("rule_role", "gate"),
        "other": _n("rule_role", "other"),
    },
    "window": {
        "all history": _n("window", "all history"),
        "the number": _n("window", "the number"),
        "at the call": _n("window", "at the call"),
    },
    "granularity": {
        "day": _n("granularity", "day"),
        "month": _n("granularity", "month"),
    },
}


def display(lang: Language, kind: str, code: object) -> str:
    """``code``'s name in ``lang``; the code itself when it has none (``None`` shows as empty)."""
    if code is None:
        return ""
    key = str(getattr(code, "value", code))
    message = NAMES.get(kind, {}).get(key)
    return key if message is None else lang.pgettext(kind, message)


_REPORTERS = re.compile(r"(\d+) distinct reporter\(s\)")
_ORGS = re.compile(r"received through (\d+) organisation\(s\)")
_VERDICT = re.compile(r"detection verdict (\w+)")
_SCORE = re.compile(r"detection score ([0-9.]+)")


def triage_reason(lang: Language, why: str) -> str:
    """A complaint triage part's reason (written in English by the domain, which also serves the API)
    in ``lang``; a reason of another form is shown as it is."""
    if m := _REPORTERS.fullmatch(why):
        n = int(m.group(1))
        return lang.ngettext("%(n)s distinct reporter", "%(n)s distinct reporters", n) % {"n": n}
    if m := _ORGS.fullmatch(why):
        n = int(m.group(1))
        return lang.ngettext(
            "received through %(n)s organisation", "received through %(n)s organisations", n
        ) % {"n": n}
    if m := _VERDICT.fullmatch(why):
        return lang.gettext("detection verdict %(verdict)s") % {"verdict": display(lang, "verdict", m[1])}
    if m := _SCORE.fullmatch(why):
        return lang.gettext("detection score %(score)s") % {"score": m.group(1)}
    if why == "no detection":
        return lang.gettext("no detection")
    if why == "no score":
        return lang.gettext("no score")
    return why


_WINDOW = re.compile(r"(\d+) (min|h|day)")
_CALL = re.compile(r"(\d+) s")


def feature_window(lang: Language, window: str) -> str:
    """A feature's window as the number page's service wrote it (``10 min``, ``all history``) in ``lang``."""
    if m := _WINDOW.fullmatch(window):
        n = int(m.group(1))
        if m.group(2) == "min":
            return lang.gettext("%(m)s min") % {"m": n}
        if m.group(2) == "h":
            return lang.gettext("%(n)s h") % {"n": n}
        return lang.ngettext("%(n)s day", "%(n)s days", n) % {"n": n}
    return display(lang, "window", window)


def call_detail(lang: Language, detail: str) -> str:
    """A timeline call's detail (``35 s · origin · cell C1``) in ``lang``: the duration and the word for
    a cell are translated, the origin and the cell id are data."""
    parts = detail.split(" · ")
    out = []
    for part in parts:
        if m := _CALL.fullmatch(part):
            out.append(lang.gettext("%(n)s s") % {"n": int(m.group(1))})
        elif part.startswith("cell "):
            out.append(lang.gettext("cell %(cell)s") % {"cell": part[5:]})
        else:
            out.append(part)
    return " · ".join(out)
