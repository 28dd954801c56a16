from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ringfence.screening import Policy, SnapshotBuilder
from ringfence.services.screen_call import ScreeningService
from ringfence.settings import Settings
from tests.support.keys import keyed_client


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    b = SnapshotBuilder("api-1")
    b.tag("13611112222", "骚扰电话")
    return keyed_client(tmp_path, screening=ScreeningService(Policy(version="p-1"), b.build()))


def test_screen_one_call(client: TestClient) -> None:
    r = client.post(
        "/v1/screen/call",
        json={"call_id": "x1", "caller": "+8695588", "callee": "13900000000", "origin": "international"},
    )
    assert r.status_code == 200
    body = r.json()
    assert body == {
        "call_id": "x1",
        "verdict": "block",
        "reasons": ["spoofed_official"],
        "label": "疑似改号",
        "display_name": None,  # only a trusted caller on one of its own trunks gets a name
        "hits": [{"rule": "spoofed_official", "action": "block", "label": "疑似改号", "detail": ""}],
        "snapshot": "api-1",
        "snapshot_version": "api-1",
        "policy": "p-1",
    }


def test_label_and_allow(client: TestClient) -> None:
    r = client.post("/v1/screen/call", json={"caller": "13611112222", "callee": "13900000000"})
    assert (r.json()["verdict"], r.json()["label"]) == ("label", "骚扰电话")
    r = client.post(
        "/v1/screen/call", json={"caller": "13812345678", "callee": "13900000000", "origin": "inter"}
    )
    assert (r.json()["verdict"], r.json()["reasons"], r.json()["label"]) == ("allow", [], None)


def test_unparsable_number_is_a_verdict_not_an_error(client: TestClient) -> None:
    r = client.post("/v1/screen/call", json={"caller": "<script>", "callee": "", "origin": "international"})
    assert r.status_code == 200
    assert r.json()["reasons"] == ["irregular"]
    assert r.json()["hits"][0]["detail"] == "non-digit characters"


def test_bad_requests_are_422(client: TestClient) -> None:
    assert (
        client.post("/v1/screen/call", json={"caller": "1", "callee": "2", "origin": "mars"}).status_code
        == 422
    )
    assert client.post("/v1/screen/call", json={"callee": "2"}).status_code == 422
    assert client.post("/v1/screen/call", content=b"{").status_code == 422


def test_batch_answers_in_order_and_counts_bursts_in_event_time(tmp_path: Path) -> None:
    client = keyed_client(tmp_path, screening=ScreeningService(Policy(wangiri_callees=3)))
    calls = [
        {
            "call_id": f"w{i}",
            "caller": "+2348012345678",
            "callee": f"1390000000{i}",
            "origin": "international",
            "time": f"2026-11-24T08:00:{50 - 10 * i:02d}+08:00",
        }
        for i in range(4)
    ]
    r = client.post("/v1/screen/calls", json={"calls": calls})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["call_id"] for x in results] == ["w0", "w1", "w2", "w3"]
    # w3 is earliest, w0 latest: the third and fourth distinct callees in time are w1 and w0
    assert [x["reasons"] for x in results] == [["wangiri"], ["wangiri"], ["international"], ["international"]]


def test_service_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snap = tmp_path / "s.json"
    snap.write_text(json.dumps({"version": "env-1", "built_at": None, "blacklist": ["13812345678"]}))
    monkeypatch.setenv("RINGFENCE_SCREEN_SNAPSHOT", str(snap))
    monkeypatch.setenv("RINGFENCE_DATA_DIR", str(tmp_path / "platform"))
    client = keyed_client(tmp_path, settings=Settings())
    r = client.post("/v1/screen/call", json={"caller": "13812345678", "callee": "13900000000"})
    assert (r.json()["verdict"], r.json()["snapshot"]) == ("block", "env-1")
