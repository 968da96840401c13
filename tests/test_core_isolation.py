"""``core`` stays a pure library: nothing under core/ imports textual or snmptui.

Checked twice: statically (every import statement and every import_module/__import__
call with a literal name, in every .py under core/) and dynamically (importing core
and all its submodules in a fresh interpreter leaves textual and snmptui unloaded).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORE = REPO / "core"
FORBIDDEN = frozenset({"textual", "snmptui"})


def imported_names(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module name) for each absolute import and each literal dynamic import."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((node.lineno, first.value))
    return found


def _is_dynamic_import(func: ast.expr) -> bool:
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in {"import_module", "__import__"}


def forbidden_imports(source: str, filename: str) -> list[str]:
    tree = ast.parse(source, filename=filename)
    return [
        f"{filename}:{line} imports {name}"
        for line, name in imported_names(tree)
        if name.split(".")[0] in FORBIDDEN
    ]


def test_checker_catches_every_import_form() -> None:
    source = (
        "import textual.app\n"
        "from snmptui import cli\n"
        "import importlib\n"
        "importlib.import_module('textual')\n"
        "__import__('snmptui.cli')\n"
        "import os, textualize\n"
        "from . import snmptui\n"
    )
    assert forbidden_imports(source, "x.py") == [
        "x.py:1 imports textual.app",
        "x.py:2 imports snmptui",
        "x.py:4 imports textual",
        "x.py:5 imports snmptui.cli",
    ]


def test_core_sources_import_no_ui() -> None:
    sources = sorted(CORE.rglob("*.py"))
    assert sources, f"no Python files under {CORE}"
    problems = [
        problem
        for path in sources
        for problem in forbidden_imports(path.read_text(), str(path.relative_to(REPO)))
    ]
    assert problems == []


IMPORT_ALL_OF_CORE = """
import importlib, pkgutil, sys
import core
for info in pkgutil.walk_packages(core.__path__, "core."):
    importlib.import_module(info.name)
print(core.__path__[0])
print(",".join(sorted({m.split(".")[0] for m in sys.modules} & {"textual", "snmptui"})))
"""


def test_importing_core_loads_no_ui() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL_OF_CORE],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    core_path, loaded = result.stdout.splitlines()
    assert Path(core_path).resolve() == CORE
    assert loaded == ""
