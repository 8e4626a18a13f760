"""Markup: Markdown bodies to sanitised HTML, and front matter highlighted with Pygments.

Editors write Markdown, so raw HTML can reach a body. Python-Markdown passes it
through; nh3 then keeps only an allow-list of tags, attributes and URL schemes, so
nothing an editor types becomes script, style, an event handler or a `javascript:` link.

Editors preview their files on GitHub, which reads CommonMark with GitHub's extensions
(GFM), so bodies are read as GitHub reads them where the two differ on common forms:
pymdown-extensions brings `~~strikethrough~~`, links for bare addresses and `#` headings
that need a space; `gfm.GitHubExtension` lays out lists (two-space nesting, a list right under
a paragraph), quotes and tables the way Python-Markdown needs to see what GitHub sees.
`tests/test_markdown_parity.py` compares the two on sample bodies and lists what differs.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pygments import format as format_tokens
from pygments.formatters import HtmlFormatter
from pygments.lexer import RegexLexer, bygroups
from pygments.lexers import YamlLexer
from pygments.token import (
    STANDARD_TYPES,
    Comment,
    Error,
    Literal,
    Name,
    Punctuation,
    String,
    Whitespace,
    _TokenType,
)

from generator.core.model import Agreement
from generator.core.slugs import suggest_slug
from generator.core.vietnamese import fold
from generator.site.gfm import GitHubExtension

# Every token colour of "xcode" has at least 5:1 contrast on its white background.
STYLE = "xcode"
CSS_CLASS = "highlight"
CONVERTED = 65536
"""How many converted bodies a process keeps: every body of a large register (an HTML body
is a few kilobytes, so 10,000 of them take some tens of megabytes)."""

_HEADINGS = {f"h{level}" for level in range(1, 7)}
_PROSE = {"p", "br", "hr", "em", "strong", "del", "sub", "sup", "abbr", "a", "img", "blockquote"}
_LISTS = {"ul", "ol", "li", "dl", "dt", "dd"}
_TABLES = {"table", "thead", "tbody", "tr", "th", "td"}
_CODE = {"code", "pre", "div", "span"}
TAGS = _PROSE | _LISTS | _TABLES | _CODE | (_HEADINGS - {"h1"})
# Removed together with their content, which is code or fallback, never prose. Other
# unknown tags (svg, form, ...) are unwrapped: their text stays, their tags go.
DROPPED = {"script", "style", "iframe", "object", "noscript", "template"}
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    **{tag: {"id"} for tag in _HEADINGS - {"h1"}},
}
ALIGN = {"left", "center", "right"}
CLASSES = {
    "div": {CSS_CLASS},
    "span": {name for name in STANDARD_TYPES.values() if name},
}
URL_SCHEMES = {"http", "https", "mailto"}


# Browsers drop tabs and newlines anywhere in a URL and spaces around it; dropping every
# control character and space errs on the safe side (a URL may look less relative, never more).
_IGNORED_IN_URL = re.compile(r"[\x00-\x20]+")
_ABSOLUTE_URL = re.compile(r"[a-z][a-z\d+.-]*:|[/\\]{2}", re.IGNORECASE)


def _is_relative(url: str) -> bool:
    """Whether a browser resolves `url` on this site (no scheme, no `//host`)."""
    return not _ABSOLUTE_URL.match(_IGNORED_IN_URL.sub("", url))


def _same_site_images(tag: str, attribute: str, value: str) -> str | None:
    """Keep an image's `src` only when relative: the site makes no third-party requests."""
    if tag == "img" and attribute == "src" and not _is_relative(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=DROPPED,
    attributes=ATTRIBUTES,
    attribute_filter=_same_site_images,
    tag_attribute_values={"th": {"align": ALIGN}, "td": {"align": ALIGN}},
    allowed_classes=CLASSES,
    url_schemes=URL_SCHEMES,
    link_rel=None,  # added by `_finish_tag`, to links that leave the site only
    strip_comments=True,
)
# nh3's output is canonical: every attribute is ` name="value"`, with `"<>&` escaped.
_LINK_OR_IMAGE = re.compile(r'<(a|img)((?: [^\s"=<>]+="[^"]*")*)>')
_ATTRIBUTE = re.compile(r' ([^\s"=<>]+)="([^"]*)"')
_HEADING_TAG = re.compile(r"<(/?)h([2-6])(?=[ >])")


def _finish_tag(match: re.Match[str]) -> str:
    """Mark a link that leaves the site, and make an image valid HTML or its alt text."""
    tag, attributes = match[1], dict(_ATTRIBUTE.findall(match[2]))
    if tag == "a":
        leaves = "href" in attributes and not _is_relative(html.unescape(attributes["href"]))
        return f'{match[0][:-1]} rel="noopener noreferrer">' if leaves else match[0]
    if "src" not in attributes:  # the sanitiser took it: nothing to show but the words
        return attributes.get("alt", "")
    return match[0] if "alt" in attributes else f'{match[0][:-1]} alt="">'


class _PlaceHeadings(Treeprocessor):
    """Shifts the body's headings so its highest one sits at h2 (h6 at most);
    `markdown_to_html` moves them lower for a page that wants them under a heading of its
    own.

    The page owns the only h1 and may put the body under a heading of its own, so an
    editor's outline keeps its shape whether it starts at `#` or at `##`.
    """

    NAME = "place_headings"

    def run(self, root: etree.Element) -> None:
        headings = [element for element in root.iter() if element.tag in _HEADINGS]
        if not headings:
            return
        shift = 2 - min(int(element.tag[1]) for element in headings)
        for element in headings:
            element.tag = f"h{min(int(element.tag[1]) + shift, 6)}"


class _HeadingsExtension(Extension):
    """Places headings before `toc` gives them ids."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # toc runs at priority 5; a higher number runs earlier.
        md.treeprocessors.register(_PlaceHeadings(md), _PlaceHeadings.NAME, 6)


def _heading_id(text: str, separator: str) -> str:
    """A heading's id, with đ kept as d (toc's own slugify drops it)."""
    return suggest_slug(text)


@functools.cache
def _markdown() -> markdown.Markdown:
    """The one Markdown converter, built on first use and reset between documents."""
    return markdown.Markdown(
        extensions=[
            "tables",
            "fenced_code",
            "sane_lists",
            "abbr",
            "def_list",
            "codehilite",
            "toc",
            "pymdownx.tilde",
            "pymdownx.magiclink",
            "pymdownx.saneheaders",
            GitHubExtension(),
            _HeadingsExtension(),
        ],
        extension_configs={
            "tables": {"use_align_attribute": True},
            # `~~struck~~` only: GitHub reads `~x~` as struck too, never as a subscript.
            "pymdownx.tilde": {"subscript": False},
            "codehilite": {"css_class": CSS_CLASS, "guess_lang": False, "noclasses": False},
            "toc": {"slugify": _heading_id},
        },
        output_format="html",
    )


def markdown_to_html(text: str, *, top: int = 2) -> str:
    """Render a Markdown body to sanitised HTML whose highest heading is `<h{top}>`.

    Heading ids are slugs (`ve-ngay-ky`, repeats `ve-ngay-ky_1`); the templates give
    their own elements underscore ids (`noi_dung`), so the two can never clash.

    A body is converted once per process, its highest heading at h2: its page, its
    summary (the first paragraph), the open data and the feeds all ask for the same text
    and get that one result, its headings moved down when the page wants them lower.
    """
    if not 2 <= top <= 6:
        raise ValueError(f"body headings start at h2 to h6, not h{top}")
    converted = convert(text).html
    if top == 2:
        return converted
    # nh3's output is canonical (`<h3 id="…">`, `</h3>`): only headings match.
    return _HEADING_TAG.sub(lambda tag: f"<{tag[1]}h{min(int(tag[2]) + top - 2, 6)}", converted)


@dataclass(frozen=True)
class Converted:
    """What a build needs of one Markdown text, all from its one conversion."""

    html: str
    """The sanitised HTML, its highest heading at h2."""
    first_paragraph: str | None
    """The plain text of its first paragraph (an agreement's default summary), or None."""
    folded: str
    """The text as written, folded for search (`vietnamese.fold`)."""


_bodies: dict[str, Converted] = {}
"""Markdown text → its conversion, for this process (`parallel` fills it from workers)."""

Stored = tuple[str, str | None, str]
"""A conversion as an earlier build kept it: HTML, first paragraph, folded text."""
_stored: Mapping[str, Stored] = {}
"""Conversions kept by an earlier build (`use_stored`), by `stored_key` of their text."""


def stored_key(text: str) -> str:
    """The key a conversion of `text` is kept under between builds."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _sanitised(converted: str) -> str:
    """HTML as a page may hold it: through the sanitiser, then links and images finished."""
    return _LINK_OR_IMAGE.sub(_finish_tag, _CLEANER.clean(converted))


def convert(text: str) -> Converted:
    """The conversion of `text`, made once per process (or handed over by `remember`, or
    kept by an earlier build and checked again)."""
    found = _bodies.get(text)
    if found is None:
        found = _kept(text)
        if found is None:
            made = _sanitised(_markdown().reset().convert(text))
            found = Converted(made, _first_paragraph_of(made), fold(text))
        remember({text: found})
    return found


def _kept(text: str) -> Converted | None:
    """The conversion an earlier build kept for `text`, if sanitising its HTML again gives
    it back unchanged: whatever the cache file holds, what is used is then exactly what the
    sanitiser lets out (its first paragraph and folded text are plain text, escaped where
    they are shown)."""
    entry = _stored.get(stored_key(text)) if _stored else None
    if entry is None:
        return None
    made, first, folded = entry
    if _sanitised(made) != made:
        return None
    return Converted(made, first, folded)


def use_stored(stored: Mapping[str, Stored]) -> None:
    """Take the conversions an earlier build kept (`cache.stored_conversions`), checked as
    each is used. Workers forked afterwards see them too."""
    global _stored
    _stored = stored


def to_store(texts: Iterable[str]) -> dict[str, Stored]:
    """The conversions of `texts`, to keep for the next build (`cache.store_conversions`)."""
    kept = {}
    for text in texts:
        converted = convert(text)
        kept[stored_key(text)] = (converted.html, converted.first_paragraph, converted.folded)
    return kept


def remember(converted: Mapping[str, Converted]) -> None:
    """Keep conversions made elsewhere (in a worker process) for `markdown_to_html`, as
    many as the bound leaves room for. A register larger than the bound keeps the first
    ones and converts the others again where they are used: emptying the memory to make
    room would have every later use of a body meet an emptied one (the pages, the search
    documents and the open data each go through every body in turn)."""
    room = CONVERTED - len(_bodies)
    if room >= len(converted):
        _bodies.update(converted)
    elif room > 0:
        _bodies.update(itertools.islice(converted.items(), room))


def forget() -> None:
    """Drop every kept conversion (tests count conversions from a clean start)."""
    _bodies.clear()


_PIECE = 1024


class _FirstParagraph(HTMLParser):
    """Collects the text of the first top-level paragraph that has any."""

    _VOID = {"br", "hr", "img"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.inside = False
        self.parts: list[str] = []
        self.text: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            self.parts.append(" ")
            return
        if tag == "p" and self.depth == 0 and self.text is None:
            self.inside, self.parts = True, []
        self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._VOID:
            return
        self.depth -= 1
        if tag == "p" and self.inside and self.depth == 0:
            self.inside = False
            self.text = " ".join("".join(self.parts).split()) or None

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.parts.append(data)


def first_paragraph_text(text: str) -> str | None:
    """The plain text of the body's first paragraph (the default summary), or None."""
    return convert(text).first_paragraph


def _first_paragraph_of(converted: str) -> str | None:
    parser = _FirstParagraph()
    # Fed a piece at a time, and no further than the paragraph: it is usually at the top.
    for start in range(0, len(converted), _PIECE):
        parser.feed(converted[start : start + _PIECE])
        if parser.text is not None:
            return parser.text
    parser.close()
    return parser.text


def summary(agreement: Agreement) -> str:
    """The agreement's summary, or the first paragraph of its body."""
    return agreement.summary or first_paragraph_text(agreement.body) or ""


def folded(text: str) -> str:
    """The Markdown text as written, folded for search: kept with its conversion."""
    return convert(text).folded


@functools.cache
def _formatter() -> HtmlFormatter:
    """The one Pygments formatter: CSS classes, no inline styles, code inside pre."""
    return HtmlFormatter(style=STYLE, cssclass=CSS_CLASS, wrapcode=True)


_QUOTED = [
    (r'"(?=(?:[^"\\\n]|\\.)*")', String, "double"),
    (r"'(?=(?:[^'\n]|'')*')", String, "single"),
]


def _block_text(lexer: RegexLexer, match: re.Match[str]) -> Iterator[tuple[int, Any, str]]:
    """A key whose value is block text (`>-`, `|`): the key as `root` gives it, then the
    indicator, then the indented lines as one text token."""
    indent, dash, key, space, colon, gap, indicator, end, lines = match.groups()
    position = match.start()
    for kind, text in (
        (Whitespace, indent),
        (Punctuation.Indicator, dash and dash[0]),
        (Whitespace, dash and dash[1:]),
        (Name.Tag, key),
        (Whitespace, space),
        (Punctuation, colon),
        (Whitespace, gap),
        (Punctuation.Indicator, indicator),
        (Whitespace, end),
        (Name.Constant, lines),
    ):
        if text:
            yield position, kind, text
            position += len(text)


class FrontMatterLexer(RegexLexer):
    """The YAML that front matter is written in: keys, list dashes, quoted and plain
    values, one-line `[a, b]` lists, `>-` text, comments. It gives the token types
    Pygments' YAML lexer gives them, with a quoted value as one token (the YAML lexer
    makes a token of each word and each space: most of the time a record's page took, and
    of its bytes). What it does not know (`{…}`, anchors, tags, a quote across lines,
    block text after `- - `) is an `Error` token, and `highlight_yaml` then uses the YAML
    lexer for the whole record.
    """

    name = "Front matter"
    flags = re.MULTILINE
    _KEY = r"(\w[\w.-]*)([ \t]*)(:)"
    tokens = {
        "root": [
            (r"^(?:---|\.\.\.)(?=[ \t]*$)", Name.Namespace),
            (
                rf"^([ \t]*)(- )?{_KEY}([ \t]+)([|>][-+1-9]*)([ \t]*\n)"
                r"((?:\1(?(2)  )[ \t]+[^\n]*\n|[ \t]*\n)*)",
                _block_text,
            ),
            (r"\n", Whitespace),
            (r"[ \t]+", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r"-(?=[ \t\n]|\Z)", Punctuation.Indicator),
            (rf"{_KEY}(?=[ \t\n]|\Z)", bygroups(Name.Tag, Whitespace, Punctuation)),
            (r"\[", Punctuation.Indicator, "flow"),
            *_QUOTED,
            (
                # A plain value: no `: ` in it (not YAML), a `#` only inside a word.
                r"(?:[^\s\"'\[\]{},&*!|>%@`#?:-]|-\S)(?:[^\n:#]|:(?![ \t]|$)|(?<=\S)#)*?"
                r"(?=[ \t]+#|[ \t]*$)",
                Literal.Scalar.Plain,
            ),
        ],
        "double": [
            (r'[^"\\\n]+', String),
            (r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})", String.Escape),
            (r"\\.", String),
            (r'"', String, "#pop"),
        ],
        "single": [
            (r"[^'\n]+", String),
            (r"''", String.Escape),
            (r"'", String, "#pop"),
        ],
        "flow": [
            (r"[ \t]+", Whitespace),
            (r",", Punctuation.Indicator),
            (r"\]", Punctuation.Indicator, "#pop"),
            *_QUOTED,
            (r"[^\s,\[\]{}#\"'][^,\[\]{}\n]*?(?=[ \t]*[,\]])", Name.Variable),
        ],
    }


def highlight_yaml(source: str) -> str:
    """Front matter as escaped, highlighted HTML in `<div class="highlight"><pre>`."""
    tokens: list[tuple[_TokenType, str]] = list(FrontMatterLexer().get_tokens(source))
    if any(kind is Error for kind, _ in tokens):
        tokens = list(YamlLexer().get_tokens(source))
    return format_tokens(tokens, _formatter())


def pygments_css() -> str:
    """The `.highlight` rules: background and token colours (no line numbers are used)."""
    prefix = f".{CSS_CLASS}"
    formatter = _formatter()
    rules = formatter.get_background_style_defs(prefix) + formatter.get_token_style_defs(prefix)
    return "\n".join(rules) + "\n"
