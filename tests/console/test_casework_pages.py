"""Console pages of complaints, cases and dispatches over TestClient: render, forms, CSRF, errors."""

from __future__ import annotations

from tests.support.console import console_client
from tests.support.world import A_NUMBERS, World

N = A_NUMBERS[0]


def test_pages_render_and_forms_work(world: World) -> None:
    client, csrf = console_client(world, "op-a/analyst")
    for page in (
        "/console/complaints",
        "/console/cases",
        "/console/dispatches",
        "/console/cases?status=open&assignee=x",
    ):
        r = client.get(page)
        assert r.status_code == 200, page
    form = {
        "csrf": csrf,
        "number": "13800000001",
        "category": "loan",
        "channel": "sms",
        "reporter": "13911112222",
        "sms_text": "贷款",
        "reported_at": "2026-11-03T08:30",
    }
    r = client.post("/console/complaints", data=form)
    assert r.status_code == 200
    assert "complaint #1 received (case #1)" in r.text
    assert "+86139****2222" in r.text
    assert "13911112222" not in r.text
    page = client.get("/console/cases/1").text
    assert "Complaints about" in page
    assert 'href="/console/complaints#c1"' in page
    r = client.post("/console/cases/1/comment", data={"csrf": csrf, "body": "called back"})
    assert "called back" in r.text
    r = client.post("/console/cases/1/evidence", data={"csrf": csrf, "kind": "number", "ref": "13900000003"})
    assert f'href="/console/numbers/{A_NUMBERS[2].replace("+", "%2B")}"' in r.text
    alert = world.platform.store.decisions("op-a", number=A_NUMBERS[1])[0]
    r = client.post("/console/cases/1/evidence", data={"csrf": csrf, "kind": "alert", "ref": str(alert.id)})
    assert f'href="/console/alerts/{alert.id}">alert #{alert.id}</a>' in r.text  # the alert's own page
    r = client.post("/console/cases/1/evidence", data={"csrf": csrf, "kind": "alert", "ref": "9999"})
    assert r.status_code == 404
    assert "no alert 9999" in r.text  # a styled page, not JSON
    assert "<html" in r.text
    r = client.post(
        "/console/cases/1/dispatch",
        data={"csrf": csrf, "to_org": "op-b", "question": "victim?", "hours": "24"},
    )
    assert "dispatch #1 sent to op-b" in r.text
    r = client.post(
        "/console/cases/bulk", data={"csrf": csrf, "ids": ["1"], "status": "investigating", "assignee": "bob"}
    )
    assert "1 case updated" in r.text
    assert client.post("/console/cases/1/update", data={"csrf": "bad", "status": "closed"}).status_code == 403

    other, other_csrf = console_client(world, "op-b/analyst")
    inbox = other.get("/console/dispatches").text
    assert N in inbox
    assert "victim?" in inbox
    assert other.get("/console/cases/1").status_code == 404
    r = other.post(
        "/console/dispatches/1/answer", data={"csrf": other_csrf, "answer": "not_fraud", "note": "customer"}
    )
    assert "the case is closed (not fraud)" in r.text
    again = other.post("/console/dispatches/1/answer", data={"csrf": other_csrf, "answer": "unknown"})
    assert again.status_code == 409
    closed = client.get("/console/cases/1").text
    assert 'id="case-outcome">not fraud' in closed
    report = client.get("/console/reports").text
    assert 'id="casework"' in report
    assert 'id="case-precision">100.0%' not in report  # op-b said not fraud: detection was wrong here
    assert 'id="case-precision">0.0%' in report
