"""Signed feeds over the API between two organisations: op-a exports its signed feed, op-b imports it
(verified against the key trusted for op-a, merged into the store with provenance), replays and bad
signatures are refused with clear errors, and partners look entries up by keyed hash prefix without
ever receiving a value."""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from ringfence.adapters.memory import MEMORY_URL
from ringfence.intel.feeds import public_key_text
from tests.conftest import BACKENDS
from tests.support.world import World, make_world

HASH_KEY = "partner-secret"
SHARED = "+8613811112222"
PRIVATE = "+8613833334444"


@pytest.fixture(params=BACKENDS)
def fed(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    """The two-organisation world with signing keys for op-a and op-b, each trusting the other."""
    keys = tmp_path / "keys"
    keys.mkdir()
    trust = []
    for org in ("op-a", "op-b"):
        key = Ed25519PrivateKey.generate()
        (keys / f"{org}.pem").write_bytes(
            key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        )
        trust.append(f"{org}={public_key_text(key)}")
    url = {"memory": MEMORY_URL, "sqlite": ""}.get(request.param)
    if url is None:
        server = request.getfixturevalue("pg_server")
        url = server.url_for(server.create(template=request.getfixturevalue("pg_template")))
    with make_world(
        tmp_path, url, feed_key_dir=keys, feed_trust=",".join(trust), feed_hash_key=HASH_KEY
    ) as w:
        yield w


def _list(w: World, who: str, number: str, sharing: str) -> None:
    body = {
        "list_name": "blacklist",
        "kind": "number",
        "value": number,
        "sharing": sharing,
        "reason": "case 7",
    }
    r = w.client.post("/v1/lists", json=body, headers=w.as_(who))
    assert r.status_code in (200, 201), r.text


def _export(w: World, who: str) -> dict[str, Any]:
    r = w.client.get("/v1/feeds/export", headers=w.as_(who))
    assert r.status_code == 200, r.text
    doc: dict[str, Any] = r.json()
    return doc


def test_a_feed_goes_from_one_organisation_to_another_and_replays_and_forgeries_are_refused(
    fed: World,
) -> None:
    _list(fed, "op-a/analyst", SHARED, "shared")
    _list(fed, "op-a/analyst", PRIVATE, "private")
    doc = _export(fed, "op-a/admin")
    assert {e["value"] for e in doc["feed"]["entries"]} == {SHARED}  # private entries stay home
    assert fed.client.get("/v1/feeds/export", headers=fed.as_("op-a/member-operator")).status_code == 403

    r = fed.client.post("/v1/feeds/import", json=doc, headers=fed.as_("op-b/admin"))
    assert r.status_code == 200, r.text
    assert r.json() == {"issuer": "op-a", "version": doc["feed"]["version"], "entries": 1, "total": 1}
    got = fed.client.get("/v1/feeds/entries", headers=fed.as_("op-b/analyst")).json()
    assert got["versions"] == {"op-a": doc["feed"]["version"]}
    [entry] = got["entries"]
    assert (entry["value"], entry["issuer"], entry["category"]) == (SHARED, "op-a", "blacklist")
    assert [p["org"] for p in entry["provenance"]] == ["op-a"]
    masked = fed.client.get("/v1/feeds/entries", headers=fed.as_("op-b/member-operator")).json()
    assert SHARED not in str(masked)  # another operator's number, masked for an operator
    assert fed.client.get("/v1/feeds/entries", headers=fed.as_("op-a/analyst")).json()["entries"] == []

    replay = fed.client.post("/v1/feeds/import", json=doc, headers=fed.as_("op-b/admin"))
    assert replay.status_code == 409
    assert "not newer" in replay.text
    assert "replay" in replay.text

    forged = copy.deepcopy(doc)
    forged["feed"]["version"] += 1
    forged["feed"]["entries"][0]["value"] = "+8613855556666"
    bad = fed.client.post("/v1/feeds/import", json=forged, headers=fed.as_("op-b/admin"))
    assert bad.status_code == 422
    assert "signature does not verify with the trusted key" in bad.text
    stranger = copy.deepcopy(doc)
    stranger["feed"]["issuer"] = "op-x"
    assert (
        "no trusted key for issuer 'op-x'"
        in fed.client.post("/v1/feeds/import", json=stranger, headers=fed.as_("op-b/admin")).text
    )
    assert fed.client.post("/v1/feeds/import", json=doc, headers=fed.as_("op-b/partner")).status_code == 403
    after = fed.client.get("/v1/feeds/entries", headers=fed.as_("op-b/analyst")).json()
    assert [e["value"] for e in after["entries"]] == [SHARED]  # nothing of the refused feeds merged
    audit = fed.platform.store.audit_entries("op-b", actions=["feed.import"])
    assert len(audit) == 1


def test_partners_look_entries_up_by_keyed_hash_prefix_and_never_get_a_value(fed: World) -> None:
    _list(fed, "op-a/analyst", SHARED, "shared")
    assert fed.client.post("/v1/feeds/import", json=_export(fed, "op-a/admin"), headers=fed.as_("op-b/admin"))
    digest = hmac.new(HASH_KEY.encode(), SHARED.encode(), hashlib.sha256).hexdigest()
    r = fed.client.get(f"/v1/feeds/hashed/{digest[:6]}", headers=fed.as_("op-b/partner"))
    assert r.status_code == 200, r.text
    assert [(h["digest"], h["kind"], h["category"]) for h in r.json()] == [(digest, "number", "blacklist")]
    assert SHARED not in r.text
    assert SHARED[1:] not in r.text
    plain = hashlib.sha256(SHARED.encode()).hexdigest()  # an unkeyed hash finds nothing
    assert fed.client.get(f"/v1/feeds/hashed/{plain[:8]}", headers=fed.as_("op-b/partner")).json() == []
    assert fed.client.get("/v1/feeds/hashed/abc", headers=fed.as_("op-b/partner")).status_code == 422
    assert (
        fed.client.get(f"/v1/feeds/hashed/{SHARED[1:]}", headers=fed.as_("op-b/partner")).status_code == 422
    )
    assert (
        fed.client.get(f"/v1/feeds/hashed/{digest[:6]}", headers=fed.as_("op-b/screen-only")).status_code
        == 403
    )


def test_importing_feeds_in_any_order_gives_one_merged_view(fed: World) -> None:
    _list(fed, "op-a/analyst", SHARED, "shared")
    _list(fed, "op-b/analyst", SHARED, "shared")
    _list(fed, "op-b/analyst", "+8613877778888", "shared")
    docs = [_export(fed, "op-a/admin"), _export(fed, "op-b/admin")]
    views = []
    for i, order in enumerate(itertools.permutations(docs)):
        org = f"imp-{i}"
        fed.platform.store.ensure_org(org, org, fed.platform.clock())
        from ringfence.services.keys import create_key

        key = create_key(
            fed.platform.store, fed.platform.secret, org, "admin", "admin", fed.platform.clock()
        ).key
        for doc in order:
            assert (
                fed.client.post("/v1/feeds/import", json=doc, headers={"X-API-Key": key}).status_code == 200
            )
        views.append(fed.client.get("/v1/feeds/entries", headers={"X-API-Key": key}).json())
    assert views[0] == views[1]
    both = next(e for e in views[0]["entries"] if e["value"] == SHARED)
    assert {p["org"] for p in both["provenance"]} == {"op-a", "op-b"}
