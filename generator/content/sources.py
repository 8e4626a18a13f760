"""Read the content folder: find files, decode them, split and parse front matter.

Nothing here knows what an agreement is; it turns files into plain data with the
line of every key, or into located diagnostics.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import frontmatter
import yaml
import yamlcore
import yamlcore.loader
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.core.diagnostics import INVISIBLE, Collector, Diagnostic, display_path, quoted
from generator.core.messages import Phrase, phrase

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Larger files are refused: an agreement is a record, not the full text of a scan."""
MAX_DEPTH = 12
"""Deepest nesting of lists and mappings in front matter; the contract needs four."""

_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}
_FENCE = frontmatter.YAMLHandler()


@dataclass(frozen=True)
class SourceFile:
    """One content file split into front-matter data and body."""

    section: str
    """`agreements`, `parties` or `pages`; `site` or `topics` for a whole-YAML file."""
    path: str
    """The file as the user names it (content folder included)."""
    relative: str
    """Path relative to the content folder, '/'-separated."""
    stem: str
    """File name without `.md`: the record's slug or id."""
    data: dict[str, Any]
    """Front matter as plain data; dates stay as the text written."""
    lines: dict[str, int]
    """Line of each field path (`parties[1]`, `period.end`)."""
    body: str = ""
    """Markdown after the closing fence."""
    body_line: int = 1
    """Line where the body starts."""
    front_matter: str = ""
    """The front matter as written, fences included (shown on the record's page)."""
    written: dict[str, str] = field(default_factory=dict)
    """The text of each value YAML read as a number, a yes/no or nothing, by field path."""


@dataclass
class ContentTree:
    """Everything read from one content folder."""

    site: SourceFile | None = None
    """site.yaml, parsed (its `stem` is `site`), or None when missing or unreadable."""
    topics: SourceFile | None = None
    """topics.yaml (the topic vocabulary), parsed, or None when missing or unreadable."""
    agreements: list[SourceFile] = field(default_factory=list)
    """Agreement files in path order."""
    parties: list[SourceFile] = field(default_factory=list)
    """Party files in path order."""
    pages: list[SourceFile] = field(default_factory=list)
    """Free pages in path order."""
    files: frozenset[str] = frozenset()
    """Attachments: paths relative to content/files/."""
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(section, stem) of Markdown files that could not be parsed: their ids still exist."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Problems met while reading."""


class _AliasFound(Exception):
    def __init__(self, name: str, line: int) -> None:
        super().__init__(name)
        self.name = name
        self.line = line


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


# YAML 1.2's core schema, as VS Code, GitHub and the editor schemas read front matter:
# `NO` and `on` are text, `1:30` is text, not 90, and dates are text (checked later).
# On top of libyaml (bundled in PyYAML's wheels), some twenty times faster than pure Python.
_LOADER = getattr(yamlcore, "CCoreLoader", yamlcore.CoreLoader)
_CONSTRUCTOR = yamlcore.loader.CommonConstructor()
_PURE_PYTHON = _LOADER is yamlcore.CoreLoader
_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _screen(text: str) -> None:
    """Refuse aliases and deep nesting, before any node is built: from the event stream,
    unless a bound over the text shows there can be neither (`_surely_plain`)."""
    if not _surely_plain(text):
        _walk(text)


# The longest run, at a line's start, of what can stand before a block collection's first
# entry on its line: indentation and the indicators of entries that hold it (`- `, `? `,
# `: `).
_LEADING = re.compile(r"^[ \t\-?:]*", re.MULTILINE)
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
"""Line breaks for YAML besides `\n` (where `_LEADING` would not see a line start)."""


def _surely_plain(text: str) -> bool:
    """Whether `text` can hold no alias (it has no `*`) and no nesting deeper than
    `MAX_DEPTH`, by a bound that costs a few passes over the text rather than the event
    stream. A block collection nested in another starts further right than it, or at the
    same column once in a row (a list as a mapping's value), so block nesting is at most
    2 × (the column of the rightmost one + 1), and its column is at most the longest
    leading run (`_LEADING`); each flow level needs a `[` or `{`."""
    if "*" in text or any(brk in text for brk in _OTHER_BREAKS):
        return False
    brackets = text.count("[") + text.count("{")
    if brackets > MAX_DEPTH:
        return False
    widest = max(map(len, _LEADING.findall(text)), default=0)
    return 2 * (widest + 1) + brackets <= MAX_DEPTH


def _walk(text: str) -> None:
    """`_screen` by the event stream."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            assert event.anchor is not None  # `*` is always followed by a name
            raise _AliasFound(event.anchor, _line(event))
        if isinstance(event, _OPENING):
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep(_line(event))
        elif isinstance(event, _CLOSING):
            depth -= 1


def _line(event: yaml.Event) -> int:
    """The 0-based line an event starts on (the parser marks every event it makes)."""
    assert event.start_mark is not None
    return event.start_mark.line


def read_tree(
    content_dir: Path,
    shown_as: PurePath | str,
    read: Callable[[str, SourceFile], None] | None = None,
    adding: Mapping[str, str] | None = None,
) -> ContentTree:
    """Read every content file below `content_dir`; `shown_as` prefixes paths in messages.
    `read(section, file)` is told of each Markdown file as soon as it is read (a build
    starts converting the bodies while the rest is read and checked). `adding` holds
    Markdown files not written yet (path relative to the folder → text), read as if they
    were there: the editors' tools check a file before they write it."""
    tree = ContentTree()
    finder = _Finder(content_dir, shown_as, tree.diagnostics)
    site_path = content_dir / "site.yaml"
    if os.path.lexists(site_path):
        real = finder.admit(site_path)
        if real is not None:
            tree.site = read_yaml_file(real, "site.yaml", shown_as, tree.diagnostics)
    else:
        finder.collector("site.yaml").add("missing-site-config", "file")
    if os.path.lexists(topics_path := content_dir / "topics.yaml"):
        real = finder.admit(topics_path)
        if real is not None:
            tree.topics = read_yaml_file(real, "topics.yaml", shown_as, tree.diagnostics, "topics")
    for section in ("agreements", "parties", "pages"):
        records = getattr(tree, section)
        for relative, real in finder.files(section):
            collector = finder.collector(relative)
            if real is None or real.suffix != ".md":
                if real is not None:
                    collector.add("not-markdown", "file", name=PurePath(relative).name)
                elif relative.endswith(".md"):
                    tree.unreadable.append((section, PurePath(relative).stem))
                continue
            record = read_markdown_file(real, section, relative, collector)
            if record is not None:
                records.append(record)
                if read is not None:
                    read(section, record)
            else:
                tree.unreadable.append((section, PurePath(relative).stem))
        for relative, text in sorted((adding or {}).items()):
            if PurePath(relative).parts[0] == section:
                added = read_markdown_text(text, section, relative, finder.collector(relative))
                if added is not None:
                    records.append(added)
        records.sort(key=lambda record: record.relative)
    tree.files = frozenset(
        PurePath(relative).relative_to("files").as_posix()
        for relative, real in finder.files("files")
        if real is not None
    )
    return tree


class _Finder:
    """Finds content files, admitting only regular files whose real path is in the folder.

    A symbolic link is followed only when it leads to a file or folder inside the
    content folder; a link that leaves it, is broken or loops is a located error that
    names the link, and nothing is read through it.
    """

    def __init__(self, content_dir: Path, shown_as: PurePath | str, found: list[Diagnostic]):
        self.root = content_dir
        self.real_root = content_dir.resolve()
        self.shown_as = shown_as
        self.found = found

    def collector(self, relative: str) -> Collector:
        """A collector for the file at `relative` (to the content folder)."""
        return Collector(display_path(self.shown_as, relative), found=self.found)

    def admit(self, path: Path) -> Path | None:
        """The real path to read `path` through, or None after reporting why not."""
        relative = path.relative_to(self.root).as_posix()
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            # Dangling, looping or unreadable: say so without following it further.
            self.collector(relative).add("broken-link", "file", line=1)
            return None
        if not real.is_relative_to(self.real_root):
            self.collector(relative).add("link-outside", "file", line=1)
            return None
        if real.is_dir():
            return real
        if not real.is_file():
            self.collector(relative).add("not-regular-file", "file", line=1)
            return None
        return real

    def files(self, section: str) -> list[tuple[str, Path | None]]:
        """(path relative to the content folder, real path or None if refused) of every
        file below `section`, hidden ones skipped, in a stable order."""
        top = self.root / section
        if not os.path.lexists(top):
            return []
        real = self.admit(top)
        if real is None or not real.is_dir():
            return [] if real is None else [(section, None)]
        found: list[tuple[str, Path | None]] = []
        self._walk(top, real, section, {real}, found)
        return sorted(found, key=lambda item: item[0])

    def _walk(
        self,
        folder: Path,
        real: Path,
        relative: str,
        seen: set[Path],
        found: list[tuple[str, Path | None]],
    ) -> None:
        """Collect the files below `folder`, whose real path is `real`."""
        try:
            entries = sorted(os.scandir(real), key=lambda entry: entry.name)
        except OSError:
            self.collector(relative).add("not-regular-file", "file", line=1)
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = f"{relative}/{entry.name}"
            if entry.is_symlink():
                target = self.admit(folder / entry.name)
            elif entry.is_dir(follow_symlinks=False):
                target = real / entry.name
            elif entry.is_file(follow_symlinks=False):
                found.append((child, real / entry.name))
                continue
            else:  # a pipe, socket or device: reading it could block or leak
                self.collector(child).add("not-regular-file", "file", line=1)
                target = None
            if target is None:
                found.append((child, None))
            elif not target.is_dir():
                found.append((child, target))
            elif any(walked.is_relative_to(target) for walked in seen):
                # A link back to a folder being read, or to one that holds it: a loop.
                self.collector(child).add("broken-link", "file", line=1)
            else:
                self._walk(folder / entry.name, target, child, seen | {target}, found)


def read_regular_file(path: Path, collector: Collector) -> bytes | None:
    """The bytes of a regular file, never through a final symbolic link; None after an error.

    Larger files than the limit are refused before they are read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        collector.add(
            "unreadable-file", "file", line=1, reason=error.strerror or type(error).__name__
        )
        return None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):  # a folder, a pipe or a device
        os.close(descriptor)
        collector.add("not-regular-file", "file", line=1)
        return None
    with os.fdopen(descriptor, "rb") as file:
        if status.st_size > MAX_FILE_BYTES:
            _too_large(status.st_size, collector)
            return None
        return file.read(MAX_FILE_BYTES + 1)


def _too_large(size: int, collector: Collector) -> None:
    collector.add(
        "file-too-large",
        "file",
        line=1,
        size=f"{size / 1024 / 1024:.1f}",
        limit=MAX_FILE_BYTES // 1024 // 1024,
    )


def decode(raw: bytes, collector: Collector) -> str | None:
    """UTF-8 text with a BOM dropped and line ends made `\\n`, or None after an error."""
    if len(raw) > MAX_FILE_BYTES:
        _too_large(len(raw), collector)
        return None
    if b"\x00" in raw[:8192]:
        collector.add("binary-file", "file", line=1)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        collector.add(
            "not-utf8", "file", line=line, byte=f"0x{raw[error.start]:02X}", column=column
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_markdown_file(
    path: Path, section: str, relative: str, collector: Collector
) -> SourceFile | None:
    """Split one Markdown file into front matter and body; None if it cannot be read."""
    raw = read_regular_file(path, collector)
    text = None if raw is None else decode(raw, collector)
    if text is None:
        return None
    return read_markdown_text(text, section, relative, collector)


def read_markdown_text(
    text: str, section: str, relative: str, collector: Collector
) -> SourceFile | None:
    """Split the text of one Markdown file into front matter and body; None if it cannot
    be read."""
    if not text.strip():
        collector.add("empty-file", "file", line=1)
        return None
    if not _FENCE.detect(text):
        collector.add("no-front-matter", "front matter", line=1)
        return None
    fences = list(_FENCE.FM_BOUNDARY.finditer(text))
    if len(fences) < 2:
        collector.add("unclosed-front-matter", "front matter", line=1)
        return None
    opening, closing = fences[0], fences[1]
    first_line = text.count("\n", 0, opening.end()) + 1
    data, lines = parse_yaml(text[opening.end() : closing.start()], first_line, collector)
    if data is None:
        return None
    body = text[closing.end() :].lstrip("\n")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    if (found := INVISIBLE.search(body)) is not None:
        collector.add(
            "control-character",
            "body",
            line=body_line + body.count("\n", 0, found.start()),
            character=f"U+{ord(found[0]):04X}",
        )
    return SourceFile(
        section=section,
        path=collector.path,
        relative=relative,
        stem=PurePath(relative).stem,
        data=data,
        lines=lines,
        body=body,
        body_line=body_line,
        front_matter=text[opening.start() : closing.end()].strip("\n") + "\n",
        written=dict(collector.written),
    )


def read_yaml_file(
    path: Path,
    relative: str,
    shown_as: PurePath | str,
    found: list[Diagnostic],
    section: str = "site",
) -> SourceFile | None:
    """Read a whole-YAML file such as site.yaml (or topics.yaml, its `section` "topics")."""
    collector = Collector(display_path(shown_as, relative), found=found)
    raw = read_regular_file(path, collector)
    text = None if raw is None else decode(raw, collector)
    if text is None:
        return None
    data, lines = parse_yaml(text, 1, collector)
    if data is None:
        return None
    return SourceFile(
        section,
        collector.path,
        relative,
        PurePath(relative).stem,
        data,
        lines,
        written=dict(collector.written),
    )


def parse_yaml(
    text: str, first_line: int, collector: Collector
) -> tuple[dict[str, Any] | None, dict[str, int]]:
    """Parse YAML that must be a mapping; returns the data and each key's line (and keeps
    in `collector.written` the text of each value YAML reads as other than text)."""
    if (raw := INVISIBLE.search(text)) is not None:
        # Written into the file itself (escapes such as "\v" are found in the values).
        line = text.count("\n", 0, raw.start()) + first_line
        character = f"U+{ord(raw[0]):04X}"
        collector.add("yaml-character", "front matter", line=line, character=character)
        return None, {}
    try:
        _screen(text)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.reader.ReaderError as error:
        # libyaml counts the position in UTF-8 bytes, pure-Python PyYAML in characters.
        if _PURE_PYTHON:
            before = text[: error.position]
        else:
            before = text.encode()[: error.position].decode(errors="ignore")
        line = before.count("\n") + first_line
        character = f"U+{error.character:04X}"
        collector.add("yaml-character", "front matter", line=line, character=character)
        return None, {}
    except _AliasFound as alias:
        collector.add("yaml-alias", "front matter", line=alias.line + first_line, name=alias.name)
        return None, {}
    except _TooDeep as deep:
        collector.add("yaml-too-deep", "front matter", line=deep.line + first_line, limit=MAX_DEPTH)
        return None, {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        lone = error.context == _SIMPLE_KEY and error.problem == _NO_COLON
        if error.context_mark and (
            mark is None or "end of stream" in (error.problem or "") or lone
        ):
            # Where the unfinished value began, not the file's end; for a line with neither
            # ':' nor '- ', that line itself rather than the next one.
            mark = error.context_mark
        line = mark.line + first_line if mark else first_line
        problem = ", ".join(part for part in (error.context, error.problem) if part)
        said = _LONE_LINE if lone else yaml_problem(problem)
        collector.add("yaml-syntax", "front matter", line=line, problem=said)
        return None, {}
    except yaml.YAMLError as error:
        collector.add(
            "yaml-syntax", "front matter", line=first_line, problem=yaml_problem(str(error))
        )
        return None, {}
    if node is None:
        return {}, {}
    if not isinstance(node, MappingNode):
        found = (
            _A_LIST
            if isinstance(node, SequenceNode)
            else phrase("sources.single_value_value", value=quoted(node.value))
        )
        collector.add(
            "not-mapping", "front matter", line=node.start_mark.line + first_line, found=found
        )
        return None, {}
    lines: dict[str, int] = {}
    return _plain(node, "", lines, first_line, collector), lines


_SIMPLE_KEY = "while scanning a simple key"
_NO_COLON = "could not find expected ':'"
_LONE_LINE = phrase(
    "sources.this_line_neither_field_value",
)
_A_LIST = phrase("sources.list")
_A_GROUP = phrase("sources.group_fields")

# What PyYAML says of the mistakes editors make, in Vietnamese; anything else is shown as
# PyYAML wrote it, marked as its English.
_YAML_WORDS = (
    ("while scanning a simple key", "khi đọc một tên trường"),
    ("while scanning a quoted scalar", "khi đọc một giá trị trong ngoặc kép"),
    ("while scanning a plain scalar", "khi đọc một giá trị"),
    ("while scanning a block scalar", "khi đọc một khối chữ"),
    ("while parsing a block mapping", "khi đọc một nhóm trường"),
    ("while parsing a block collection", "khi đọc một danh sách"),
    ("while parsing a flow sequence", "khi đọc một danh sách trong ngoặc vuông"),
    ("while parsing a flow mapping", "khi đọc một nhóm trường trong ngoặc nhọn"),
    ("while parsing a block node", "khi đọc một giá trị"),
    ("while scanning for the next token", "khi đọc tiếp"),
    ("mapping values are not allowed in this context", "không được có dấu ': ' ở chỗ này"),
    ("mapping values are not allowed here", "không được có dấu ': ' ở chỗ này"),
    ("could not find expected ':'", "không thấy dấu ':' sau tên trường"),
    ("found unexpected end of stream", "tệp hết trước khi giá trị được đóng lại"),
    ("did not find expected key", "không thấy tên trường ở chỗ cần có"),
    ("did not find expected '-' indicator", "không thấy dấu '- ' của mục danh sách"),
    ("did not find expected node content", "không thấy giá trị ở chỗ cần có"),
    ("found character '\\t' that cannot start any token", "có ký tự tab (chỉ dùng dấu cách)"),
    ("found character that cannot start any token", "có ký tự không được đứng đầu giá trị"),
    ("expected <block end>, but found", "thụt lề không khớp, gặp"),
    ("expected ',' or ']', but got", "thiếu dấu ',' hoặc ']', gặp"),
    ("expected ',' or '}', but got", "thiếu dấu ',' hoặc '}', gặp"),
    ("found unexpected ':'", "có dấu ':' không đúng chỗ"),
)


def yaml_problem(english: str) -> Phrase:
    """PyYAML's account of a syntax error, in both languages as far as it is known."""
    vietnamese = english
    for source, target in _YAML_WORDS:
        vietnamese = vietnamese.replace(source, target)
    if vietnamese == english:
        vietnamese = f"{english} (thông báo của PyYAML, bằng tiếng Anh)"
    return phrase("sources.yaml_problem", english=english, vietnamese=vietnamese)


def _plain(
    node: Node, path: str, lines: dict[str, int], first_line: int, collector: Collector
) -> Any:
    """Turn a node into plain data, recording lines; dates stay as written."""
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + first_line
            if not (isinstance(key_node, ScalarNode) and key_node.tag == _STR_TAG):
                found: str | Phrase
                if isinstance(key_node, ScalarNode):
                    found = quoted(key_node.value)
                else:
                    found = _A_LIST if isinstance(key_node, SequenceNode) else _A_GROUP
                collector.add("bad-key", path or "front matter", line=key_line, found=found)
                continue
            key = key_node.value
            child = f"{path}.{key}" if path else key
            if key in result:
                collector.add("duplicate-key", child, line=key_line, key=key, other=lines[child])
                continue
            lines[child] = key_line
            result[key] = _plain(value_node, child, lines, first_line, collector)
        return result
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = f"{path}[{index}]"
            lines[child] = item.start_mark.line + first_line
            items.append(_plain(item, child, lines, first_line, collector))
        return items
    assert isinstance(node, ScalarNode)
    if node.tag in _SCALAR_TAGS:
        collector.written[path] = node.value
        try:
            return _LOADER.yaml_constructors[node.tag](_CONSTRUCTOR, node)
        except ValueError:
            # An integer too long for Python to convert (over 4,300 digits): it cannot be
            # a year or a count, so it stays the text it was written as.
            return node.value
    # Strings and any other tag: text, which may not hold invisible characters.
    if (invisible := INVISIBLE.search(node.value)) is not None:
        collector.add(
            "control-character",
            path or "front matter",
            line=node.start_mark.line + first_line,
            character=f"U+{ord(invisible[0]):04X}",
        )
    return node.value


def without_comments(front_matter: str) -> str:
    """The front matter with its YAML comments taken out: whole comment lines, and the
    `# …` after a value (outside quotes; a plain value cannot hold ' #'), for readers who
    see the record but not the editors' notes."""
    kept = []
    for line in front_matter.splitlines(keepends=True):
        if line.lstrip().startswith("#"):
            continue
        cut = _comment_start(line)
        kept.append(line if cut is None else line[:cut].rstrip() + "\n")
    return "".join(kept)


def _comment_start(line: str) -> int | None:
    """Where a trailing comment begins: a '#' after white space, outside quotes."""
    quote: str | None = None
    index = 0
    while index < len(line):
        character = line[index]
        if quote == "'" and line.startswith("''", index):
            index += 1  # a quote doubled inside single quotes
        elif quote == '"' and character == "\\":
            index += 1  # an escaped character inside double quotes
        elif quote:
            quote = None if character == quote else quote
        elif character in "'\"" and (index == 0 or line[index - 1] in " :-[{,"):
            quote = character
        elif character == "#" and index > 0 and line[index - 1] in " \t":
            return index
        index += 1
    return None
