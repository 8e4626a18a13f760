"""Deep nesting in a body is a located content error, never a crash (issue 28): `check`
reports a line nested deeper than `bodies.MAX_NESTING` with its file and line, in the same
run as every other problem, and what it lets through converts; the editors' guide states
the limit the code applies."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import bodies
from generator.content.bodies import MAX_NESTING, too_deep
from generator.site import markup
from tests.conftest import assemble, build_site, run_cli

N = MAX_NESTING


def _lists(depth: int, tail: str = "") -> str:
    return "".join("  " * level + "- mục\n" for level in range(depth)) + tail


# Each construct the converter nests, at a depth: a body, and its deepest line (from 0).
CONSTRUCTS = {
    "block quotes": lambda n: (">" * n + " chữ\n", 0),
    "spaced quotes": lambda n: ("> " * n + "chữ\n", 0),
    "lists": lambda n: (_lists(n), n - 1),
    "numbered lists on one line": lambda n: ("1. " * n + "chữ\n", 0),
    "emphasis": lambda n: ("*a " * n + "b" + " c*" * n + "\n", 0),
    "strong and struck": lambda n: ("**a ~~" * (n // 2) + "b" + "~~ c**" * (n // 2) + "\n", 0),
    "links in links": lambda n: ("[" * n + "a" + "](x)" * n + "\n", 0),
    "HTML elements": lambda n: ("<div>" * n + "chữ" + "</div>" * n + "\n", 0),
    "HTML elements on lines": lambda n: ("<div>\n" * n + "chữ\n", n - 1),
    "tables in lists": lambda n: (
        _lists(n - 1, "  " * (n - 1) + "| a | b |\n" + "  " * (n - 1) + "|---|---|\n"),
        n - 2,
    ),
}


@pytest.mark.parametrize("construct", CONSTRUCTS)
def test_a_body_at_the_limit_converts(construct: str) -> None:
    """Every construct nested exactly `MAX_NESTING` levels deep passes the check's measure
    and converts (what `check` lets through, `build` builds)."""
    body, _ = CONSTRUCTS[construct](N)
    assert too_deep(body) is None
    markup.forget()
    assert markup.convert(body).html


@pytest.mark.parametrize("construct", CONSTRUCTS)
def test_a_body_past_the_limit_is_found_on_its_line(construct: str) -> None:
    """Every construct nested 10,000 levels deep (lists 600: their indentation grows with
    the depth) is found, on its deepest line at the latest, past the limit."""
    depth = 600 if "lists" in construct and "one line" not in construct else 10_000
    body, deepest = CONSTRUCTS[construct](depth)
    found = too_deep(body)
    assert found is not None
    line, nesting = found
    assert line <= deepest and nesting > N


@pytest.mark.parametrize(
    "body",
    [
        "Hai bên **phối hợp** chăm lo _đời sống_ [người lao động](@/pages/gioi-thieu).\n",
        "a_b_c " * 200 + "\n",  # underscores inside words are letters
        "từ 10~20 người " * 200 + "\n",
        "**đậm** và ~~gạch~~ " * 200 + "\n",
        "<br>" * 200 + "\n",
        " " * 400 + "đoạn lùi rất sâu, không mở mục nào\n",
    ],
)
def test_ordinary_bodies_are_not_too_deep(body: str) -> None:
    """Long bodies of ordinary forms, repeated, are not counted as nesting."""
    assert too_deep(body) is None


def test_a_quote_10000_deep_is_a_located_error_with_the_others(tmp_path) -> None:
    """A body line of 10,000 `>` then a word: `check` fails naming the file and line, with
    the other problems of the run, in Vietnamese by default (it used to pass, and `build`
    then ended in a RecursionError traceback)."""
    content = assemble(tmp_path)
    page = content / "agreements" / "quy-che-nghe-an.md"
    text = page.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    page.write_text(text + "\n" + ">" * 10_000 + " chữ\n", encoding="utf-8")
    party = content / "parties" / "ldld-nghe-an.md"
    party.write_text(party.read_text(encoding="utf-8") + "\n" + "*a " * 60 + "\n", "utf-8")
    run = run_cli("check", "--content", str(content), "--lang", "vi")
    assert run.code == 1
    assert f"quy-che-nghe-an.md:{line}: body: phần nội dung lồng nhau tới 10000 cấp" in run.err
    assert f"tối đa {N} cấp" in run.err
    assert "ldld-nghe-an.md:" in run.err and "lồng nhau tới 60 cấp" in run.err
    built = run_cli("build", "--content", str(content), "--output", str(tmp_path / "site"))
    assert built.code == 1 and "Traceback" not in built.err
    assert not (tmp_path / "site").exists()


def test_the_guide_states_the_limit_the_code_applies(tmp_path) -> None:
    """The guide's section on bodies gives `MAX_NESTING` as the limit, and its message page
    for the error shows a real example of it."""
    site = tmp_path / "site"
    build_site(assemble(tmp_path), site)
    guide = BeautifulSoup((site / "guide" / "index.html").read_text("utf-8"), "html.parser")
    section = guide.find(id="viet_noi_dung").find_next("div")
    assert f"tối đa {N} lớp lồng nhau" in " ".join(section.get_text().split())
    page = site / "guide" / "messages" / "markdown-too-deep" / "index.html"
    example = BeautifulSoup(page.read_text("utf-8"), "html.parser").get_text()
    assert "lồng nhau tới 60 cấp" in example and f"tối đa {N} cấp" in example


_PIECES = st.sampled_from(
    [
        "> ",
        ">",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "2) ",
        "  ",
        "\t",
        "*",
        "**",
        "_",
        "~~",
        "[",
        "]",
        "(x)",
        "<div>",
        "</div>",
        "<br>",
        "\\*",
        "chữ",
        " ",
        "\n",
        "\n\n",
        "a_b",
        "`",
        "```\n",
    ]
)


@given(st.lists(_PIECES, max_size=120).map("".join))
@settings(max_examples=400, deadline=None)
def test_the_quick_bound_never_hides_a_deep_line(body: str) -> None:
    """`too_deep` skips the line walk when a bound over the whole text says no line can be
    deeper than the limit: on bodies made of every marker, near the limit and past it,
    it finds what the line walk finds."""
    assert too_deep(body) == bodies._deepest_line(body)
    if bodies._surely_shallow(body):
        assert bodies._deepest_line(body) is None


@pytest.mark.parametrize("construct", CONSTRUCTS)
@pytest.mark.parametrize("depth", [N - 1, N, N + 1, N + 5, 2 * N])
def test_the_quick_bound_agrees_with_the_line_walk_near_the_limit(
    construct: str, depth: int
) -> None:
    """Every construct around the limit: the answer is the line walk's, and a body the
    walk finds too deep is never one the bound calls shallow."""
    body, _ = CONSTRUCTS[construct](depth)
    walked = bodies._deepest_line(body)
    assert too_deep(body) == walked
    if walked is not None:
        assert not bodies._surely_shallow(body)
