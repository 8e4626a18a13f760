"""The README's promise: its two commands are the ones CI runs."""

from __future__ import annotations

import re

from tests.conftest import REPO


def _commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)


def test_the_readme_gives_exactly_two_commands() -> None:
    """One command builds the site from the content, one runs the tests."""
    commands = _commands()
    assert len(commands) == 2
    assert commands[0].endswith("agreements build")
    assert commands[1].endswith("python -m pytest")


def test_ci_runs_the_readmes_test_command_verbatim() -> None:
    """.ci/run contains the README's test command as one of its lines, and fails fast."""
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in ci
    assert _commands()[1] in ci.splitlines()


def test_the_readme_says_how_to_open_the_site() -> None:
    """After building, the README tells a new user how to serve and open site/."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "python -m http.server -d site" in readme
