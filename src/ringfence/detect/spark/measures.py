"""The declared per-event measures (``features.MEASURES``), compiled from their Polars expressions
to Spark columns.

A measure is declared once, as a Polars expression over the event frame. Rather than writing each
again for Spark (where a new measure could silently diverge), the expression's serialised plan is
walked and translated node by node. Only the node types the declarations use are known; anything
else — a new function, an operator with other null semantics — raises ``SparkCompileError`` naming
the measure and the node, so a declaration Spark cannot run fails the run instead of computing
something else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pyspark.sql import Column
from pyspark.sql import functions as F  # noqa: N812

from ringfence.detect.features import MEASURES
from ringfence.errors import RingfenceError

__all__ = ["SparkCompileError", "compile_expr", "stateless_measures"]


class SparkCompileError(RingfenceError):
    """A declaration the Spark engine cannot compile (the run stops: nothing is computed otherwise)."""


_BINARY: dict[str, Callable[[Column, Column], Column]] = {
    "Eq": lambda a, b: a == b,
    "NotEq": lambda a, b: a != b,
    "Gt": lambda a, b: a > b,
    "GtEq": lambda a, b: a >= b,
    "Lt": lambda a, b: a < b,
    "LtEq": lambda a, b: a <= b,
    "And": lambda a, b: a & b,  # three-valued in both: False & null = False, True & null = null
    "Or": lambda a, b: a | b,
    "Plus": lambda a, b: a + b,
    "Minus": lambda a, b: a - b,
    "Multiply": lambda a, b: a * b,
}


def _literal(node: dict[str, Any], where: str) -> Column:
    inner = node.get("Scalar") or node.get("Dyn")
    if not isinstance(inner, dict) or len(inner) != 1:
        raise SparkCompileError(f"{where}: unsupported literal {node!r}")
    ((kind, value),) = inner.items()
    if kind in ("String", "Boolean", "Int", "Float", "Int64", "Int32", "Float64"):
        return F.lit(value)
    raise SparkCompileError(f"{where}: unsupported literal type {kind}")


def _node(node: Any, where: str) -> Column:
    if not isinstance(node, dict) or len(node) != 1:
        raise SparkCompileError(f"{where}: unsupported expression node {node!r}")
    ((kind, body),) = node.items()
    if kind == "Column":
        return F.col(f"`{body}`")
    if kind == "Literal":
        return _literal(body, where)
    if kind == "BinaryExpr":
        op = body["op"]
        if op not in _BINARY:
            raise SparkCompileError(f"{where}: unsupported operator {op}")
        return _BINARY[op](_node(body["left"], where), _node(body["right"], where))
    if kind == "Ternary":
        # Polars: a null predicate takes the ``otherwise`` branch, as Spark's CASE WHEN does.
        return F.when(_node(body["predicate"], where), _node(body["truthy"], where)).otherwise(
            _node(body["falsy"], where)
        )
    if kind == "Function":
        return _function(body, where)
    raise SparkCompileError(f"{where}: unsupported expression node {kind}")


def _function(body: dict[str, Any], where: str) -> Column:
    args = [_node(a, where) for a in body["input"]]
    fn = body["function"]
    if fn == "FillNull":
        return F.coalesce(args[0], args[1])
    if isinstance(fn, dict) and "Boolean" in fn:
        boolean = fn["Boolean"]
        if boolean == "IsNotNull":
            return args[0].isNotNull()
        if boolean == "IsNull":
            return args[0].isNull()
        if isinstance(boolean, dict) and "IsBetween" in boolean:
            closed = boolean["IsBetween"].get("closed")
            x, lo, hi = args
            bounds = {
                "Both": (x >= lo) & (x <= hi),
                "Left": (x >= lo) & (x < hi),
                "Right": (x > lo) & (x <= hi),
                "None": (x > lo) & (x < hi),
            }
            if closed not in bounds:
                raise SparkCompileError(f"{where}: unsupported is_between({closed})")
            return bounds[closed]
    raise SparkCompileError(f"{where}: unsupported function {fn!r}")


def compile_expr(expr: Any, where: str) -> Column:
    """A Polars expression (``pl.Expr``) as a Spark column over the same column names."""
    try:
        plan = json.loads(expr.meta.serialize(format="json"))
    except Exception as exc:  # a Polars that cannot serialise: say so, never guess
        raise SparkCompileError(f"{where}: cannot read the declaration ({exc})") from exc
    return _node(plan, where)


def stateless_measures() -> dict[str, Column]:
    """Every measure declared with an expression, as a Spark column (null as 0, as the local engine
    reads them). The stateful ones (``expr`` None) are compiled by name in ``plan``."""
    return {
        name: F.coalesce(compile_expr(m.expr, f"measure {name}").cast("long"), F.lit(0))
        for name, m in MEASURES.items()
        if m.expr is not None
    }
