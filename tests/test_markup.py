"""Markdown bodies become safe HTML; front matter is highlighted legibly."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from pygments.token import STANDARD_TYPES

from generator.site import markup
from generator.site.markup import (
    FrontMatterLexer,
    first_paragraph_text,
    highlight_yaml,
    markdown_to_html,
    pygments_css,
)
from tests.conftest import FIXTURES, REPO

FORBIDDEN_TAGS = {"script", "svg", "iframe", "style", "form", "object", "embed", "math", "input"}
FORBIDDEN_SCHEMES = ("javascript:", "data:", "vbscript:")
CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass
class Element:
    """One start tag seen in the output."""

    tag: str
    attrs: dict[str, str | None]


@dataclass
class Parsed(HTMLParser):
    """The elements and visible text of an HTML fragment."""

    elements: list[Element] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    @property
    def text(self) -> str:
        """The visible text with runs of whitespace collapsed."""
        return " ".join("".join(self.texts).split())

    def find(self, tag: str) -> list[Element]:
        """Every element with this tag name."""
        return [element for element in self.elements if element.tag == tag]


def parse(html: str) -> Parsed:
    """Parse an HTML fragment."""
    parsed = Parsed()
    parsed.feed(html)
    parsed.close()
    return parsed


def render(markdown: str) -> Parsed:
    """Render a Markdown body and parse the result."""
    return parse(markdown_to_html(markdown))


def is_dangerous_url(url: str) -> bool:
    """Whether a browser would run or inline this URL, as it reads it."""
    return CONTROL_OR_SPACE.sub("", url).lower().startswith(FORBIDDEN_SCHEMES)


PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "![x](javascript:alert(1))",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" &#14;javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '"><svg onload=alert(1)>',
    "<svg><script>alert(1)</script></svg>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<iframe src="https://evil.example"></iframe>',
    "<style>body { display: none }</style>",
    '<form action="https://evil.example"><input name="q"><button>Gửi</button></form>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<object data="https://evil.example/x.swf"></object><embed src="x.swf">',
    "' \" `' \"> <' x=\"",
    '<div onclick="alert(1)">nhấn</div>',
    '<p style="position:fixed;top:0">phủ</p>',
    '<a href="https://example.vn" onmouseover="alert(1)">liên kết</a>',
    "<!-- <script>alert(1)</script> -->",
]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("layout", ["Trước {} sau", "Trước\n\n{}\n\nsau"], ids=["inline", "block"])
def test_nothing_injected(payload: str, layout: str) -> None:
    """Raw HTML and links in a body never yield script, handlers, styles or unsafe URLs."""
    html = markdown_to_html(layout.format(payload))
    parsed = parse(html)
    assert "<script" not in html.lower()
    for element in parsed.elements:
        assert element.tag not in FORBIDDEN_TAGS
        assert not [name for name in element.attrs if name.startswith("on")]
        assert "style" not in element.attrs
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            assert not is_dangerous_url(element.attrs.get(name) or "")
    assert parsed.text.startswith("Trước")
    assert parsed.text.endswith("sau")


def test_harmless_parts_of_unsafe_html_survive() -> None:
    """Text, safe links and allowed tags are kept while their unsafe attributes go."""
    parsed = render(
        '<div onclick="alert(1)">nhấn vào đây</div>\n\n'
        'Xem <a href="https://example.vn" onmouseover="alert(1)">liên kết</a>.'
    )
    assert "nhấn vào đây" in parsed.text
    assert "Xem liên kết." in parsed.text
    assert [link.attrs["href"] for link in parsed.find("a")] == ["https://example.vn"]


def test_headings_are_demoted_with_slug_ids() -> None:
    """A body `#` becomes h2 (capped at h6), and ids turn đ into d."""
    parsed = render("# Về ngày ký\n\n## Đời sống\n\n##### Năm\n\n###### Sáu\n\nVăn bản.")
    headings = [(e.tag, e.attrs.get("id")) for e in parsed.elements if e.tag[0] == "h"]
    assert headings == [
        ("h2", "ve-ngay-ky"),
        ("h3", "doi-song"),
        ("h6", "nam"),
        ("h6", "sau"),
    ]


def test_the_outline_starts_at_the_level_the_page_gives() -> None:
    """A body written from `##` starts at h2 on a free page and at h3 under a section."""
    body = "## Cam kết\n\n### Chi tiết\n\nVăn bản."
    for top, expected in ((2, ["h2", "h3"]), (3, ["h3", "h4"])):
        parsed = parse(markdown_to_html(body, top=top))
        assert [e.tag for e in parsed.elements if e.tag[0] == "h"] == expected
    with pytest.raises(ValueError):
        markdown_to_html(body, top=1)


def test_no_h1_reaches_the_body() -> None:
    """The page owns the only h1, even when an editor types one in raw HTML."""
    parsed = render("# Tiêu đề\n\n<h1>Thô</h1>\n\nVăn bản.")
    assert parsed.find("h1") == []
    assert "Thô" in parsed.text


def test_duplicate_headings_get_unique_ids() -> None:
    """Two headings with the same text get different ids."""
    parsed = render("## Về ngày ký\n\nMột.\n\n## Về ngày ký\n\nHai.\n\n## Ve ngay ky")
    ids = [e.attrs["id"] for e in parsed.find("h2")]
    assert len(ids) == len(set(ids)) == 3
    assert ids[0] == "ve-ngay-ky"


def test_documents_do_not_share_state() -> None:
    """Ids and abbreviations from one body do not leak into the next."""
    first = render("## Mục tiêu\n\nLĐLĐ.\n\n*[LĐLĐ]: Liên đoàn Lao động")
    second = render("## Mục tiêu\n\nLĐLĐ.")
    assert first.find("h2")[0].attrs["id"] == second.find("h2")[0].attrs["id"] == "muc-tieu"
    assert first.find("abbr")[0].attrs["title"] == "Liên đoàn Lao động"
    assert second.find("abbr") == []


def test_tables_render_with_alignment_but_no_style() -> None:
    """A pipe table becomes a table whose alignment survives without a style attribute."""
    parsed = render("| Năm | Việc |\n|:---|---:|\n| 2023 | Sơ kết |\n| 2025 | Tổng kết |")
    assert len(parsed.find("table")) == 1
    assert [e.attrs for e in parsed.find("th")] == [{"align": "left"}, {"align": "right"}]
    assert len(parsed.find("td")) == 4
    assert "Sơ kết" in parsed.text


def test_lists_render() -> None:
    """Bulleted, numbered (with their start) and definition lists render."""
    parsed = render("- một\n- hai\n\n3. ba\n4. bốn\n\nSơ kết\n:   đánh giá giữa kỳ")
    assert len(parsed.find("ul")) == len(parsed.find("ol")) == 1
    assert parsed.find("ol")[0].attrs == {"start": "3"}
    assert len(parsed.find("li")) == 4
    assert [len(parsed.find(tag)) for tag in ("dl", "dt", "dd")] == [1, 1, 1]


def test_fenced_code_is_highlighted_with_classes() -> None:
    """Fenced code is wrapped in div.highlight and coloured by Pygments classes only."""
    parsed = render("```yaml\nslug: quy-che\nnam: 2022 # ghi chú\n```")
    assert parsed.find("div")[0].attrs == {"class": "highlight"}
    assert parsed.find("pre") and parsed.find("code")
    classes = {e.attrs["class"] for e in parsed.find("span") if e.attrs.get("class")}
    assert {"nt", "c1"} <= classes <= set(STANDARD_TYPES.values())
    assert all("style" not in e.attrs for e in parsed.elements)


def test_links_keep_safe_targets() -> None:
    """http(s), mailto, relative and fragment links keep their targets."""
    parsed = render(
        "[a](https://laodong.vn/x) [b](mailto:ban@ldld.vn) [c](/agreements/x/) [d](#muc)"
    )
    assert [e.attrs["href"] for e in parsed.find("a")] == [
        "https://laodong.vn/x",
        "mailto:ban@ldld.vn",
        "/agreements/x/",
        "#muc",
    ]


@pytest.mark.parametrize(
    ("href", "rel"),
    [
        ("https://laodong.vn/x", "noopener noreferrer"),
        ("HTTP://laodong.vn", "noopener noreferrer"),
        ("//laodong.vn/x", "noopener noreferrer"),
        ("mailto:ban@ldld.vn", "noopener noreferrer"),
        ("/agreements/x/", None),
        ("../x/", None),
        ("#muc", None),
    ],
)
def test_only_links_that_leave_the_site_get_rel(href: str, rel: str | None) -> None:
    """Links to other sites get rel=noopener noreferrer; links within the site do not."""
    for body in (f"[x]({href})", f'<a href="{href}" rel="author">x</a>'):
        assert render(body).find("a")[0].attrs.get("rel") == rel


def test_a_link_stripped_of_its_target_stays_valid() -> None:
    """An anchor whose href was removed carries no rel (HTML forbids rel without href)."""
    parsed = render('[x](javascript:alert(1)) <a title="t">y</a> <a name="z">z</a>')
    assert [e.attrs for e in parsed.find("a")] == [{}, {"title": "t"}, {}]


def test_images_load_only_from_the_site() -> None:
    """Relative images keep their src; others become their alt text (no third-party requests)."""
    parsed = render(
        "![một](/files/anh.png) ![hai](https://evil.example/p.gif) ![ba](//evil.example/p) "
        '![bốn](/\\evil.example/p) <img src="data:image/png;base64,AA" alt="năm">'
    )
    assert [e.attrs for e in parsed.find("img")] == [{"alt": "một", "src": "/files/anh.png"}]
    assert parsed.text == "hai ba bốn năm"


def test_every_image_has_an_alt() -> None:
    """An image written without alt text gets an empty one, as HTML requires."""
    parsed = render('<img src="/files/a.png" onerror="alert(1)">')
    assert parsed.find("img")[0].attrs == {"src": "/files/a.png", "alt": ""}


def test_heading_ids_cannot_take_the_pages_underscore_ids() -> None:
    """Ids are hyphenated slugs (toc adds `_N` to repeats), never the templates' `noi_dung`."""
    html = markdown_to_html("## Nội dung\n\n## Nội dung\n\n## noi_dung\n\n## Thông_tin chính")
    ids = [e.attrs["id"] for e in parse(html).find("h2")]
    assert ids == ["noi-dung", "noi-dung_1", "noi-dung_2", "thong-tin-chinh"]
    for heading_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*(_\d+)?", heading_id)


def test_first_paragraph_skips_heading_and_strips_markup() -> None:
    """The summary is the plain text of the first paragraph, whitespace collapsed."""
    body = (
        "# Tiêu đề\n\n"
        "Đây là **đoạn** [đầu](https://laodong.vn) có `mã`, *nhấn* và &amp; ký  hiệu.\n"
        "Dòng <b>hai</b>.\n\n"
        "Đoạn sau."
    )
    assert first_paragraph_text(body) == "Đây là đoạn đầu có mã, nhấn và & ký hiệu. Dòng hai."


def test_first_paragraph_is_top_level() -> None:
    """Quotes, lists and empty paragraphs are passed over for the first real paragraph."""
    body = "> Trích dẫn.\n\n- mục\n\n![ảnh](/files/a.png)\n\nĐoạn thật."
    assert first_paragraph_text(body) == "Đoạn thật."


@pytest.mark.parametrize("body", ["", "## Chỉ có tiêu đề", "- một\n- hai", "```\nmã\n```"])
def test_first_paragraph_absent(body: str) -> None:
    """A body without a paragraph has no default summary."""
    assert first_paragraph_text(body) is None


def test_highlight_yaml_escapes_everything() -> None:
    """Front matter values are escaped, never interpreted, inside div.highlight > pre."""
    html = highlight_yaml("title: \"<script>alert('x')</script> & <b>\"\nslug: quy-che\n")
    assert html.startswith('<div class="highlight"><pre>')
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    parsed = parse(html)
    assert {e.tag for e in parsed.elements} <= {"div", "pre", "code", "span"}
    assert "<script>alert('x')</script> & <b>" in parsed.text


def test_pygments_css_is_scoped() -> None:
    """Every rule is scoped to .highlight, so it styles no other element of the page."""
    rules = [line for line in pygments_css().splitlines() if line.strip()]
    assert rules
    assert all(rule.startswith(".highlight") for rule in rules)


def _luminance(colour: str) -> float:
    """WCAG relative luminance of #rgb or #rrggbb."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two colours."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_highlight_colours_meet_wcag_aa() -> None:
    """Every token colour has at least 4.5:1 contrast on the (near-white) background."""
    css = pygments_css()
    background = re.search(r"^\.highlight \{ background: (#[0-9a-fA-F]{3,6})", css, re.M)
    assert background
    assert _luminance(background[1]) > 0.9
    checked = 0
    for rule in re.finditer(r"^(\S[^{]*)\{([^}]*)\}", css, re.M):
        colour = re.search(r"(?<![-\w])color: (#[0-9a-fA-F]{3,6})", rule[2])
        if colour is None:
            continue
        own = re.search(r"background-color: (#[0-9a-fA-F]{3,6})", rule[2])
        ratio = _contrast(colour[1], own[1] if own else background[1])
        assert ratio >= 4.5, f"{rule[1].strip()}: {colour[1]} has contrast {ratio:.2f}"
        checked += 1
    assert checked > 20


_SAMPLE = """---
# a comment line
title: "Quy chế \\"phối hợp\\" 2024"   # trailing comment
kind: regulation
parties: [UBND tỉnh Nghệ An, "LĐLĐ tỉnh Nghệ An"]
summary: >-
  Một đoạn: có dấu hai chấm
  # không phải chú thích

signed: 2024-03-01
relations:
  - type: replaces
    reason: >-
      lý do: dài
    target: 'it''s'
empty:
---
"""


def _front_matters() -> list[str]:
    """Every front matter of the seed and the fixtures, and a sample of every form."""
    found = [_SAMPLE]
    for path in sorted([*(REPO / "content").rglob("*.md"), *FIXTURES.rglob("*.md")]):
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.startswith("---\n") and "\n---\n" in text:
            found.append(text.split("\n---\n", 1)[0] + "\n---\n")
    return found


def _kinds(tokens: list[tuple[object, str]]) -> list[tuple[str, object]]:
    """The token type of each character that is not a space."""
    return [(c, kind) for kind, text in tokens for c in text if not c.isspace()]


def test_front_matter_is_typed_as_the_yaml_lexer_types_it() -> None:
    """Every character but spaces gets the token type Pygments' YAML lexer gives it (the
    front-matter lexer only makes fewer, longer tokens), for every record it takes; the
    rest (flow maps, anchors) go to the YAML lexer, and every form of the seed is taken."""
    from pygments.lexers import YamlLexer
    from pygments.token import Error

    assert not any(kind is Error for kind, _ in FrontMatterLexer().get_tokens(_SAMPLE))
    taken = 0
    for source in _front_matters():
        ours = list(FrontMatterLexer().get_tokens(source))
        if any(kind is Error for kind, _ in ours):
            assert highlight_yaml(source) == _by_yaml_lexer(source)
            continue
        taken += 1
        assert "".join(text for _, text in ours) == source
        theirs = list(YamlLexer().get_tokens(source))
        assert _kinds(ours) == _kinds(theirs), source[:80]
    assert taken > 0.8 * len(_front_matters())


def _by_yaml_lexer(source: str) -> str:
    """The highlighting Pygments' own YAML lexer gives, in the site's formatter."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import YamlLexer

    formatter = HtmlFormatter(style="xcode", cssclass="highlight", wrapcode=True)
    return highlight(source, YamlLexer(), formatter)


def test_a_quoted_value_is_one_token() -> None:
    """A quoted value is one span, not a span for each word and space."""
    html = highlight_yaml('title: "Quy chế phối hợp giữa hai bên"\n')
    assert html.count('<span class="s">') == 1
    assert '<span class="s">"Quy chế phối hợp giữa hai bên"</span>' in html


def test_the_first_paragraph_is_found_past_the_first_kilobytes() -> None:
    """The summary reader stops at the paragraph, wherever it ends: after a long list, and
    when the paragraph itself is long, with an escaped character at any place in it."""
    items = "".join(f"- mục số {n} trong danh sách dài\n" for n in range(80))
    words = " ".join(f"từ{n} & <{n}>" for n in range(300))
    for body, expected in (
        (f"{items}\nĐoạn đầu tiên.\n", "Đoạn đầu tiên."),
        (f"{words}\n\nĐoạn sau.\n", words),
        (f"# Tiêu đề\n\n{'x' * 1021}&amp;y z\n", "x" * 1021 + "&y z"),
    ):
        assert first_paragraph_text(body) == expected


def test_a_register_larger_than_the_bound_keeps_the_first_conversions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The conversions a process keeps are bounded; past the bound it keeps those it has
    (it used to empty its memory, so that each later use of a body found it emptied again
    and converted every body anew) and converts the others where they are used, to the
    same HTML."""
    monkeypatch.setattr(markup, "CONVERTED", 3)
    markup.forget()
    texts = [f"Đoạn **{number}**." for number in range(5)]
    made = {text: markup.convert(text) for text in texts}
    assert list(markup._bodies) == texts[:3]
    markup.remember({f"Khác {number}": made[texts[0]] for number in range(4)})
    assert list(markup._bodies) == texts[:3]
    assert markup.convert(texts[4]) == made[texts[4]]
    assert "<strong>4</strong>" in made[texts[4]].html
    markup.forget()
