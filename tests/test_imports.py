"""The pipeline's direction: the package's folders are its stages, in the order the README's
table lists them, and a module imports only from its own folder and the folders before it;
inside the package no two modules import each other, however indirectly."""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import generator
from tests.conftest import REPO

PACKAGE = Path(generator.__file__).parent

FOLDERS = ["core", "content", "site", "publish", "editing"]
"""The stages, in pipeline order (the README's table holds the same, row by row)."""


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name below `generator` (`core.model`); the
    package's own `__main__` as `__main__`."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "templates" in path.relative_to(PACKAGE).parts or path.name == "__init__.py":
            continue
        found[".".join(path.relative_to(PACKAGE).with_suffix("").parts)] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules a file imports (`from generator.core import model` counts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            base = node.module.removeprefix("generator").lstrip(".")
            names = [f"{base}.{a.name}".lstrip(".") for a in node.names] + [base]
        elif isinstance(node, ast.Import):
            names = [a.name.removeprefix("generator.") for a in node.names]
        found |= {name for name in names if name in modules}
    return found


def _folder(module: str) -> str | None:
    return module.split(".", 1)[0] if "." in module else None


def test_every_module_lives_in_a_stage_folder() -> None:
    """No module sits at the package's top but `__main__`, and every folder is a stage."""
    modules = _modules()
    assert {m for m in modules if _folder(m) is None} == {"__main__"}
    assert {_folder(m) for m in modules} - {None} == set(FOLDERS)


def test_imports_come_from_the_same_or_an_earlier_folder() -> None:
    """No module imports from a folder listed after its own."""
    modules = _modules()
    wrong = []
    for module, path in modules.items():
        own = _folder(module)
        if own is None:
            continue
        for imported in _imports(path, modules):
            theirs = _folder(imported)
            if theirs is not None and FOLDERS.index(theirs) > FOLDERS.index(own):
                wrong.append(f"{module} imports {imported}")
    assert wrong == []


def test_no_import_cycle() -> None:
    """The modules' imports form no loop: each can be read after all it imports."""
    modules = _modules()
    graph = {module: _imports(path, modules) for module, path in modules.items()}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as error:
        raise AssertionError(f"import cycle: {error.args[1]}") from None


def test_the_check_finds_an_upward_import(tmp_path: Path) -> None:
    """The direction check reads `from generator.site import pages` in a core module."""
    path = tmp_path / "probe.py"
    path.write_text("from generator.site import pages\n", encoding="utf-8")
    assert _imports(path, _modules()) == {"site.pages"}


def _readme_folders() -> list[tuple[str, set[str]]]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    code = readme.split("\n## Code\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in code.splitlines() if line.startswith("| `generator/")]
    table = []
    for row in rows:
        folder = re.match(r"\| `generator/(\w+)/`", row)
        assert folder is not None, row
        table.append((folder.group(1), set(re.findall(r"`(\w+)\.py`", row))))
    return table


def test_the_readme_table_is_the_folders_in_order_with_every_module() -> None:
    """The README's table has one row per folder, in pipeline order, naming every module
    of it, so the map cannot drift from the tree."""
    table = _readme_folders()
    assert [folder for folder, _ in table] == FOLDERS
    modules = _modules()
    for folder, named in table:
        assert named == {m.split(".", 1)[1] for m in modules if _folder(m) == folder}, folder
