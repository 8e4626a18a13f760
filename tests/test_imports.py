"""The pipeline's direction: every module imports only from the stages below it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import generator
from tests.conftest import REPO

PACKAGE = Path(generator.__file__).parent

# The stages of the README's module table, one set per row, in its order: a module may
# import from its own stage and the stages listed before it. The table is the design;
# LAYERS below is the finer order that also keeps modules of one stage from forming a cycle.
GROUPS = [
    {"messages"},
    {"vietnamese", "slugs"},
    {"dates"},
    {"model"},
    {"collation"},
    {"provinces"},
    {"diagnostics"},
    {"message_examples"},
    {"taxonomies"},
    {"urls"},
    {"links"},
    {"context"},
    {"interface"},
    {"sources"},
    {"bodies"},
    {"fields"},
    {"schema", "config"},
    {"party_names"},
    {"references"},
    {"topics"},
    {"timing"},
    {"register"},
    {"scaffold"},
    {"gfm"},
    {"markup"},
    {"write"},
    {"guide"},
    {"pages"},
    {"exports"},
    {"feeds"},
    {"calendars"},
    {"search_text"},
    {"sharing"},
    {"listing"},
    {"render"},
    {"history"},
    {"editor_schema"},
    {"datapackage"},
    {"search"},
    {"parallel"},
    {"cache"},
    {"build"},
    {"serve"},
    {"cli", "cli_words", "__main__"},
]

# Lower layers first; a module may import only from layers before its own.
LAYERS = [
    {"messages", "vietnamese"},
    {"cli_words"},
    {"dates"},
    {"model", "slugs", "collation", "write", "interface", "gfm"},
    {"taxonomies"},
    {"diagnostics", "urls", "markup", "provinces", "timing"},
    {"sources", "context", "message_examples", "links", "bodies", "cache", "party_names"},
    {"fields", "history"},
    {"schema", "config"},
    {"editor_schema"},
    {"references"},
    {"topics"},
    {"register", "scaffold"},
    {"exports", "guide"},
    {"feeds", "search_text", "sharing", "listing"},
    {"calendars"},
    {"datapackage", "search", "pages", "render", "parallel"},
    {"build"},
    {"serve"},
    {"cli"},
    {"__main__"},
]


def _layer(module: str) -> int:
    return next(index for index, names in enumerate(LAYERS) if module in names)


def _group(module: str) -> int:
    return next(index for index, names in enumerate(GROUPS) if module in names)


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


def _readme_groups() -> list[set[str]]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    code = readme.split("\n## Code\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in code.splitlines() if line.startswith("| `")]
    return [set(re.findall(r"`(\w+)\.py`", row.split(" | ")[0])) for row in rows]


def test_groups_are_the_readmes_module_table() -> None:
    """GROUPS lists the README's module table row by row, so the two cannot drift apart."""
    assert _readme_groups() == GROUPS


def test_every_module_has_a_stage() -> None:
    """A new module must have a row in the README's table before it can be imported."""
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules <= set().union(*GROUPS)


def test_imports_come_from_the_same_or_an_earlier_stage() -> None:
    """No module imports from a stage that the README's table lists after its own."""
    wrong = []
    for path in sorted(PACKAGE.glob("*.py")):
        if path.stem == "__init__":
            continue
        for imported in _imports(path):
            if _group(imported) > _group(path.stem):
                wrong.append(f"{path.stem} imports {imported}")
    assert wrong == []


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
