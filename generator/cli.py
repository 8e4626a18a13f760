"""The `agreements` command: a thin edge over the library, owning exit codes and the clock.

Exit status: 0 success, 1 content errors (or warnings under --strict), 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from generator import diagnostics
from generator.build import Loaded, TemplateProblem, build, load
from generator.config import is_base_url
from generator.write import UnsafeOutput, stale_staging

EXIT_OK = 0
EXIT_CONTENT = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake in the command line rather than in the content."""


def _as_of(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a date — expected YYYY-MM-DD, such as 2024-01-31"
        ) from None


def _base_url(value: str) -> str:
    if not is_base_url(value):
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a base URL — expected https://host/path/ or /path/"
        )
    return value


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar="DIR",
        help="content folder to read (default: content/)",
    )
    parser.add_argument(
        "--as-of",
        type=_as_of,
        metavar="YYYY-MM-DD",
        help="date statuses are computed against (default: site.yaml's as_of, else today)",
    )
    parser.add_argument(
        "--base-url",
        type=_base_url,
        metavar="URL",
        help="public address of the site, overriding site.yaml's base_url",
    )


def make_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="agreements",
        description="Check and publish a register of coordination agreements.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    check = commands.add_parser(
        "check",
        help="validate the content and report every problem",
        description=(
            "Validate every file of the content folder and report every problem at once, "
            "as 'path:line: field: what is wrong — what was expected'."
        ),
    )
    _add_common(check)
    check.add_argument("--strict", action="store_true", help="fail on warnings as well as errors")
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="'github' prints GitHub Actions annotations on standard output",
    )
    check.set_defaults(run=run_check)
    build_ = commands.add_parser(
        "build",
        help="check the content and write the whole site",
        description=(
            "Check the content and, if it has no error, render the whole site into the "
            "output folder. The site is built beside the folder and swapped in at the end, "
            "so a failed build leaves the previous site untouched."
        ),
    )
    _add_common(build_)
    build_.add_argument(
        "--output",
        type=Path,
        default=Path("site"),
        metavar="DIR",
        help="folder to write the site to (default: site/)",
    )
    build_.add_argument("--strict", action="store_true", help="fail on warnings as well as errors")
    build_.set_defaults(run=run_build)
    return parser


def _require_content(args: argparse.Namespace) -> None:
    if not args.content.is_dir():
        raise UsageError(f"content folder '{args.content}' does not exist or is not a folder")


def _load(args: argparse.Namespace, today: dt.date) -> Loaded:
    _require_content(args)
    return load(args.content, today=today, as_of=args.as_of, base_url=args.base_url)


def _report(problems: list[diagnostics.Diagnostic], command: str, err: TextIO) -> None:
    for diagnostic in problems:
        print(diagnostics.format_text(diagnostic), file=err)
    if problems:
        print(f"agreements {command}: {diagnostics.summary(problems)}", file=err)


def _nothing_written(args: argparse.Namespace, err: TextIO) -> int:
    print(f"agreements build: nothing written; '{args.output}' is unchanged", file=err)
    return EXIT_CONTENT


def run_build(args: argparse.Namespace, today: dt.date, out: TextIO, err: TextIO) -> int:
    """`agreements build`: check, then write the site only if nothing fails."""
    _require_content(args)
    if args.output.resolve() == args.content.resolve() or args.content.resolve().is_relative_to(
        args.output.resolve()
    ):
        raise UsageError(f"output folder '{args.output}' would replace the content folder")
    started = time.perf_counter()
    try:
        built = build(
            args.content,
            args.output,
            today=today,
            as_of=args.as_of,
            base_url=args.base_url,
            strict=args.strict,
        )
    except TemplateProblem as problem:
        print(f"agreements build: error: {problem}", file=err)
        return _nothing_written(args, err)
    except UnsafeOutput as problem:
        raise UsageError(str(problem)) from None
    loaded = built.loaded
    _report(loaded.diagnostics, "build", err)
    if not built.written:
        return _nothing_written(args, err)
    register = loaded.register
    assert register is not None
    pages = sum(1 for name in built.written if name.endswith(".html"))
    seconds = time.perf_counter() - started
    print(
        f"agreements build: {diagnostics.plural(pages, 'page')} "
        f"({diagnostics.plural(len(built.written), 'file')}) written to '{args.output}' "
        f"as of {register.as_of.isoformat()} in {seconds:.2f} s",
        file=out,
    )
    for leftover in stale_staging(args.output):
        print(
            f"agreements build: note: '{leftover}' is left from an interrupted build "
            "and can be deleted",
            file=err,
        )
    return EXIT_OK


def run_check(args: argparse.Namespace, today: dt.date, out: TextIO, err: TextIO) -> int:
    """`agreements check`: report every problem; fail on errors (and warnings if strict)."""
    loaded = _load(args, today)
    problems = loaded.diagnostics
    if args.format == "github":
        for diagnostic in problems:
            print(diagnostics.format_github(diagnostic), file=out)
        if problems:
            print(f"agreements check: {diagnostics.summary(problems)}", file=err)
    else:
        _report(problems, "check", err)
    failed = bool(loaded.errors) or (args.strict and bool(loaded.warnings))
    if not failed:
        register = loaded.register
        assert register is not None
        counts = ", ".join(
            diagnostics.plural(n, word)
            for n, word in (
                (len(register.agreements), "agreement"),
                (len(register.drafts), "draft"),
                (len(register.parties), "party"),
                (len(register.pages), "page"),
            )
        )
        verdict = "" if problems else ": no problems"
        print(
            f"agreements check: {counts} checked as of {register.as_of.isoformat()}{verdict}",
            file=out,
        )
    return EXIT_CONTENT if failed else EXIT_OK


def main(
    argv: Sequence[str] | None = None,
    *,
    today: dt.date | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run a command and return its exit status; `today` stands in for the clock in tests."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        return args.run(args, today or dt.date.today(), out, err)
    except UsageError as error:
        print(f"agreements {args.command}: error: {error}", file=err)
        return EXIT_USAGE


def main_entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
