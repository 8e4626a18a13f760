"""Write `generator/content/message_examples.py`: one real example of every message `check` prints.

    python -m scripts.message_examples [--check]

Each broken content tree under `tests/fixtures/` is checked as a user would check it; the
first diagnostic of each catalogue code becomes its example, with its file, line, field
and parameters, so the editors' guide can print it exactly as `check` does, in each
language. `--check` exits 1 when the committed module differs from what would be written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.content.sources import MAX_DEPTH, MAX_FILE_BYTES
from generator.core.diagnostics import Collector, Diagnostic
from generator.core.messages import CATALOGUE, Phrase
from generator.publish.build import load
from tests.conftest import BROKEN, FIXTURES, assemble

TARGET = Path(__file__).resolve().parent.parent / "generator" / "content" / "message_examples.py"
TODAY = dt.date(2024, 6, 1)

HEADER = '''# ruff: noqa: E501  (generated: the messages are kept whole)
"""One real example of every message `check` prints, from the broken test fixtures.

Written by `python -m scripts.message_examples`; do not edit. The editors' guide prints
each as `check` would, in the guide's language.
"""

from __future__ import annotations

from generator.core.diagnostics import Diagnostic, Severity
from generator.core.messages import phrase

EXAMPLES: dict[str, Diagnostic] = {
'''


def _source(value: object) -> str:
    """Python source for a parameter: a phrase call, or the value's repr."""
    if isinstance(value, Phrase):
        params = "".join(f", {key}={_source(item)}" for key, item in value.params.items())
        return f"phrase({value.key!r}{params})"
    if isinstance(value, str | int | float | bool) or value is None:
        return repr(value)
    return repr(str(value))  # dates and the like: as the message shows them


def _diagnostic(found: Diagnostic) -> str:
    params = ", ".join(f"{key!r}: {_source(value)}" for key, value in found.params.items())
    return (
        f"    {found.code!r}: Diagnostic(\n"
        f"        path={found.path!r},\n"
        f"        line={found.line!r},\n"
        f"        field={found.field!r},\n"
        f"        message={found.message!r},\n"
        f"        expected={found.expected!r},\n"
        f"        severity=Severity.{found.severity.name},\n"
        f"        code={found.code!r},\n"
        f"        params={{{params}}},\n"
        "    ),\n"
    )


def _generated() -> list[Diagnostic]:
    """Examples of what no fixture folder can hold (links, pipes, permissions, huge or
    generated input), as `tests/test_sources.py` and `tests/test_links.py` produce them."""
    collector = Collector("content/agreements/quy-che-nghe-an.md")
    collector.add(
        "file-too-large", "file", line=1, size="3.2", limit=MAX_FILE_BYTES // 1024 // 1024
    )
    collector.add("yaml-character", "front matter", line=4, character="U+200B")
    collector.add("yaml-too-deep", "front matter", line=12, limit=MAX_DEPTH)
    collector.add("link-outside", "file", line=1)
    collector.add("broken-link", "file", line=1)
    collector.add("not-regular-file", "file", line=1)
    collector.add("unreadable-file", "file", line=1, reason="Permission denied")
    return collector.found


def examples() -> str:
    """The module's text: the first diagnostic of each code over the fixtures, in order."""
    first: dict[str, Diagnostic] = {}
    cases = [*sorted(p for p in BROKEN.iterdir() if p.is_dir()), FIXTURES / "warnings"]
    with tempfile.TemporaryDirectory() as scratch:
        here = Path.cwd()
        try:
            for case in cases:
                assemble(Path(scratch) / case.name, case)
                # As an editor runs it, from beside the content folder: paths read content/…
                os.chdir(Path(scratch) / case.name)
                for found in load(Path("content"), today=TODAY).diagnostics:
                    first.setdefault(found.code, found)
        finally:
            os.chdir(here)
    for found in _generated():
        first.setdefault(found.code, found)
    body = "".join(_diagnostic(first[code]) for code in CATALOGUE if code in first)
    return HEADER + body + "}\n"


def _formatted(text: str) -> str:
    """The module as ruff formats it (the repository's style)."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "-q", "--stdin-filename", str(TARGET), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    text = _formatted(examples())
    if args.check:
        return 0 if TARGET.read_text(encoding="utf-8") == text else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
