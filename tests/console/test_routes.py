"""Console pages over TestClient: login, sessions, CSRF, every page, one action, CSV export."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from ringfence.api.app import create_app
from tests.support.console import login
from tests.support.world import A_NUMBERS, World

PAGES = [
    "/console/",
    "/console/alerts",
    "/console/alerts?outcome=&typology=dialer",
    "/console/numbers",
    f"/console/numbers/{A_NUMBERS[0]}",
    "/console/lists",
    "/console/lists?list_name=tag",
    "/console/policies",
    "/console/reports",
    "/console/reports?granularity=month",
    "/console/audit",
]


def _login(world: World, who: str) -> TestClient:
    client = TestClient(create_app(world.platform))
    response = login(client, world.keys[who])
    assert response.status_code == 303
    assert response.headers["location"] == "/console/"
    assert "httponly" in response.headers["set-cookie"].lower()
    return client


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match is not None
    return match.group(1)


def test_pages_need_a_login(world: World) -> None:
    client = TestClient(create_app(world.platform))
    for page in PAGES:
        response = client.get(page, follow_redirects=False)
        assert response.status_code == 303, page
        assert response.headers["location"] == "/console/login"
    assert client.get("/", follow_redirects=False).headers["location"] == "/console/"


def test_bad_keys_and_roles_without_a_console_are_refused(world: World) -> None:
    client = TestClient(create_app(world.platform))
    bad = login(client, "rf_nope")
    assert bad.status_code == 401
    assert "malformed API key" in bad.text
    partner = login(client, world.keys["op-a/partner"])
    assert partner.status_code == 403
    assert "partner may not view" in partner.text


def test_every_page_renders_for_an_admin(world: World) -> None:
    client = _login(world, "op-a/admin")
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 200, (page, response.text[:500])
        assert "admin · op-a · admin" in response.text
    dashboard = client.get("/console/").text
    assert "<svg" in dashboard
    assert 'id="kpi-alerts">3<' in dashboard
    assert "http://" not in dashboard.replace("http://www.w3.org", "")  # nothing fetched from elsewhere


def test_the_audit_page_is_for_admins(world: World) -> None:
    assert _login(world, "op-a/analyst").get("/console/audit").status_code == 403


def test_a_number_page_shows_rule_hits_with_their_values(world: World) -> None:
    html = _login(world, "op-a/analyst").get(f"/console/numbers/{A_NUMBERS[0]}").text
    assert "R01_call_burst_1h" in html
    assert "calls_1h_max=40" in html
    assert 'id="features"' in html


def test_another_tenant_sees_no_decision_on_the_number(world: World) -> None:
    html = _login(world, "op-b/analyst").get(f"/console/numbers/{A_NUMBERS[0]}").text
    assert "No decision on this number." in html


def test_dispose_needs_the_csrf_token_and_is_audited(world: World) -> None:
    client = _login(world, "op-a/analyst")
    page = client.get(f"/console/numbers/{A_NUMBERS[0]}").text
    path = f"/console/numbers/{A_NUMBERS[0]}/action"
    forged = client.post(path, data={"action": "suspend", "note": "x", "csrf": "0" * 32})
    assert forged.status_code == 403
    done = client.post(path, data={"action": "suspend", "note": "confirmed dialer", "csrf": _csrf(page)})
    assert done.status_code == 200
    assert "suspend recorded" in done.text
    assert "confirmed dialer" in done.text
    log = world.platform.store.audit_entries("op-a")
    assert log[0].action == "number.suspend"
    assert log[0].actor == "op-a/analyst#2"


def test_confirming_an_alert_moves_precision(world: World) -> None:
    client = _login(world, "op-a/analyst")
    queue = client.get("/console/alerts").text
    alert_id = re.search(r"/console/alerts/(\d+)/outcome", queue).group(1)  # type: ignore[union-attr]
    response = client.post(
        f"/console/alerts/{alert_id}/outcome", data={"outcome": "confirmed", "csrf": _csrf(queue)}
    )
    assert response.status_code == 200
    assert 'id="kpi-precision">100.0%' in client.get("/console/").text


@pytest.mark.parametrize("table", ["periods", "category", "typology"])
def test_reports_export_csv(world: World, table: str) -> None:
    response = _login(world, "op-a/analyst").get(f"/console/reports.csv?granularity=day&table={table}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.strip().splitlines()
    if table == "periods":
        assert lines[1].startswith("2026-11-02,3,3,3,")
    elif table == "typology":
        assert sorted(line.split(",")[0] for line in lines[1:]) == ["dialer", "sim_farm", "wangiri"]
    else:
        assert lines[1].startswith("mobile,")


def test_policy_diff_of_pasted_texts(world: World) -> None:
    client = _login(world, "op-a/analyst")
    csrf = _csrf(client.get("/console/policies").text)
    old = 'name = "default"\nversion = "1"\n[thresholds]\nblock = 0.8\n'
    new = 'name = "default"\nversion = "2"\n[thresholds]\nblock = 0.85\n'
    html = client.post("/console/policies/diff", data={"old": old, "new": new, "csrf": csrf}).text
    assert '<span class="del">-version = &#34;1&#34;</span>' in html
    assert '<span class="add">+block = 0.85</span>' in html
    bad = client.post("/console/policies/diff", data={"old": "x = ", "new": new, "csrf": csrf})
    assert bad.status_code == 422


def test_policy_files_from_the_policy_dir(world: World, tmp_path) -> None:
    (tmp_path / "pol").mkdir()
    (tmp_path / "pol" / "strict.toml").write_text(
        '[policy]\nname = "strict"\nversion = "4"\n', encoding="utf-8"
    )
    (tmp_path / "pol" / "lenient.toml").write_text(
        '[policy]\nname = "lenient"\nversion = "2"\n', encoding="utf-8"
    )
    world.platform.settings = world.platform.settings.model_copy(update={"policy_dir": tmp_path / "pol"})
    client = _login(world, "op-a/analyst")
    html = client.get("/console/policies?a=lenient&b=strict").text
    assert "<td>strict</td><td>4</td>" in html
    assert "+name = &#34;strict&#34;" in html
    assert client.get("/console/policies?show=missing").status_code == 404


def test_a_revoked_key_ends_its_sessions(world: World) -> None:
    client = _login(world, "op-a/analyst")
    key = world.platform.store.key_by_lookup(world.keys["op-a/analyst"].split("_")[1])
    world.platform.store.revoke_key(key.id, "test", world.platform.clock())  # type: ignore[union-attr]
    response = client.get("/console/", follow_redirects=False)
    assert response.status_code == 303


def test_operators_see_other_operators_shared_numbers_masked(world: World) -> None:
    analyst_a = _login(world, "op-a/analyst")
    csrf = _csrf(analyst_a.get("/console/lists").text)
    form = {
        "list_name": "blacklist",
        "kind": "number",
        "value": A_NUMBERS[1],
        "sharing": "shared",
        "csrf": csrf,
    }
    assert analyst_a.post("/console/lists", data=form).status_code == 200
    operator_b = _login(world, "op-b/member-operator").get("/console/lists").text
    assert "+86170****0002" in operator_b
    assert A_NUMBERS[1] not in operator_b
    assert A_NUMBERS[1] in _login(world, "op-b/analyst").get("/console/lists").text


def test_registries_are_managed_on_the_lists_page_with_display_names_and_audit(world: World) -> None:
    analyst = _login(world, "op-a/analyst")
    page = analyst.get("/console/lists?list_name=trusted").text
    assert 'name="display_name"' in page
    form = {
        "list_name": "trusted",
        "kind": "number",
        "value": "+8675512345670",
        "label": "cmb-sz-1;cmb-sh-2",
        "display_name": "招商银行",
        "csrf": _csrf(page),
    }
    assert analyst.post("/console/lists", data=form).status_code == 200
    listed = analyst.get("/console/lists?list_name=trusted").text
    assert "招商银行" in listed
    assert "cmb-sz-1;cmb-sh-2" in listed
    dnc = analyst.get("/console/lists?list_name=do_not_call").text
    assert "Callees registered against marketing calls" in dnc
    audit = world.platform.store.audit_entries("op-a")
    added = [e for e in audit if e.action == "list.add" and e.target.startswith("trusted:")]
    assert added[0].detail["display_name"] == "招商银行"


def test_console_pages_forbid_loading_anything_from_elsewhere(world: World) -> None:
    client = _login(world, "op-a/analyst")
    for page in ("/console/", "/console/login", "/console/static/console.css"):
        csp = client.get(page).headers["content-security-policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
    assert "content-security-policy" not in client.get("/healthz").headers


def test_feature_values_are_shown_as_people_read_them() -> None:
    from ringfence.console.routes import _num

    assert [_num(v) for v in (0.029411764705882353, 18.806261574074075, 80.0, 12, True, "x", 1234567.0)] == [
        "0.0294",
        "18.81",
        "80",
        "12",
        "True",
        "x",
        "1,234,567",
    ]


def test_the_policies_page_names_the_policy_behind_each_run(world: World) -> None:
    html = _login(world, "op-a/analyst").get("/console/policies").text
    assert "<td>test-policy</td><td>3</td>" in html


def test_the_holders_page_looks_up_an_identity_hash_for_roles_that_may(world: World) -> None:
    body = (
        "number,id_hash,operator,channel,activated_at\n+8613800007001,h-console-01,cmcc,shop-1,2026-01-01\n"
    )
    headers = {**world.as_("op-a/member-operator"), "content-type": "text/csv"}
    assert (
        world.client.post("/v1/records/subscribers", content=body.encode(), headers=headers).status_code
        == 200
    )
    client = _login(world, "op-a/analyst")
    page = client.get("/console/holders", params={"id_hash": "h-console-01"})
    assert page.status_code == 200
    assert "+8613800007001" in page.text
    assert "cmcc:1" in page.text
    assert 'href="/console/holders"' in page.text
    missing = client.get("/console/holders", params={"id_hash": "h-nobody-here"})
    assert "no card and no restriction" in missing.text
    plain = client.get("/console/holders", params={"id_hash": "110101199003078888"})
    assert "never a plain identity number" in plain.text
