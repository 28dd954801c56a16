"""Package boundaries of the text stack: dependencies point one way, and importing does nothing.

``ringfence.lexical`` (hashing, linear model, normalisation, batching) is the base; ``ringfence.urls``
builds on it; ``ringfence.text`` builds on both (it screens the links in a message with the URL model).
A module that imports "upwards" (lexical -> urls/text, urls -> text) brings the cycle back, even inside a
function, so the check reads every import statement, not only the module-level ones.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import ringfence

SRC = Path(ringfence.__file__).resolve().parent
#: Each package of the text stack and the packages of the stack it may import (lowest layer first).
LAYERS = {"lexical": set(), "urls": {"lexical"}, "text": {"lexical", "urls"}}
#: Development code (model builders, data generators run from a checkout) the runtime must not import.
DEVELOPMENT_PACKAGES = ("scripts", "tests", "benchmarks")


def _modules(package: str) -> list[Path]:
    return sorted((SRC / package).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Absolute names of every module an ``import``/``from … import`` anywhere in the file names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                names.add(".".join([*base, node.module] if node.module else base))
            elif node.module is not None:
                names.add(node.module)
    return names


def _stack_package(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] == "ringfence" and parts[1] in LAYERS:
        return parts[1]
    return None


def test_the_text_stack_imports_only_downwards() -> None:
    wrong = []
    for package, allowed in LAYERS.items():
        for path in _modules(package):
            for name in sorted(_imports(path)):
                target = _stack_package(name)
                if target is not None and target != package and target not in allowed:
                    wrong.append(f"{_module_name(path)} imports {name}")
    assert wrong == [], "imports against the layering lexical <- urls <- text:\n" + "\n".join(wrong)


def test_the_package_graph_of_the_text_stack_has_no_cycle() -> None:
    edges: dict[str, set[str]] = {p: set() for p in LAYERS}
    for package in LAYERS:
        for path in _modules(package):
            for name in _imports(path):
                target = _stack_package(name)
                if target is not None and target != package:
                    edges[package].add(target)
    done: set[str] = set()

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, f"import cycle: {' -> '.join((*path, node))}"
        if node in done:
            return
        for nxt in sorted(edges[node]):
            visit(nxt, (*path, node))
        done.add(node)

    for package in LAYERS:
        visit(package, ())


def test_the_runtime_package_imports_no_development_code() -> None:
    wrong = [
        f"{_module_name(path)} imports {name}"
        for path in sorted(SRC.rglob("*.py"))
        for name in sorted(_imports(path))
        if name.split(".")[0] in DEVELOPMENT_PACKAGES
    ]
    assert wrong == []


def test_the_text_stack_names_no_development_data_path() -> None:
    """Builders that default to a development checkout's data live outside the package (scripts/)."""
    wrong = [
        str(path.relative_to(SRC))
        for package in LAYERS
        for path in _modules(package)
        if "shared/data" in path.read_text(encoding="utf-8")
    ]
    assert wrong == []


# Run in a fresh interpreter: modules of the stack are imported one after the other with an audit hook
# that records every file opened while they execute. Third-party and other ringfence modules they import
# are imported first, so only what the stack itself does at import time is seen; reading a module's own
# code (.py, .pyc, extension modules) is how importing works and is allowed.
_PROBE = r"""
import gc, importlib, importlib.machinery, json, logging, os, sys, warnings

modules, preload = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for name in preload:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
import numpy as np

code_suffixes = tuple(importlib.machinery.all_suffixes()) + (".pyc",)
opened = []

def hook(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        if not path.endswith(code_suffixes):
            opened.append(path)

def state():
    root = logging.getLogger()
    return {
        "environ": dict(os.environ), "path": list(sys.path), "gc": [gc.isenabled(), gc.get_threshold()],
        "recursion": sys.getrecursionlimit(), "warnings": len(warnings.filters),
        "logging": [root.level, len(root.handlers)], "numpy_err": np.geterr(),
    }

before = state()
sys.addaudithook(hook)
by_module = {}
for name in modules:
    opened.clear()
    importlib.import_module(name)
    if opened:
        by_module[name] = list(opened)
changed = sorted(k for k, v in state().items() if before[k] != v)
print(json.dumps({"opened": by_module, "changed": changed}))
"""


def _third_party(paths: list[Path]) -> list[str]:
    """Modules outside the stack that the stack imports (loaded before the probe starts watching)."""
    names = {name for path in paths for name in _imports(path) if _stack_package(name) is None}
    return sorted(names)


def test_importing_the_text_stack_reads_no_files_and_changes_no_global_state() -> None:
    paths = [path for package in LAYERS for path in _modules(package)]
    modules = [_module_name(path) for path in paths]
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(modules), json.dumps(_third_party(paths))],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["opened"] == {}, f"files read at import time: {report['opened']}"
    assert report["changed"] == [], f"global state changed at import time: {report['changed']}"
