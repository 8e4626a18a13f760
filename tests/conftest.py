"""Shared helpers: assemble content trees from fixtures and run the CLI in-process."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
BROKEN = FIXTURES / "broken"
REPO = Path(__file__).parent.parent
TODAY = dt.date(2024, 6, 1)


@dataclass
class Run:
    """What one command printed and returned."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        """Standard error split into lines."""
        return self.err.splitlines()


def run_cli(*argv: str, today: dt.date = TODAY) -> Run:
    """Run `agreements ARGV` in-process with a fixed clock."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), today=today, out=out, err=err)
    return Run(code, out.getvalue(), err.getvalue())


def assemble(target: Path, *overlays: Path) -> Path:
    """Copy the minimal valid tree to `target/content`, then each overlay over it.

    An overlay may hold a `DELETE` file listing paths to remove; `expected.txt` and
    `DELETE` themselves are not copied.
    """
    content = target / "content"
    shutil.copytree(MINIMAL, content)
    for overlay in overlays:
        for path in sorted(overlay.rglob("*")):
            relative = path.relative_to(overlay)
            if path.is_dir() or relative.as_posix() in ("expected.txt", "DELETE"):
                continue
            destination = content / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
        deletions = overlay / "DELETE"
        if deletions.exists():
            for line in deletions.read_text(encoding="utf-8").split():
                (content / line).unlink()
    return content


@pytest.fixture
def content_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A factory: build a content tree from overlays and chdir next to it."""
    monkeypatch.chdir(tmp_path)

    def make(*overlays: Path) -> Path:
        return assemble(tmp_path, *overlays)

    return make


def write(path: Path, text: str) -> Path:
    """Write UTF-8 text, creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
