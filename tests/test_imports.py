"""The pipeline's direction: every module imports only from the stages below it."""

from __future__ import annotations

import ast
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent

# Lower layers first; a module may import only from layers before its own.
LAYERS = [
    {"messages", "model", "vietnamese", "slugs", "collation", "write", "history", "interface"},
    {"diagnostics", "urls", "markup"},
    {"sources"},
    {"fields"},
    {"schema", "config"},
    {"editor_schema"},
    {"references"},
    {"register", "scaffold"},
    {"exports", "guide"},
    {"datapackage", "search", "pages", "render"},
    {"build"},
    {"serve"},
    {"cli"},
    {"__main__"},
]


def _layer(module: str) -> int:
    return next(index for index, names in enumerate(LAYERS) if module in names)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "generator":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("generator."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(
                a.name.split(".")[1] for a in node.names if a.name.startswith("generator.")
            )
    return found


def test_every_module_has_a_layer() -> None:
    """A new module must be placed in the pipeline before it can be imported."""
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules <= set().union(*LAYERS)


def test_imports_only_point_downward() -> None:
    """No module imports from its own layer or a later one (no cycles, no shortcuts)."""
    wrong = []
    for path in sorted(PACKAGE.glob("*.py")):
        if path.stem == "__init__":
            continue
        for imported in _imports(path):
            if _layer(imported) >= _layer(path.stem) and imported != path.stem:
                wrong.append(f"{path.stem} imports {imported}")
    assert wrong == []


def test_there_is_no_junk_drawer() -> None:
    """STYLE forbids utils.py and helpers.py."""
    assert not {"utils", "helpers", "misc", "common"} & {p.stem for p in PACKAGE.glob("*.py")}
