"""The number page as the disposal console: state, clock, transitions, the actions the state machine
allows (and only those), refusals as styled pages, the comment thread, judgements with a reason, the
evidence's related numbers, handsets and cells as links, rule descriptions and feature windows."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from ringfence.services.load_run import load_run
from tests.adapters.store_data import call, calls_frame
from tests.support.console import console_client
from tests.support.runs import FlagRow, write_run
from tests.support.world import A_NUMBERS, World

N = A_NUMBERS[0]
PAGE = f"/console/numbers/{N}"
LINKED = f"/console/numbers/{quote(N, safe='')}"  # how the page writes its own path
memory_only = pytest.mark.parametrize("world", ["memory"], indirect=True)


def _post(client: TestClient, csrf: str, path: str, **data: str) -> str:
    response = client.post(f"{PAGE}/{path}", data={"csrf": csrf, **data})
    assert response.status_code == 200, response.text[:800]
    return response.text


def _state(html: str) -> str:
    match = re.search(r'id="state">([^<]+)<', html)
    assert match is not None
    return match.group(1)


def _forms(html: str) -> set[str]:
    return set(re.findall(rf'action="{re.escape(LINKED)}/([a-z/]+)"', html))


def test_triage_suspend_verify_restore_on_the_number_page(world: World) -> None:
    client, csrf = console_client(world, "op-a/analyst")
    page = client.get(PAGE).text
    assert _state(page) == "active"
    assert "Never disposed of." in page
    assert _forms(page) == {"action", "comment", "case", "list"}
    assert re.findall(r'<select name="action" id="action">(.*?)</select>', page) == [
        '<option value="suspend">suspend</option><option value="restrict">restrict</option>'
        '<option value="label">label</option>'
    ]  # no restore: nothing to give back

    alert = re.search(r'/console/alerts/(\d+)/outcome"', page).group(1)  # type: ignore[union-attr]
    judged = client.post(
        f"/console/alerts/{alert}/outcome",
        data={"csrf": csrf, "outcome": "confirmed", "reason": "victim called back", "back": PAGE},
    ).text
    assert re.search(r"<strong>confirmed</strong> alert #\d+ — victim called back", judged)

    page = _post(client, csrf, "action", action="suspend", note="dialer, 40 calls an hour")
    assert "suspend recorded; now suspended" in page
    assert _state(page) == "suspended"
    assert 'id="reason">dialer, 40 calls an hour<' in page
    assert re.search(r'id="sla" data-remaining="\d+"[^>]*>23 h 59 min left<', page)  # block verdict: 24 h
    assert _forms(page) >= {"verification", "verification/request"}
    assert "action" not in _forms(page)  # suspended: nothing to dispose of again

    page = _post(client, csrf, "verification", outcome="passed", note="face check at the shop")
    assert "verification passed; now restored" in page
    assert _state(page) == "restored"
    assert 'id="sla"' not in page  # no clock runs once service is back
    history = page.split('id="history"')[1].split("</table>")[0]
    steps = re.findall(r"<tr><td>[^<]*</td><td>([a-z ]+)</td>", history)
    assert steps == ["restore", "pass verification", "request verification", "suspend"]  # newest first
    assert history.count("op-a/analyst#2") == 4
    log = [e.action for e in world.platform.store.audit_entries("op-a", 10, targets=[N])]
    assert log[:4] == [
        "number.restore",
        "number.pass_verification",
        "number.request_verification",
        "number.suspend",
    ]


@memory_only
def test_a_refused_transition_is_a_styled_page_naming_the_allowed_actions(world: World) -> None:
    client, csrf = console_client(world, "op-a/analyst")
    response = client.post(f"{PAGE}/action", data={"csrf": csrf, "action": "restore", "note": ""})
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("text/html")
    assert "restore needs a passed verification" in response.text
    allowed = response.text.split('id="error-allowed"')[1].split("</ul>")[0]
    assert re.findall(r"<code>(\w+)</code>", allowed) == ["suspend", "restrict", "label"]
    assert 'id="error-back"' in response.text
    bad = client.post(f"{PAGE}/verification", data={"csrf": csrf, "outcome": "passed"})
    assert bad.status_code == 409
    assert "error-page" in bad.text


@memory_only
def test_the_override_is_offered_to_admins_only_and_needs_a_reason(world: World) -> None:
    analyst, csrf = console_client(world, "op-a/analyst")
    page = _post(analyst, csrf, "action", action="restrict", note="smishing")
    assert "override" not in _forms(page)
    assert analyst.post(f"{PAGE}/override", data={"csrf": csrf, "reason": "x"}).status_code == 403
    admin, admin_csrf = console_client(world, "op-a/admin")
    assert "override" in _forms(admin.get(PAGE).text)
    refused = admin.post(f"{PAGE}/override", data={"csrf": admin_csrf, "reason": "  "})
    assert refused.status_code == 422
    assert "override needs a reason" in refused.text
    page = _post(admin, admin_csrf, "override", reason="government line, wrongly restricted")
    assert _state(page) == "restored"
    assert world.platform.store.audit_entries("op-a", 1, targets=[N])[0].action == "number.override"


@memory_only
def test_a_failed_verification_the_appeal_and_its_outcome(world: World) -> None:
    client, csrf = console_client(world, "op-a/analyst")
    _post(client, csrf, "action", action="suspend", note="sim farm")
    page = _post(client, csrf, "verification", outcome="failed", note="not the holder")
    assert _state(page) == "verification failed"
    assert _forms(page) >= {"appeal"}
    page = _post(client, csrf, "appeal", reason="holder was abroad")
    assert _state(page) == "appealed"
    assert "Appeal deadline" in page
    assert re.search(r"2 d 23 h left|3 d 0 h left", page)
    assert re.findall(r'<select name="decision" id="appeal-decision">(.*?)</select>', page) == [
        '<option value="upheld">upheld</option><option value="overturned">overturned</option>'
    ]
    page = _post(client, csrf, "appeal/decision", decision="overturned", reason="passport stamps")
    assert _state(page) == "overturned"


@memory_only
def test_an_overdue_clock_is_shown_as_overdue(world: World) -> None:
    from dataclasses import replace

    from ringfence.domain.sla import Sla

    world.platform.disposal = replace(world.platform.disposal, sla=Sla(high_hours=2))
    client, csrf = console_client(world, "op-a/analyst")
    page = _post(client, csrf, "action", action="suspend", note="dialer")
    assert re.search(r'class="sla sla-on_time" id="sla" data-remaining="\d+"[^>]*>1 h 59 min left<', page)
    started = world.platform.clock()
    world.platform.clock = lambda: started + timedelta(hours=3)  # within the 12 h session
    page = client.get(PAGE).text
    assert re.search(
        r'class="sla sla-overdue" id="sla" data-remaining="-\d+"[^>]*>overdue by 1 h 0 min<', page
    )


@memory_only
def test_roles_without_dispose_see_no_action_forms(world: World) -> None:
    platform = world.platform
    from ringfence.services.keys import create_key

    key = create_key(platform.store, platform.secret, "op-a", "viewer", "partner", platform.clock()).key
    assert key  # partners cannot log in to the console at all (tested in test_routes); operators can:
    client, _ = console_client(world, "op-a/member-operator")
    page = client.get(PAGE).text
    assert "override" not in _forms(page)
    assert "action" in _forms(page)  # member operators dispose of their own subscribers' numbers


@memory_only
def test_comments_are_kept_in_the_audit_log_and_shown_in_order(world: World) -> None:
    client, csrf = console_client(world, "op-a/analyst")
    _post(client, csrf, "comment", text="冒充客服，受害人已报案")
    page = _post(client, csrf, "comment", text="second look: same script as case 12")
    thread = page.split('id="thread"')[1].split("</ol>")[0]
    assert thread.index("冒充客服，受害人已报案") < thread.index("second look")
    (entry,) = world.platform.store.audit_entries("op-a", 1, actions=["number.comment"], targets=[N])[:1]
    assert entry.detail == {"text": "second look: same script as case 12"}
    empty = client.post(f"{PAGE}/comment", data={"csrf": csrf, "text": "   "})
    assert empty.status_code == 422
    assert "empty comment" in empty.text
    other, _ = console_client(world, "op-b/analyst")
    assert "冒充客服" not in other.get(PAGE).text  # another tenant's thread is not shown


@memory_only
def test_related_numbers_handsets_and_cells_are_links(world: World) -> None:
    store = world.platform.store
    at = world.platform.clock() - timedelta(hours=1)
    rows = [
        {
            **call(f"r{i}", N, f"+861370000000{i}", at + timedelta(minutes=i), cell="CELL-9"),
            "caller_imei": "861234",
        }
        for i in range(3)
    ]
    rows.append({**call("r9", A_NUMBERS[1], "+8613700000009", at, cell="CELL-9"), "caller_imei": "861234"})
    store.add_calls("op-a", calls_frame(rows))
    client, _ = console_client(world, "op-a/analyst")
    related = client.get(PAGE).text.split('id="related"')[1].split("</div>")[0]
    assert 'href="/console/numbers/%2B8613700000000"' in related
    assert 'href="/console/handsets/861234"' in related
    assert 'href="/console/cells/CELL-9"' in related
    seen = client.get("/console/numbers?imei=861234").text
    links = re.findall(r'<a class="num" href="/console/numbers/([^"]+)">', seen)
    assert links == [quote(N, safe=""), quote(A_NUMBERS[1], safe="")]  # most records first
    assert client.get("/console/numbers?cell=" + "x" * 300).status_code == 422
    masked, _ = console_client(world, "op-b/member-operator")
    foreign = masked.get("/console/numbers?imei=861234").text
    assert "No stored record names it." in foreign  # another tenant's records are not searched


@memory_only
def test_rule_descriptions_and_feature_windows(world: World, tmp_path) -> None:
    number = "+8613700001111"
    row = FlagRow(
        number,
        rules=("R-FREQ-10M", "R-SHORT", "R-LOCAL"),
        evidence={"number.sum(out)@10m": 9, "short_share": 0.5},
    )
    platform = world.platform
    run_dir = write_run(tmp_path / "run-c", [row])
    (run_dir / "rules.toml").write_text(  # the run's own library: its descriptions win
        '[[rule]]\nid = "R-SHORT"\ndescription = "短时长: answered calls end within 10 s"\n'
        'all = [["short_share", ">=", 0.4]]\n'
        '[[rule]]\nid = "R-LOCAL"\ndescription = "a rule only this run had"\n'
        'all = [["short_share", ">=", 0.9]]\n',
        encoding="utf-8",
    )
    load_run(platform.store, "op-a", run_dir, "test", platform.clock())
    client, _ = console_client(world, "op-a/analyst")
    page = client.get(f"/console/numbers/{number}").text
    assert "over-frequency: many calls placed within 10 minutes (auto-dialer pace)" in page  # shipped
    assert "短时长: answered calls end within 10 s" in page
    assert "a rule only this run had" in page
    features = page.split('id="features"')[1].split("</table>")[0]
    assert re.search(
        r"<code>number.sum\(out\)@10m</code></td><td class=\"n\">9</td><td>10 min</td>", features
    )
    assert re.search(r"<code>short_share</code></td><td class=\"n\">0.5</td><td>all history</td>", features)


@memory_only
def test_when_restores_wait_for_an_analyst_restore_is_offered_after_the_pass(world: World) -> None:
    from dataclasses import replace

    world.platform.disposal = replace(world.platform.disposal, auto_restore=False)
    client, csrf = console_client(world, "op-a/analyst")
    _post(client, csrf, "action", action="suspend", note="dialer")
    page = _post(client, csrf, "verification", outcome="passed", note="ok")
    assert _state(page) == "verified"
    assert re.findall(r'<select name="action" id="action">(.*?)</select>', page) == [
        '<option value="restore">restore</option>'
    ]
    assert "verification" not in _forms(page)
    assert _state(_post(client, csrf, "action", action="restore", note="four eyes")) == "restored"


def test_feature_windows_read_as_people_say_them() -> None:
    from ringfence.services.number_page import feature_window

    assert [
        feature_window(n)
        for n in (
            "number.sum(out)@10m",
            "number.sum(out)@1h",
            "number.sum(sms_out)@1d",
            "number.distinct(out:other)@all",
            "short_share",
            "number.is_virtual",
            "number.card_age_days",
            "handset.numbers",
            "number.holder_cards",
        )
    ] == [
        "10 min",
        "1 h",
        "1 day",
        "all history",
        "all history",
        "the number",
        "at the call",
        "all history",
        "the number",
    ]


def test_durations_read_as_people_say_them() -> None:
    from ringfence.console.routes import duration

    assert [duration(s) for s in (0, 59, 60, 3599, 3600, 86_399, 86_400, 200_000, -5)] == [
        "0 min",
        "0 min",
        "1 min",
        "59 min",
        "1 h 0 min",
        "23 h 59 min",
        "1 d 0 h",
        "2 d 7 h",
        "0 min",
    ]
