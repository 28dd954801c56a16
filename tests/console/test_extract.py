"""The rule library extractor: each rule's description becomes a message, its id a comment."""

from __future__ import annotations

import io

from ringfence.console.extract import extract_rules


def test_descriptions_are_messages_with_their_rule_id() -> None:
    toml = b'version = "1"\n\n[[rule]]\nid = "R-A"\ndescription = "first"\n\n[[rule]]\nid = "R-B"\n'
    toml += b'description = "second"\n\n[[rule]]\nid = "R-C"\n'
    found = list(extract_rules(io.BytesIO(toml), [], [], {}))
    assert found == [(4, None, "first", ["rule R-A"]), (8, None, "second", ["rule R-B"])]
