"""Markdown forms that GitHub and the site still render differently, found in a body.

Editors preview their files on GitHub; the site renders bodies with Python-Markdown,
made to read most forms as GitHub does (`markup.py`). The forms below still differ
(`tests/test_markdown_parity.py` lists them): `check` names each on its line, with what
to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.core.messages import Phrase, phrase


@dataclass(frozen=True)
class Form:
    """A form that renders differently, and what to write instead."""

    pattern: re.Pattern[str]
    instead: Phrase


FORMS: tuple[Form, ...] = (
    Form(
        re.compile(r"^\s*(?:[-*+]|\d+[.)]) \[[ xX]\](?= )"),
        phrase(
            "bodies.plain_list_item_saying_words",
        ),
    ),
    Form(
        re.compile(r"^\s*> ?\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE),
        phrase(
            "bodies.plain_quote_starting_bold_word",
        ),
    ),
    Form(
        re.compile(r"(?<![~\w])~(?=\S)[^~\n]*?(?<=\S)~(?![~\w])"),
        phrase("bodies.two_tildes_each_side"),
    ),
    Form(
        re.compile(r"^\*\[[^\]]+\]:"),
        phrase(
            "bodies.full_form_written_out_where",
        ),
    ),
    Form(
        re.compile(r"^: {1,3}\S"),
        phrase(
            "bodies.list_item_term_explanation",
        ),
    ),
)
"""Task-list boxes, GitHub alerts, one-tilde strikethrough, abbreviation lines and
definition lists: shown by one renderer and not the other."""


def different_forms(body: str) -> Iterator[tuple[int, str, Phrase]]:
    """(line within the body from 0, the form as written, what to write instead) for each
    form GitHub and the site render differently, outside code blocks and code spans."""
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or line.startswith("    "):
            continue
        if "[" not in line and "~" not in line and not line.startswith(":"):
            continue  # every form needs one of these
        text = re.sub(r"`[^`]*`", lambda code: " " * len(code[0]), line)
        for form in FORMS:
            if found := form.pattern.search(text):
                yield offset, found[0].strip(), form.instead
                break


MAX_NESTING = 50
"""The deepest a line of a body may be nested: block quotes, list items, emphasis, the
brackets of links and HTML elements, counted together. Bodies need a handful of levels;
the converter stops working some hundreds of levels down, and costs time quadratic in
the depth of HTML elements well before that."""

# A line's leading block markers: quotes and list items, with the spaces between them.
_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")
_MARKER = re.compile(r">|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")
# What opens or closes a level within a paragraph: emphasis runs and link brackets
# (backslash escapes are skipped).
_INLINE = re.compile(r"\\.|\*+|_+|~~+|[\[\]]")
# HTML start and end tags, which may span lines (comments and declarations are not tags).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def _html_levels(body: str, lines: int) -> list[int]:
    """The deepest the body's HTML elements are open on each of its `lines` lines (start
    tags minus end tags, from the top; a `/>` or a void element opens nothing)."""
    levels = [0] * lines
    depth = line = last = 0
    for tag in _TAG.finditer(body) if "<" in body else ():
        now = line + body.count("\n", last, tag.start())
        for passed in range(line + 1, now + 1):
            levels[passed] = depth
        line, last = now, tag.start()
        if tag[1]:
            depth = max(0, depth - 1)
        elif tag[2].lower() not in _VOID and not tag[0].endswith("/>"):
            depth += 1
            levels[line] = max(levels[line], depth)
    for rest in range(line + 1, lines):
        levels[rest] = depth
    return levels


def _inline_step(depth: int, run: str, before: str, after: str) -> tuple[int, int]:
    """The depth after an emphasis run or a bracket, and the deepest it reached. A run
    that can open counts as opening (`*` or `**` one level, `***` two, `~~` one), one
    that can only close closes; `_` inside a word is a letter, not emphasis."""
    if run in "[]":
        return (depth + 1, depth + 1) if run == "[" else (max(0, depth - 1), depth)
    if run[0] == "\\":
        return depth, depth
    weight = len(run) // 2 if run[0] == "~" else (len(run) + 1) // 2
    opens, closes = bool(after.strip()), bool(before.strip())
    if run[0] == "_" and before.isalnum() and after.isalnum():
        return depth, depth
    if opens:
        return depth + weight, depth + weight
    return (max(0, depth - weight), depth) if closes else (depth, depth)


def too_deep(body: str) -> tuple[int, int] | None:
    """(line within the body from 0, its depth) of the first line nested deeper than
    `MAX_NESTING`, or None. Counted so as never to find less than the converter builds:
    markers and indentation on a line that opens quotes or items (two spaces a level),
    emphasis and brackets still open in its paragraph, HTML elements still open in the
    body; code is counted too (a fence may not be one)."""
    if _surely_shallow(body):
        return None
    return _deepest_line(body)


# The longest run of characters a line's block markers can be made of, at its start.
_MARKER_CHARACTERS = re.compile(r"^[ \t>+*\-\d.)]*", re.MULTILINE)
_OPENERS = "*_~[<"
"""Every character that can open a level within a paragraph or the body's HTML."""


def _surely_shallow(body: str) -> bool:
    """Whether no line of `body` can be nested deeper than `MAX_NESTING`, by a bound that
    costs a few passes over the text rather than a walk of every line (`_deepest_line`):
    a line's depth is its block markers (at most its leading run of marker characters,
    four columns for a tab) plus the emphasis, brackets and elements open on it (at most
    one each for every `*`, `_`, `~`, `[` and `<` of the body)."""
    openers = sum(body.count(character) for character in _OPENERS)
    if openers > MAX_NESTING:
        return False
    widest = max(map(len, _MARKER_CHARACTERS.findall(body)), default=0)
    return 4 * widest + openers <= MAX_NESTING


def _deepest_line(body: str) -> tuple[int, int] | None:
    """`too_deep` worked out line by line."""
    lines = body.split("\n")
    html = _html_levels(body, len(lines))
    inline = 0
    for offset, line in enumerate(lines):
        prefix = _PREFIX.match(line.expandtabs(4))
        assert prefix is not None  # it matches the empty string
        markers = len(_MARKER.findall(prefix[0]))
        # Two columns of indentation a level, past the space each marker takes.
        block = markers + max(0, prefix[0].count(" ") - markers) // 2 if markers else 0
        text = line.expandtabs(4)[prefix.end() :]
        if not text.strip():
            inline = 0  # a blank line (or a quote's) ends the paragraph
        deepest = inline
        for run in _INLINE.finditer(text):
            before = text[run.start() - 1] if run.start() else " "
            after = text[run.end()] if run.end() < len(text) else " "
            inline, reached = _inline_step(inline, run[0], before, after)
            deepest = max(deepest, reached)
        depth = block + deepest + html[offset]
        if depth > MAX_NESTING:
            return offset, depth
    return None
