"""The `agreements` command: a thin edge over the library, owning exit codes and the clock.

Exit status: 0 success, 1 content errors (or warnings under --strict), 2 usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path, PurePath
from typing import TextIO

from generator.content import scaffold
from generator.content.config import is_base_url
from generator.core import cli_words, diagnostics
from generator.core.dates import PartialDate
from generator.core.diagnostics import excerpt
from generator.core.messages import LANGUAGES, phrase, say
from generator.publish import parallel
from generator.publish.build import Loaded, TemplateProblem, build, load
from generator.publish.parallel import Stopped
from generator.publish.write import UnsafeOutput, stale_staging

EXIT_OK = 0
EXIT_CONTENT = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake in the command line rather than in the content; its text may be a phrase
    (said in the language of the messages)."""


LANGUAGE_VARIABLE = cli_words.LANGUAGE_VARIABLE
"""Environment variable naming the messages' default language (`vi` or `en`)."""


def _add_language(parser: argparse.ArgumentParser, words: cli_words.Words) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=words.language,
        help=words("lang"),
    )


def _said(args: argparse.Namespace, key: str, **params: object) -> str:
    """A line of the command's own in the language of the messages."""
    return phrase(key, **params).say(getattr(args, "lang", LANGUAGES[0]))


def _as_of(words: cli_words.Words) -> Callable[[str], dt.date]:
    def read(value: str) -> dt.date:
        # Not `date.fromisoformat`, which also reads week dates (2024W053) and other forms.
        try:
            parsed = PartialDate.parse(value)
            if parsed.day is None:
                raise ValueError("not a day")
            return parsed.first_day
        except ValueError:
            raise argparse.ArgumentTypeError(words("bad-as-of", value=excerpt(value))) from None

    return read


def _base_url(words: cli_words.Words) -> Callable[[str], str]:
    def read(value: str) -> str:
        if not is_base_url(value):
            raise argparse.ArgumentTypeError(words("bad-base-url", value=excerpt(value)))
        return value

    return read


def _add_content(parser: argparse.ArgumentParser, words: cli_words.Words, key: str) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        metavar=words.metavar("DIR"),
        help=words(key),
    )


def _add_common(parser: argparse.ArgumentParser, words: cli_words.Words) -> None:
    _add_language(parser, words)
    _add_content(parser, words, "content")
    parser.add_argument(
        "--as-of",
        type=_as_of(words),
        metavar="YYYY-MM-DD",
        help=words("as-of"),
    )
    parser.add_argument(
        "--base-url",
        type=_base_url(words),
        metavar="URL",
        help=words("base-url"),
    )


def make_parser(language: str | None = None) -> argparse.ArgumentParser:
    """The argument parser for every command, its help in `language` (by default the
    environment's; make it, and parse with it, inside `cli_words.speaking(language)` for
    argparse's own words too)."""
    language = language or cli_words.language_of((), os.environ.get(LANGUAGE_VARIABLE))
    words = cli_words.Words(language)
    parser = argparse.ArgumentParser(prog="agreements", description=words("prog"))
    _add_language(parser, words)
    commands = parser.add_subparsers(
        dest="command", metavar=words.metavar("COMMAND"), required=True
    )
    check = commands.add_parser(
        "check", help=words("check"), description=words("check.description")
    )
    _add_common(check, words)
    check.add_argument("--strict", action="store_true", help=words("strict"))
    check.add_argument("--format", choices=("text", "github"), default="text", help=words("format"))
    check.set_defaults(run=run_check)
    build_ = commands.add_parser(
        "build", help=words("build"), description=words("build.description")
    )
    _add_common(build_, words)
    build_.add_argument(
        "--output",
        type=Path,
        default=Path("site"),
        metavar=words.metavar("DIR"),
        help=words("output"),
    )
    build_.add_argument("--strict", action="store_true", help=words("strict"))
    build_.set_defaults(run=run_build)
    _add_new(commands, words)
    _add_new_party(commands, words)
    _add_serve(commands, words)
    return parser


def _add_new(commands: argparse._SubParsersAction, words: cli_words.Words) -> None:
    new = commands.add_parser("new", help=words("new"), description=words("new.description"))
    _add_language(new, words)
    _add_content(new, words, "new.content")
    new.add_argument("--title", metavar=words.metavar("TEXT"), help=words("title"))
    new.add_argument(
        "--kind",
        metavar=words.metavar("KIND"),
        help=words("new.kind", kinds=", ".join(scaffold.KIND_NAMES)),
    )
    new.add_argument(
        "--party",
        dest="parties",
        action="append",
        default=[],
        metavar=words.metavar("NAME"),
        help=words("party"),
    )
    new.add_argument("--signed", metavar=words.metavar("DATE"), help=words("signed"))
    new.add_argument("--inferred", choices=("year", "date"), help=words("inferred"))
    new.add_argument("--reason", metavar=words.metavar("TEXT"), help=words("reason"))
    new.add_argument("--slug", metavar=words.metavar("SLUG"), help=words("slug"))
    new.set_defaults(run=run_new, as_of=None, base_url=None)


def _add_new_party(commands: argparse._SubParsersAction, words: cli_words.Words) -> None:
    new_party = commands.add_parser(
        "new-party", help=words("new-party"), description=words("new-party.description")
    )
    _add_language(new_party, words)
    _add_content(new_party, words, "new-party.content")
    text = words.metavar("TEXT")
    new_party.add_argument("--name", metavar=text, help=words("name"))
    labels = ", ".join(scaffold.party_kind_labels().values())
    new_party.add_argument(
        "--kind", metavar=words.metavar("KIND"), help=words("new-party.kind", labels=labels)
    )
    new_party.add_argument("--short", metavar=text, help=words("short"))
    new_party.add_argument("--province", metavar=words.metavar("NAME"), help=words("province"))
    new_party.add_argument("--parent", metavar=words.metavar("PARTY"), help=words("parent"))
    new_party.add_argument("--id", dest="party_id", metavar=words.metavar("ID"), help=words("id"))
    new_party.set_defaults(run=run_new_party, as_of=None, base_url=None)


def run_new_party(args: argparse.Namespace, today: dt.date, out: TextIO, err: TextIO) -> int:
    """`agreements new-party`: write one party file."""
    nothing = _said(args, "cli.nothing_written")
    missing = [flag for flag, value in (("--name", args.name), ("--kind", args.kind)) if not value]
    if missing:
        raise UsageError(
            phrase(
                "cli.missing_flags",
                flags=", ".join(missing),
            )
        )
    loaded = _load(args, today)
    register, context = loaded.register, loaded.context
    if register is None or context is None:
        _report(loaded.errors, "new-party", err, args.lang)
        print(f"agreements new-party: {nothing}", file=err)
        return EXIT_CONTENT
    agreements = [*register.agreements.values(), *register.drafts]
    known = scaffold.known_from(register.parties, agreements, _agreement_stems(args.content))
    stems = {path.stem for path in (args.content / "parties").glob("*.md")}
    given = scaffold.PartyGiven(
        args.name, args.kind, args.short, args.province, args.parent, args.party_id
    )
    try:
        answers = scaffold.party_from_flags(given, known, stems)
    except scaffold.Refused as refused:
        for problem in refused.problems:
            print(f"agreements new-party: {_error(args)}: {problem.say(args.lang)}", file=err)
        print(f"agreements new-party: {nothing}", file=err)
        return EXIT_CONTENT if refused.only_parties else EXIT_USAGE
    text = scaffold.render_party(answers, scaffold.words(context.config.language))
    if _refused(args, today, loaded, answers.path, text, "new-party", err):
        return EXIT_USAGE
    target = _write_new(args, answers.path, text)
    wrote = _said(args, "cli.wrote_target", target=target)
    print(f"agreements new-party: {wrote}", file=out)
    return EXIT_OK


def _refused(
    args: argparse.Namespace,
    today: dt.date,
    loaded: Loaded,
    path: PurePath,
    text: str,
    command: str,
    err: TextIO,
) -> bool:
    """Whether `check` would find an error in the content with the new file in it that it
    does not find now (in the new file, or in another that the new one clashes with); each
    such error is printed, and nothing is to be written."""
    after = load(
        args.content,
        today=today,
        as_of=args.as_of,
        base_url=args.base_url,
        adding={path.as_posix(): text},
    )
    before = Counter(map(_seen, loaded.errors))
    new = []
    for diagnostic in after.errors:
        if before[_seen(diagnostic)]:
            before[_seen(diagnostic)] -= 1
        else:
            new.append(diagnostic)
    shown = diagnostics.display_path(args.content, path)
    for diagnostic in new:
        if diagnostic.path == shown:
            what, expected = diagnostic.text(args.lang)
            said = f"{diagnostic.field}: {what} — {expected}"
        else:
            said = diagnostics.format_text(diagnostic, args.lang)
        print(f"agreements {command}: {_error(args)}: {said}", file=err)
    if new:
        print(f"agreements {command}: {_said(args, 'cli.nothing_written')}", file=err)
    return bool(new)


def _seen(diagnostic: diagnostics.Diagnostic) -> tuple[object, ...]:
    return (diagnostic.path, diagnostic.line, diagnostic.field, diagnostic.code, diagnostic.message)


def _write_new(args: argparse.Namespace, path: PurePath, text: str) -> Path:
    """Write a new file under the content folder; never over an existing one."""
    target = args.content / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.parent.resolve().is_relative_to(args.content.resolve()):
        # A folder that is a link out of the content folder: write nothing through it.
        raise UsageError(
            phrase(
                "cli.folder_leads_outside_content_folder",
                folder=target.parent,
            )
        )
    try:
        with target.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise UsageError(
            phrase(
                "cli.target_already_exists_nothing_written",
                target=target,
            )
        ) from None
    return target


def _require_content(args: argparse.Namespace) -> None:
    if not args.content.is_dir():
        raise UsageError(
            phrase(
                "cli.content_folder_folder_does_not",
                folder=args.content,
            )
        )


def _load(args: argparse.Namespace, today: dt.date) -> Loaded:
    _require_content(args)
    return load(args.content, today=today, as_of=args.as_of, base_url=args.base_url)


def _report(
    problems: list[diagnostics.Diagnostic], command: str, err: TextIO, language: str
) -> None:
    for diagnostic in problems:
        print(diagnostics.format_text(diagnostic, language), file=err)
    if problems:
        print(f"agreements {command}: {diagnostics.summary(problems, language)}", file=err)


def _nothing_written(args: argparse.Namespace, err: TextIO) -> int:
    said = _said(
        args,
        "cli.nothing_written_output_unchanged",
        output=args.output,
    )
    print(f"agreements build: {said}", file=err)
    return EXIT_CONTENT


def _error(args: argparse.Namespace) -> str:
    return _said(args, "cli.error")


def run_build(args: argparse.Namespace, today: dt.date, out: TextIO, err: TextIO) -> int:
    """`agreements build`: check, then write the site only if nothing fails."""
    _require_content(args)
    if args.output.resolve() == args.content.resolve() or args.content.resolve().is_relative_to(
        args.output.resolve()
    ):
        raise UsageError(
            phrase(
                "cli.output_folder_output_would_replace",
                output=args.output,
            )
        )
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
        print(f"agreements build: {_error(args)}: {problem}", file=err)
        return _nothing_written(args, err)
    except UnsafeOutput as problem:
        raise UsageError(str(problem)) from None
    except OSError as error:  # a full disk, a folder without write permission
        where = f" ({error.filename})" if error.filename else ""
        said = _said(args, "cli.cannot_write_site")
        print(f"agreements build: {_error(args)}: {said}: {error.strerror}{where}", file=err)
        return _nothing_written(args, err)
    for folder in built.removed:
        said = _said(
            args,
            "cli.removed_folder_left_interrupted_build",
            folder=folder,
        )
        print(f"agreements build: {said}", file=err)
    loaded = built.loaded
    _report(loaded.diagnostics, "build", err, args.lang)
    for note in loaded.notes:
        warning = diagnostics.WARNING_WORD.say(args.lang)
        print(f"agreements build: {warning}: {say(note, args.lang)}", file=err)
    if not built.written:
        return _nothing_written(args, err)
    assert built.as_of is not None
    pages = sum(1 for name in built.written if name.endswith(".html"))
    seconds = time.perf_counter() - started
    said = _said(
        args,
        "cli.kept" if built.kept else "cli.wrote",
        pages=diagnostics.plural(pages, "page"),
        files=diagnostics.plural(len(built.written), "file"),
        count=pages,
        written=len(built.written),
        output=args.output,
        as_of=built.as_of.isoformat(),
        seconds=f"{seconds:.2f}",
        comma=f"{seconds:.2f}".replace(".", ","),
    )
    print(f"agreements build: {said}", file=out)
    for leftover in stale_staging(args.output):
        said = _said(
            args,
            "cli.note_leftover_use_another_build",
            leftover=leftover,
        )
        print(f"agreements build: {said}", file=err)
    return EXIT_OK


def run_check(args: argparse.Namespace, today: dt.date, out: TextIO, err: TextIO) -> int:
    """`agreements check`: report every problem; fail on errors (and warnings if strict)."""
    loaded = _load(args, today)
    problems = loaded.diagnostics
    if args.format == "github":
        for diagnostic in problems:
            print(diagnostics.format_github(diagnostic, args.lang), file=out)
        if problems:
            print(f"agreements check: {diagnostics.summary(problems, args.lang)}", file=err)
    else:
        _report(problems, "check", err, args.lang)
    failed = bool(loaded.errors) or (args.strict and bool(loaded.warnings))
    if not failed:
        register = loaded.register
        assert register is not None
        numbers = (
            len(register.agreements),
            len(register.drafts),
            len(register.parties),
            len(register.pages),
        )
        if args.lang == "en":
            words = ("agreement", "draft", "party", "page")
            shown = [diagnostics.plural(n, w) for n, w in zip(numbers, words, strict=True)]
        else:
            words = ("văn bản", "bản nháp", "bên ký", "trang")
            shown = [f"{n} {w}" for n, w in zip(numbers, words, strict=True)]
        counts = ", ".join(shown)
        verdict = _said(args, "cli.no_problems") if not problems else ""
        said = _said(
            args,
            "cli.counts_checked",
            counts=counts,
            as_of=register.as_of.isoformat(),
        )
        print(f"agreements check: {said}{verdict}", file=out)
    return EXIT_CONTENT if failed else EXIT_OK


def _agreement_stems(content: Path) -> set[str]:
    """Names of every agreement file on disk, readable or not, so none is overwritten."""
    return {path.stem for path in (content / "agreements").rglob("*.md")}


def _terminal_ask(out: TextIO) -> scaffold.Ask:
    def ask(prompt: str) -> str:
        out.write(prompt)
        out.flush()
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    return ask


def _require_flags(given: scaffold.Given) -> scaffold.Given:
    missing = [
        flag for flag, value in (("--title", given.title), ("--kind", given.kind)) if value is None
    ]
    if len(given.parties) < 2:
        missing.append("--party (twice or more)")
    if given.signed is None:
        missing.append("--signed")
    if missing:
        raise UsageError(
            phrase(
                "cli.missing_flags_give_them_flags",
                flags=", ".join(missing),
            )
        )
    return given


def _answers(
    args: argparse.Namespace, known: scaffold.Known, ask: scaffold.Ask | None, out: TextIO
) -> scaffold.Answers:
    given = scaffold.Given(
        args.title,
        args.kind,
        tuple(args.parties),
        args.signed,
        args.slug,
        args.inferred,
        args.reason,
    )
    if ask is None and sys.stdin is not None and sys.stdin.isatty():
        ask = _terminal_ask(out)
    if ask is None:
        return scaffold.from_flags(_require_flags(given), known)
    try:
        return scaffold.ask_answers(
            given, known, ask, lambda line: print(line, file=out), args.lang
        )
    except (EOFError, KeyboardInterrupt):
        print(file=out)
        raise UsageError(
            phrase(
                "cli.input_ended_before_every_value",
            )
        ) from None


def run_new(
    args: argparse.Namespace,
    today: dt.date,
    out: TextIO,
    err: TextIO,
    *,
    ask: scaffold.Ask | None = None,
) -> int:
    """`agreements new`: write one agreement file; `ask` stands in for the terminal in tests."""
    loaded = _load(args, today)
    register, context = loaded.register, loaded.context
    nothing = _said(args, "cli.nothing_written")
    if register is None or context is None:
        _report(loaded.errors, "new", err, args.lang)
        print(f"agreements new: {nothing}", file=err)
        return EXIT_CONTENT
    if loaded.errors:
        said = _said(
            args,
            "cli.note_content_already_has_errors",
            errors=diagnostics.plural(len(loaded.errors), "error"),
            count=len(loaded.errors),
        )
        print(f"agreements new: {said}", file=err)
    agreements = [*register.agreements.values(), *register.drafts]
    known = scaffold.known_from(register.parties, agreements, _agreement_stems(args.content))
    try:
        answers = _answers(args, known, ask, out)
    except scaffold.Refused as refused:
        for problem in refused.problems:
            print(f"agreements new: {_error(args)}: {problem.say(args.lang)}", file=err)
        print(f"agreements new: {nothing}", file=err)
        return EXIT_CONTENT if refused.only_parties else EXIT_USAGE
    text = scaffold.render(answers, known, today, scaffold.words(context.config.language))
    if _refused(args, today, loaded, answers.path, text, "new", err):
        return EXIT_USAGE
    target = _write_new(args, answers.path, text)
    content = "" if args.content == Path("content") else f" --content {args.content}"
    print(
        f"agreements new: {_said(args, 'cli.wrote_target', target=target)}",
        file=out,
    )
    print(
        _said(
            args,
            "cli.next_fill_placeholders_then_run",
            content=content,
        ),
        file=out,
    )
    return EXIT_OK


def _add_serve(commands: argparse._SubParsersAction, words: cli_words.Words) -> None:
    serve_ = commands.add_parser(
        "serve", help=words("serve"), description=words("serve.description")
    )
    _add_common(serve_, words)
    serve_.add_argument("--port", type=int, default=8000, metavar="N", help=words("port"))
    serve_.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace, today: dt.date, out: TextIO, err: TextIO) -> int:
    """`agreements serve`: preview with live reload until Ctrl-C, which exits 0."""
    # Imported here: the watcher and the server cost every other command a third of a second.
    from generator.editing.serve import PortUnavailable, Settings, serve

    _require_content(args)
    if not 0 <= args.port <= 65535:
        raise UsageError(
            phrase(
                "cli.port_port_not_between_0",
                port=args.port,
            )
        )
    settings = Settings(
        args.content, today, args.as_of, args.base_url, out, err, language=args.lang
    )
    try:
        serve(settings, args.port)
    except PortUnavailable as error:
        raise UsageError(
            phrase(
                "cli.error_choose_another_port_port",
                error=str(error),
            )
        ) from None
    return EXIT_OK


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
    arguments = sys.argv[1:] if argv is None else list(argv)
    language = cli_words.language_of(arguments, os.environ.get(LANGUAGE_VARIABLE))
    with cli_words.speaking(language):
        parser = make_parser(language)
        try:
            args = parser.parse_args(arguments)
        except SystemExit as exit_:
            return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        return args.run(args, today or dt.date.today(), out, err)
    except UsageError as error:
        text = say(error.args[0], args.lang) if error.args else ""
        print(f"agreements {args.command}: {_error(args)}: {text}", file=err)
        return EXIT_USAGE
    except (KeyboardInterrupt, Stopped) as stop:
        # Raised at the point the signal arrived, so every `finally` and `with` on the way
        # up has run: a build's staging folder and temporary files are already gone.
        number = stop.signal if isinstance(stop, Stopped) else signal.SIGINT
        if args.command == "build":
            stopped = _said(
                args,
                "cli.stopped_output_unchanged",
                output=args.output,
            )
        else:
            stopped = _said(args, "cli.stopped")
        print(f"agreements {args.command}: {stopped}", file=err)
        return 128 + number


def _stop(number: int, _frame: object) -> None:
    """SIGTERM stops a command the way Ctrl-C does; either waits for the build's workers to
    be stopped first when they are running (`parallel.defer`)."""
    if parallel.defer(number):
        return
    if number == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(number)


def main_entry() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    sys.exit(main())
