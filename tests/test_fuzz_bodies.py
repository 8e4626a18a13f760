"""Fuzzing the Markdown bodies (issue 28): random bodies built from every construct the
converter knows (quotes, lists, emphasis, links, images, code, tables, HTML, headings,
rules, GitHub's forms), nested at random depths past the limit, in every Unicode
category. Whatever `check` accepts converts and builds; what it refuses it locates."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import event
from hypothesis import strategies as st

from generator.content import links
from generator.content.bodies import MAX_NESTING
from generator.core.urls import Urls
from generator.publish.build import load
from generator.site import markup
from tests.conftest import assemble, run_cli
from tests.fuzzing import fuzz, scaled

FILE = "agreements/quy-che-nghe-an.md"
URLS_AT = Urls("/so-dang-ky/")

_ANY_CHARACTER = st.characters(codec="utf-8")
"""Every Unicode category (control characters, which `check` refuses, included)."""
_PRINTABLE = st.characters(codec="utf-8", exclude_categories=["Cc", "Cf", "Zl", "Zp"])
_PIECES = [
    "chăm lo", "Liên đoàn", "đ", "Đ", "1.", "2)", "-", "+", "*", "**", "_", "~", "~~", "`",
    "```", "[", "]", "(", ")", "![", "<", ">", "&amp;", "&#x1F525;", "&#0;", "\\", "|", "#",
    "!", ":", "@/agreements/quy-che-nghe-an", "@/parties/khong-co", "/years/2023/",
    "http://example.org/a?b=c", "www.example.org", "mailto:a@b.c", "javascript:alert(1)",
    "<b>", "</b>", "<em>", "</em>", "<span>", "</span>", "<div>", "</div>", "<p>", "</p>",
    "<script>alert(1)</script>", '<a href="javascript:x" onclick="y">', "</a>", "<br>",
    "<!--", "-->", "<table><tr><td>", "</td></tr></table>", "<img src=x onerror=y>",
    '<img src="http://tracker.example/x.gif">', "[!NOTE]", "- [x]", "*[LĐLĐ]:", "  ", "\t",
]  # fmt: skip
_RARE = st.text(_ANY_CHARACTER, min_size=1, max_size=3) | st.sampled_from(
    ["\u200b", "\u202e", "\u2028", "\ufeff", "\x00"]
)
# Plain words and Markdown's own characters four times as often as invisible ones.
WORDS = st.one_of(
    *[st.text(_PRINTABLE, min_size=1, max_size=12), st.sampled_from(_PIECES)] * 2, _RARE
)
DESTINATIONS = st.sampled_from(
    ["x", "@/agreements/quy-che-nghe-an", "@/pages/khong-co", "/years/2023/", "http://e.org",
     "javascript:alert(1)", "<a b>", "(x)", "", "#thong_tin", "../../etc/passwd"]
) | st.text(_ANY_CHARACTER, max_size=20)  # fmt: skip


def _wrap(marks: str, inner: str) -> str:
    return f"{marks}{inner}{marks[::-1]}"


INLINE = st.recursive(
    WORDS,
    lambda inner: st.one_of(
        st.builds(_wrap, st.sampled_from(["*", "**", "_", "__", "~~", "`", "***", "``"]), inner),
        st.builds(lambda text, to: f"[{text}]({to})", inner, DESTINATIONS),
        st.builds(lambda text, to: f"![{text}]({to})", inner, DESTINATIONS),
        st.builds(lambda text, to: f'[{text}]({to} "tiêu đề")', inner, DESTINATIONS),
        st.builds(
            lambda tag, text: f"<{tag}>{text}</{tag}>",
            st.sampled_from(["span", "em", "b", "a", "sup", "abbr", "svg", "x"]),
            inner,
        ),  # noqa: E501
        st.lists(inner, min_size=1, max_size=6).map(" ".join),
    ),
    max_leaves=20,
)
LINE = st.lists(INLINE, min_size=1, max_size=4).map(" ".join)


def _prefixed(prefix: str, lines: list[str], rest: str | None = None) -> list[str]:
    """Lines under a container marker: the first with it, the others indented by `rest`."""
    after = " " * len(prefix) if rest is None else rest
    return [(prefix if i == 0 else after) + line for i, line in enumerate(lines)]


def _table(cells: list[list[str]]) -> list[str]:
    width = len(cells[0])
    rows = ["| " + " | ".join(row[:width] + [""] * (width - len(row))) + " |" for row in cells]
    return [rows[0], "|" + "---|" * width, *rows[1:]]


LEAF_BLOCKS = st.one_of(
    st.lists(LINE, min_size=1, max_size=3),
    st.builds(lambda level, text: [f"{'#' * level} {text}"], st.integers(1, 7), LINE),
    st.builds(lambda text: [text, "==="], LINE),
    st.builds(
        lambda fence, info, code: [fence + info, *code, fence],
        st.sampled_from(["```", "~~~", "````"]),
        st.sampled_from(["", "yaml", "python", "x`y"]),
        st.lists(LINE, max_size=3),
    ),
    st.lists(LINE, min_size=1, max_size=2).map(lambda code: ["    " + line for line in code]),
    st.lists(st.lists(INLINE, min_size=1, max_size=3), min_size=1, max_size=3).map(_table),
    st.sampled_from([["---"], ["***"], ["* * *"], ["<div>"], ["</div>"], ["<!-- x -->"]]),
    st.builds(lambda term, text: [term, f": {text}"], LINE, LINE),
    st.builds(lambda text: ["*[LĐLĐ]: " + text], LINE),
    st.builds(lambda text: ["> [!NOTE]", f"> {text}"], LINE),
    st.builds(lambda box, text: [f"- [{box}] {text}"], st.sampled_from([" ", "x"]), LINE),
    st.builds(
        lambda tag, lines: [f"<{tag}>", *lines, f"</{tag}>"],
        st.sampled_from(["div", "section", "table", "details", "pre"]),
        st.lists(LINE, max_size=3),
    ),  # noqa: E501
)
BLOCKS = st.recursive(
    LEAF_BLOCKS,
    lambda inner: st.one_of(
        st.builds(
            lambda prefix, lines: _prefixed(prefix, lines),
            st.sampled_from(["> ", ">", "> > "]),
            inner,
        ),  # noqa: E501
        st.builds(
            lambda marker, items: [line for item in items for line in _prefixed(marker, item)],
            st.sampled_from(["- ", "* ", "+ ", "1. ", "1) ", "10. ", "-   "]),
            st.lists(inner, min_size=1, max_size=3),
        ),
        st.builds(lambda lines, lazy: [*lines, lazy], inner, LINE),
        st.lists(inner, min_size=1, max_size=3).map(
            lambda parts: [x for p in parts for x in [*p, ""]]
        ),  # noqa: E501
    ),
    max_leaves=12,
)
_REPEATED = [">", "> ", "- ", "1. ", "* ", "*a ", "**a ", "_a ", "~~a ", "[", "![", "<div>",
             "<div>\n", "<span>", "> - ", "- > ", "<em>", "[a](", "(", "`"]  # fmt: skip
DEEP = st.builds(
    lambda piece, times, tail: piece * times + tail,
    st.sampled_from(_REPEATED),
    st.integers(0, 120) | st.sampled_from([MAX_NESTING - 1, MAX_NESTING, MAX_NESTING + 1, 2000]),
    LINE,
)
NESTED_LISTS = st.builds(
    lambda depth, step, tail: "".join(" " * (step * i) + "- mục\n" for i in range(depth)) + tail,
    st.integers(1, 70),
    st.sampled_from([2, 3, 4]),
    st.sampled_from(["", "| a | b |\n|---|---|\n", "> trích\n", "```\nmã\n```\n"]),
)
BODIES = st.one_of(
    BLOCKS.map("\n".join),
    st.lists(BLOCKS, max_size=4).map(lambda blocks: "\n\n".join("\n".join(b) for b in blocks)),
    DEEP,
    NESTED_LISTS,
    st.text(_ANY_CHARACTER, max_size=300),
)


def _content(root: Path, body: str) -> Path:
    content = assemble(root)
    page = content / FILE
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n" + body + "\n", encoding="utf-8")
    return content


def _assert_sanitised(html: str) -> None:
    """No element that runs script, no event handler, no link or image to a script URL."""
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        assert element.name not in ("script", "style", "iframe", "object")
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on")
            if name in ("href", "src"):
                assert not "".join(str(value).split()).lower().startswith("javascript:")


@fuzz(body=BODIES)
def test_a_body_check_accepts_converts_and_one_it_refuses_is_located(body: str) -> None:
    """`check` either accepts a body, and then everything a build makes of it works (its
    HTML for the page and for a list, its first paragraph, its folded text, its links
    under a base path), or reports each problem on a line of the file."""
    with tempfile.TemporaryDirectory() as folder:
        content = _content(Path(folder), body)
        lines = (content / FILE).read_text(encoding="utf-8").count("\n") + 1
        loaded = load(content, today=dt.date(2024, 6, 1))
    errors = [d for d in loaded.errors if d.path.endswith(FILE)]
    for diagnostic in loaded.diagnostics:
        assert diagnostic.message and diagnostic.expected
        assert diagnostic.line is None or 1 <= diagnostic.line <= lines
    event(f"refused: {sorted({d.code for d in errors})}" if errors else "accepted")
    if errors:
        return
    markup.forget()
    converted = markup.convert(body)
    _assert_sanitised(converted.html)
    assert links.rewrite(markup.markdown_to_html(body, top=3), URLS_AT) is not None
    assert markup.first_paragraph_text(body) == converted.first_paragraph
    assert markup.folded(body) == converted.folded


@scaled(0.2)
@fuzz(body=BODIES)
def test_a_body_check_accepts_builds(body: str) -> None:
    """The real commands: when `check` exits 0, `build` exits 0 too (it never finds a
    problem `check` could not report); otherwise both exit 1 with located messages."""
    with tempfile.TemporaryDirectory() as folder:
        content = _content(Path(folder), body)
        checked = run_cli("check", "--content", str(content))
        assert checked.code in (0, 1)
        output = Path(folder) / "site"
        built = run_cli("build", "--content", str(content), "--output", str(output))
        event(f"check {checked.code}, build {built.code}")
        assert "Traceback" not in built.err
        assert built.code == checked.code, built.err
