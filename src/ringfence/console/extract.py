"""A Babel extractor for the rule library: each rule's ``description`` is a message to translate.

The console shows a rule's description beside its code (``R-FREQ-10M`` stays as it is); the text lives
in ``rules.toml``, not in code, so ``pybabel extract`` reads it through this function (babel.cfg).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

__all__ = ["extract_rules"]


def extract_rules(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """``(line, funcname, message, comments)`` for every rule description, the rule id as a comment."""
    del keywords, comment_tags, options
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    doc = tomllib.loads(text)
    for rule in doc.get("rule", []):
        description = rule.get("description")
        if not isinstance(description, str) or not description:
            continue
        rid = str(rule.get("id", ""))
        line = next((i + 1 for i, row in enumerate(lines) if rid and f'"{rid}"' in row), 0)
        yield line, None, description, [f"rule {rid}"]
