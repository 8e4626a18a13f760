"""Content problems as data: collected, sorted, and formatted for people or for CI."""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from types import MappingProxyType

from generator.core.messages import CATALOGUE, message_words, phrase, say

INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891"
    "\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff"
    "\ufeff\ufff9-\ufffb\ufffe-\uffff\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
"""Characters no text value may hold: control characters other than tab and newline,
format characters (zero-width, bidirectional overrides), surrogates and U+FFFE/U+FFFF.
They are invisible to editors, break XML feeds and can disguise text (Unicode 14 tables;
tests/test_diagnostics.py compares them with `unicodedata`)."""

EXCERPT = 80
"""The most characters of any value a message repeats: a message never echoes a whole file."""
_SHOWN_WHOLE = frozenset({"expected", "hint", "allowed", "other", "cycle", "found", "suggestion"})
"""Parameters the checker writes itself (lists of names, paths, described values, slugs
already cut to their limit), not values copied from a file, so they are not cut to an
excerpt."""


def visible(text: str) -> str:
    """`text` with every invisible or line-breaking character written as its code point."""
    return _UNPRINTABLE.sub(lambda match: f"<U+{ord(match[0]):04X}>", text)


_UNPRINTABLE = re.compile(INVISIBLE.pattern[:-1] + "\n\t\u2028\u2029]")


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """At most `limit` characters of `text`, invisible ones made visible, `…` if cut."""
    shown = visible(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def quoted(text: str) -> str:
    """A value from a file as a message shows it: an excerpt in single quotes."""
    return f"'{excerpt(text)}'"


class Severity(enum.Enum):
    """How bad a problem is: errors fail the build, warnings only under --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the content, located as precisely as possible."""

    path: str
    """File the problem is in, as the user would type it (content folder prefix included)."""
    line: int | None
    """1-based line of the offending key, or None when no line applies."""
    field: str
    """Field path such as `parties[1]` or `period.end`; `file` or `front matter` otherwise."""
    message: str
    """What is wrong."""
    expected: str
    """What was expected instead."""
    severity: Severity = Severity.ERROR
    """Whether the problem fails the build."""
    code: str = ""
    """Catalogue code of the message (see `generator.core.messages`)."""
    params: Mapping[str, object] = dataclasses.field(default_factory=lambda: MappingProxyType({}))
    """The values the message was filled with (phrases among them), for other languages."""

    def text(self, language: str = "en") -> tuple[str, str]:
        """(what is wrong, what was expected) in a language of `messages.LANGUAGES`."""
        if language == "en" or self.code not in CATALOGUE:
            return self.message, self.expected
        what, expected = message_words(self.code, language)
        values = {key: say(value, language) for key, value in self.params.items()}
        return what.format(**values), expected.format(**values)

    @property
    def sort_key(self) -> tuple[str, int]:
        """Order by file, then line; problems without a line come first in their file."""
        return (self.path, self.line or 0)


@dataclass
class Collector:
    """Gathers diagnostics for one file (or for the whole site when `path` is empty)."""

    path: str
    """The file every diagnostic added here belongs to."""
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each field path in the file, used when a diagnostic gives none."""
    found: list[Diagnostic] = field(default_factory=list)
    """What was collected so far."""
    written: dict[str, str] = field(default_factory=dict)
    """The text of each value YAML read as a number, a yes/no or nothing, by field path
    (`26.10`, not the number 26.1): what messages quote."""

    def add(
        self,
        code: str,
        field_path: str,
        *,
        line: int | None = None,
        severity: Severity | None = None,
        path: str | None = None,
        **params: object,
    ) -> None:
        """Record a problem from the catalogue, filling its text from `params`.

        The severity defaults to the catalogue's, so the editors' guide, which lists
        the catalogue, says truly which problems only warn.
        """
        message = CATALOGUE[code]
        params = {
            key: (visible(value) if key in _SHOWN_WHOLE else excerpt(value))
            if isinstance(value, str)
            else value
            for key, value in params.items()
        }
        english = {key: say(value, "en") for key, value in params.items()}
        what, expected = message_words(code, "en")
        if severity is None:
            severity = Severity.WARNING if message.warning else Severity.ERROR
        if line is None:
            line = self.line_of(field_path)
        self.found.append(
            Diagnostic(
                path=path or self.path,
                line=line,
                field=field_path,
                message=what.format(**english),
                expected=expected.format(**english),
                severity=severity,
                code=code,
                params=MappingProxyType(params),
            )
        )

    def line_of(self, field_path: str) -> int | None:
        """The line of a field path, or of its nearest enclosing field that has one."""
        candidate = field_path
        while candidate:
            if candidate in self.lines:
                return self.lines[candidate]
            cut = max(candidate.rfind("."), candidate.rfind("["))
            if cut <= 0:
                break
            candidate = candidate[:cut]
        return self.lines.get(candidate)

    @property
    def has_errors(self) -> bool:
        """Whether any error (not only warnings) was collected."""
        return any(d.severity is Severity.ERROR for d in self.found)


def display_path(content_dir: PurePath | str, relative: PurePath | str) -> str:
    """The path of a content file as the user named the content folder."""
    return str(PurePath(content_dir) / relative)


def sort(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by file and line, keeping the order found for problems on the same line."""
    return sorted(diagnostics, key=lambda d: d.sort_key)


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """Numbers of errors and of warnings."""
    errors = warnings = 0
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


WARNING_WORD = phrase("diagnostics.warning")
"""The word before a warning's text."""


def format_text(diagnostic: Diagnostic, language: str = "en") -> str:
    """`path:line: field: what is wrong — what was expected`, with `warning:` (Vietnamese
    `cảnh báo:`) for warnings. Paths and field names stay as written in the file."""
    location = (
        diagnostic.path if diagnostic.line is None else f"{diagnostic.path}:{diagnostic.line}"
    )
    warning = diagnostic.severity is Severity.WARNING
    prefix = f"{WARNING_WORD.say(language)}: " if warning else ""
    what, expected = diagnostic.text(language)
    return f"{location}: {diagnostic.field}: {prefix}{what} — {expected}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostic: Diagnostic, language: str = "en") -> str:
    """A GitHub Actions workflow command that annotates the offending line."""
    properties = [f"file={_escape_property(diagnostic.path)}"]
    if diagnostic.line is not None:
        properties.append(f"line={diagnostic.line}")
    properties.append(f"title={_escape_property(diagnostic.field)}")
    what, expected = diagnostic.text(language)
    body = _escape_data(f"{what} — {expected}")
    return f"::{diagnostic.severity.value} {','.join(properties)}::{body}"


def plural(number: int, noun: str) -> str:
    """`1 error`, `2 errors`, `3 parties`."""
    if number == 1:
        return f"1 {noun}"
    return f"{number} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"


def summary(diagnostics: list[Diagnostic], language: str = "en") -> str:
    """One closing line: how many errors and warnings in how many files."""
    errors, warnings = count(diagnostics)
    files = len({d.path for d in diagnostics})
    if language != "en":
        return f"{errors} lỗi, {warnings} cảnh báo trong {files} tệp"
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"
