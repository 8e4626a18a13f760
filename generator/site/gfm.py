"""Markdown bodies laid out as GitHub reads them, for Python-Markdown.

Editors preview their files on GitHub (CommonMark with GitHub's extensions); the site
renders with Python-Markdown, which reads some common forms differently: a list right
under a paragraph, lists nested by two spaces, a table under a paragraph, quotes one after
another, a backslash at the end of a line. `GitHubExtension` rewrites those blocks into the
layout Python-Markdown expects before it parses them. `tests/test_markdown_parity.py`
compares the result with a CommonMark renderer.
"""

from __future__ import annotations

import re
from typing import Any

import markdown
from markdown import htmlparser as markdown_html
from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor, SubstituteTagInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.util import HTML_PLACEHOLDER_RE

# CommonMark's block starts (after Python-Markdown has expanded tabs and stashed top-level
# fenced code and raw HTML blocks as placeholder lines).
_ITEM = re.compile(r"( {0,3})([-+*]|\d{1,9}[.)])(?= |$)( *)(.*)")
_RULE = re.compile(r" {0,3}(?:(?:\* *){3,}|(?:- *){3,}|(?:_ *){3,})")
_FENCE = re.compile(r" {0,3}(`{3,}(?!.*`)|~{3,})")
_HEADING = re.compile(r" {0,3}#{1,6}(?: |$)")
_QUOTE = re.compile(r" {0,3}> ?")
_DELIMITER_ROW = re.compile(r" {0,3}\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *")
# Where to put a backslash so that Python-Markdown does not take a line of text for a
# list item, which it does on any line inside a list: `2024\. Hai bên`, `\- 2025`.
_PM_ITEM = re.compile(r" *(?:\d+(?=\. )|(?=[-+*] ))")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _cells(row: str) -> int:
    return len(row.strip().strip("|").split("|"))


def _opens_block(line: str, *, outside: bool = False) -> bool:
    """Whether a line ends the paragraph above it rather than continuing it (CommonMark).

    Only a bullet with text, or a numbered item that starts at 1, interrupts a paragraph
    of its own container; any item ends a lazy line of an inner one (`outside`).
    """
    if not line.strip() or any(rule.match(line) for rule in (_FENCE, _HEADING, _QUOTE)):
        return True
    if _RULE.fullmatch(line) or HTML_PLACEHOLDER_RE.fullmatch(line.strip()):
        return True
    item = _ITEM.match(line)
    return bool(item and (outside or item[4] and (item[2] in "-+*" or int(item[2][:-1]) == 1)))


def _after_blank_only(line: str) -> bool:
    """Whether Python-Markdown finds this block in an item only after a blank line."""
    return bool(_FENCE.match(line) or _HEADING.match(line) or _RULE.fullmatch(line))


def _in_paragraph(lines: list[str]) -> bool:
    """Whether the last of these lines is paragraph text, which a lazy line may continue."""
    if sum(1 for line in lines if _FENCE.match(line)) % 2:
        return False  # inside fenced code
    for line in reversed(lines):
        while marker := _QUOTE.match(line) or _ITEM.match(line):  # to the text inside
            line = line[marker.end() :] if marker.re is _QUOTE else marker[4]
        if _indent(line) < 4 or not line.strip():
            return bool(line.strip()) and not _opens_block(line)
        # Indented four spaces or more: paragraph text if the line above is, else code.
    return False


class _GitHubBlocks(Preprocessor):
    """Lays out lists, quotes and tables so that Python-Markdown reads them as GitHub does.

    GitHub (CommonMark) nests a list under an item by the item's own text column (two
    spaces under `- `, three under `1. `), lets a list or a table start on the line right
    after a paragraph, and starts a new list when the bullet changes. Python-Markdown
    wants four spaces per level and a blank line before a list. So each list is rewritten
    in that form (nested by four, a blank line where GitHub starts a list, an empty HTML
    comment between two lists that GitHub keeps apart), and a line that GitHub reads as
    text but Python-Markdown would take for an item is escaped.
    """

    NAME = "github_blocks"

    def run(self, lines: list[str]) -> list[str]:
        self.nothing: str | None = None
        return self._layout(lines, in_item=False)[0]

    def _nothing(self) -> str:
        """A placeholder for `<!-- -->`: where Python-Markdown needs a block, GitHub has none."""
        if self.nothing is None:
            self.nothing = self.md.htmlStash.store("<!-- -->")
        return self.nothing

    def _layout(self, lines: list[str], *, in_item: bool) -> tuple[list[str], bool]:
        """A container's lines (document, quote, item), and whether blank lines part its blocks."""
        out: list[str] = []
        paragraph = blank = spaced = False
        first = in_item  # an item's first paragraph, which a nested list may follow directly
        last = ""  # the list or quote just laid out, while only blank lines follow it
        i = 0
        while i < len(lines):
            line = lines[i]
            if not line.strip():
                out.append("")
                paragraph, first, blank, i = False, False, True, i + 1
                continue
            spaced, blank = spaced or blank and any(out), False
            item = _ITEM.match(line)
            if not paragraph and _indent(line) >= 4:  # indented code
                out.append(line)
                paragraph, last, i = False, "", i + 1
                continue
            if item and not _RULE.fullmatch(line) and (not paragraph or _opens_block(line)):
                tag = "ol" if item[2][-1] in ".)" else "ul"
                if out and out[-1] and not first:
                    out.append("")
                if tag == last:
                    out.extend([self._nothing(), ""])  # keeps the two lists apart
                laid, i = self._list(lines, i, item[2][-1])
                out.extend(laid)
                paragraph, first, last = False, False, tag
                continue
            if in_item and out and out[-1] and _after_blank_only(line):
                out.append("")
            if _QUOTE.match(line):
                if last == "blockquote":
                    out.extend([self._nothing(), ""])  # keeps the two quotes apart
                i = self._quote(lines, i, out)
            elif fence := _FENCE.match(line):
                i = self._fence(lines, i, out, fence[1])
            else:
                i = self._text(lines, i, out, paragraph)
            paragraph = not _opens_block(out[-1])
            last = "blockquote" if _QUOTE.match(line) else ""
        return out, spaced

    def _text(self, lines: list[str], i: int, out: list[str], paragraph: bool) -> int:
        """Copy a line of text, a heading or a rule; a table under a paragraph gets a blank line."""
        line = lines[i]
        below = lines[i + 1] if i + 1 < len(lines) else ""
        if paragraph and "|" in line and "|" in below and _DELIMITER_ROW.fullmatch(below):
            if _cells(line) == _cells(below):
                out.append("")
        elif paragraph and not _RULE.fullmatch(line) and (marker := _PM_ITEM.match(line)):
            line = f"{line[: marker.end()]}\\{line[marker.end() :]}"
        elif _HEADING.match(line):
            line = line.lstrip(" ")  # Python-Markdown finds `#` headings at the margin only
        out.append(line)
        return i + 1

    def _fence(self, lines: list[str], i: int, out: list[str], fence: str) -> int:
        """Stash fenced code in a quote or an item, as Python-Markdown does at the top level."""
        close = re.compile(rf" {{0,3}}{fence[0]}{{{len(fence)},}} *")
        block = [lines[i]]
        i += 1
        while i < len(lines):
            block.append(lines[i])
            i += 1
            if close.fullmatch(block[-1]):
                break
        indent = _indent(block[0])  # Python-Markdown finds fences at the margin only
        block = [line[min(indent, _indent(line)) :] for line in block]
        if "fenced_code_block" in self.md.preprocessors:
            block = self.md.preprocessors["fenced_code_block"].run(block)
        out.extend(block)
        return i

    def _quote(self, lines: list[str], i: int, out: list[str]) -> int:
        """Lay out a block quote's content as a document of its own."""
        quoted: list[str] = []
        while i < len(lines):
            marker = _QUOTE.match(lines[i])
            if marker is not None:
                quoted.append(lines[i][marker.end() :])
            elif _in_paragraph(quoted) and not _opens_block(lines[i], outside=True):
                quoted.append(lines[i])  # a lazy continuation line
            else:
                break
            i += 1
        laid = "\n".join(self._layout(quoted, in_item=False)[0]).strip("\n").split("\n")
        out.extend(f"> {line}" if line else ">" for line in laid)
        return i

    def _list(self, lines: list[str], i: int, kind: str) -> tuple[list[str], int]:
        """Lay out one list (items with the same bullet or delimiter), nested by four spaces."""
        items: list[tuple[str, list[str]]] = []
        loose = False
        while (
            (item := _ITEM.match(lines[i])) and item[2][-1] == kind and not _RULE.fullmatch(item[0])
        ):
            indent, marker, gap, text = len(item[1]), item[2], len(item[3]), item[4]
            width = indent + len(marker) + (gap if text and gap <= 4 else 1)
            content, i = self._item(lines, i, width)
            laid, spaced = self._layout(content, in_item=True)
            loose = loose or spaced
            items.append((marker if kind in "-+*" else f"{marker[:-1]}.", laid))
            following = next((n for n in range(i, len(lines)) if lines[n].strip()), len(lines))
            if following == len(lines):
                break
            if following > i:  # blank lines: the list goes on only with a sibling item
                sibling = _ITEM.match(lines[following])
                if not sibling or sibling[2][-1] != kind or _RULE.fullmatch(lines[following]):
                    break
                loose, i = True, following
        out: list[str] = []
        for number, (marker, laid) in enumerate(items):
            # Python-Markdown would read an item after a blank line in the one before as part
            # of that one: the list becomes loose (its items are paragraphs) to stay whole.
            if number and (loose or "" in items[number - 1][1][1:]):
                out.append("")
            if not laid[0]:  # an item that starts with a blank line, or an empty one
                laid = laid[1:] if len(laid) > 1 else [self._nothing()]
            out.append(f"{marker} {laid[0]}")
            # Python-Markdown reads an item's lines up to a blank line or a nested list as
            # the item's text, in which it finds a quote only if indented three spaces at most.
            text = True
            for line in laid[1:]:
                text = text and bool(line) and not _ITEM.match(line)
                out.append(f"  {line}" if text else f"    {line}" if line else "")
        if i < len(lines) and lines[i].strip():
            out.append("")  # what ends a list without a blank line must not join its last item
        return out, i

    def _item(self, lines: list[str], i: int, width: int) -> tuple[list[str], int]:
        """An item's lines, its text column taken off; trailing blank lines are left to the list."""
        content = [lines[i][width:]]
        i += 1
        while i < len(lines):
            line = lines[i]
            if not line.strip() or _indent(line) >= width:
                content.append(line[width:])
            elif content[-1] and _in_paragraph(content) and not _opens_block(line, outside=True):
                content.append(line)  # a lazy continuation line, which stays text
            else:
                break
            i += 1
        while len(content) > 1 and not content[-1]:
            content.pop()
            i -= 1
        return content, i


LINK_SCAN = 1000
"""How far a link's text, and its address with its title, are looked for from the bracket
that opens them (CommonMark's own limit on a link label is 999 characters). Python-Markdown
looks to the end of the paragraph from every bracket, and again after every link it finds:
a paragraph of thousands of links took minutes."""

_BRACKET = re.compile(r"[\[\]]")
# Python-Markdown's link processors and their priorities (`build_inlinepatterns`).
_LINK_PROCESSORS = {
    "reference": 170,
    "link": 160,
    "image_link": 150,
    "image_reference": 140,
    "short_reference": 130,
    "short_image_ref": 125,
}


class _BoundedLinks(LinkInlineProcessor):
    """A link processor that looks for the end of a link's text and address no further than
    `LINK_SCAN` characters: text left unclosed there is text, as it is when never closed."""

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        """The link's text from `index` to its closing bracket, nested brackets included."""
        depth = 1
        for bracket in _BRACKET.finditer(data, index, index + LINK_SCAN):
            depth += 1 if bracket[0] == "[" else -1
            if depth == 0:
                return data[index : bracket.start()], bracket.end(), True
        return data[index:], len(data), False

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        """The link's address and title, from the parenthesis at `index`."""
        href, title, end, handled = super().getLink(data[index : index + LINK_SCAN], 0)
        return href, title, index + end, handled


# Python-Markdown finds raw HTML with its own copy of `html.parser`, whose patterns for a
# start tag let an attribute's name or bare value hold `<`: from every `<a` that no `>`
# closes, the match ran on over every later tag, quadratic in the body's length (a body of
# `<http://` repeated took minutes). Its inline pattern for a tag already refuses `<` there;
# the block finder is made to agree (a quoted value may still hold `<`).
_PARSER: Any = vars(markdown_html)["htmlparser"]  # its private copy of html.parser
_PARSER.locatestarttagend_tolerant = re.compile(
    r"""
  <[a-zA-Z][^`\t\n\r\f />\x00<]*
  (?:[\s/]*
    (?:(?<=['"\s/])[^`\s/><][^\s/=><]*
      (?:\s*=+\s*
        (?:'[^']*'
          |"[^"]*"
          |(?!['"])[^`>\s<]*
         )
         (?:\s*,)*
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*
""",
    re.VERBOSE,
)
_PARSER.locatetagend = re.compile(
    r"""
  [a-zA-Z][^`\t\n\r\f />]*
  [\t\n\r\f /]*
  (?:(?<=['"\t\n\r\f /])[^`\t\n\r\f /><][^\t\n\r\f /=><]*
    (?:=
      (?:'[^']*'
        |"[^"]*"
        |(?!['"])[^>\t\n\r\f <]*
       )
     )?
    [\t\n\r\f /]*
   )*
   >?
""",
    re.VERBOSE,
)


def _bounded(md: markdown.Markdown) -> None:
    """Replace each of Python-Markdown's link processors by its bounded form."""
    for name, priority in _LINK_PROCESSORS.items():
        old = md.inlinePatterns[name]
        kind = type(f"Bounded{type(old).__name__}", (_BoundedLinks, type(old)), {})
        md.inlinePatterns.register(kind(old.pattern, md), name, priority)


class GitHubExtension(Extension):
    """Block layout and a backslash line break as GitHub reads them; links looked for
    within `LINK_SCAN` characters."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After fenced code (25) and raw HTML blocks (20) are stashed: their lines are not Markdown.
        md.preprocessors.register(_GitHubBlocks(md), _GitHubBlocks.NAME, 15)
        _bounded(md)
        # A backslash at the end of a line breaks it; after `escape` (180) has read `\\` as
        # one backslash, which then breaks nothing.
        md.inlinePatterns.register(
            SubstituteTagInlineProcessor(r"\\\n", "br"), "backslash_break", 175
        )
