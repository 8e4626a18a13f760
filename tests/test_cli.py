"""The command line: help everywhere, exit codes, output streams and formats."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from generator.editing.cli import make_parser
from tests.conftest import BROKEN, REPO, run_cli


def _commands() -> list[str]:
    parser = make_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(action.choices)


def test_there_are_commands_to_test() -> None:
    """The parser exposes at least the check and build commands."""
    assert {"check", "build"} <= set(_commands())


@pytest.mark.parametrize("command", [[], *[[c] for c in _commands()]])
def test_every_command_has_help(command: list[str], capsys) -> None:
    """`--help` works for the program and for each command, and exits 0."""
    assert run_cli(*command, "--help").code == 0
    printed = capsys.readouterr().out
    assert printed.startswith("usage: agreements")
    assert "--help" in printed


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["publish"],
        ["check", "--as-of", "24/11/2026"],
        ["check", "--format", "xml"],
        ["check", "--base-url", "ftp://example.org"],
        ["check", "--content", "khong-co-thu-muc"],
    ],
)
def test_usage_errors_exit_2_without_a_traceback(
    argv: list[str], capsys, tmp_path, monkeypatch
) -> None:
    """A mistake on the command line exits 2 with a message on standard error."""
    monkeypatch.chdir(tmp_path)
    result = run_cli(*argv)
    captured = capsys.readouterr()
    assert result.code == 2
    assert "error" in (result.err + captured.err)
    assert "Traceback" not in result.err + captured.err


def test_github_annotations_escape_what_the_runner_would_misread(content_tree) -> None:
    """Commas and colons in a path and newlines in a message are percent-encoded."""
    content_tree(BROKEN / "yaml-syntax")
    result = run_cli("check", "--content", "content", "--format", "github")
    first = result.out.splitlines()[0]
    assert first.startswith(
        "::error file=content/agreements/quy-che-nghe-an.md,line=2,title=front matter::"
    )
    assert first.endswith("quote values that contain ': ' or start with a special character")
    assert result.err.strip() == "agreements check: 2 errors, 0 warnings in 2 files"


def test_the_module_and_the_console_script_run_the_same_command() -> None:
    """`python -m generator` and `agreements` both check the seed content."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    module = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--as-of", "2026-01-01"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert module.returncode == 0, module.stderr
    assert "no problems" in module.stdout
    script = os.path.join(os.path.dirname(sys.executable), "agreements")
    if os.path.exists(script):
        installed = subprocess.run(
            [script, "check", "--as-of", "2026-01-01"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert installed.returncode == 0, installed.stderr
        assert installed.stdout == module.stdout
