"""A Babel extractor for detection's TOML: rule and typology descriptions are messages to translate.

The console shows a rule's description beside its code (``R-FREQ-10M`` stays as it is) and a
typology's beside its name on the alert page; the texts live in ``rules.toml`` and the shipped
policies, not in code, so ``pybabel extract`` reads them through this function (babel.cfg).
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
    """``(line, funcname, message, comments)`` for every rule's and typology's description, with the
    rule id or typology as a comment."""
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
    for name, typology in sorted((doc.get("typology") or {}).items()):
        description = typology.get("description") if isinstance(typology, dict) else None
        if isinstance(description, str) and description:
            line = next((i + 1 for i, row in enumerate(lines) if row.strip() == f"[typology.{name}]"), 0)
            yield line + 1, None, description, [f"typology {name}"]
