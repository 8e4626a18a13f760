"""The front matter's screen for aliases and deep nesting: the bound that spares most files
the event walk never lets through what the walk refuses."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import sources
from generator.content.sources import MAX_DEPTH
from tests.conftest import MINIMAL

# Pieces of YAML that open, hold and close collections, in block and flow style, with
# anchors, tags, aliases, comments and every kind of line break YAML knows.
_PIECES = st.sampled_from(
    [
        "\n", " ", "  ", "\t", "- ", "-", "? ", ": ", ":", "k: ", "key:\n", "[", "]", "{",
        "}", ", ", "x", "&a ", "!t ", "!!map ", "*a", "# c", "|\n", ">\n", '"', "'", "\r",
        "\r\n", "\x85", "\u2028", "\u2029", "- - ", "- k: ", "? - ", "---\n", "...\n",
    ]
)  # fmt: skip


def _walked(text: str) -> str:
    """What the event walk says of `text`: refused (too deep, an alias) or not."""
    try:
        sources._walk(text)
    except sources._TooDeep:
        return "too deep"
    except sources._AliasFound:
        return "alias"
    except yaml.YAMLError:
        return "not YAML"
    return "passed"


@settings(max_examples=3000)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_what_the_bound_lets_through_the_walk_lets_through(text: str) -> None:
    """Whenever the bound says a text can hold no alias and no deep nesting, the event walk
    finds neither."""
    if sources._surely_plain(text):
        assert _walked(text) in ("passed", "not YAML")


def _tightest(depth: int) -> str:
    """Block collections nested `depth` deep in as few columns as YAML allows: a mapping
    whose value is a list at its own column, whose entry is a mapping one column further
    right, and so on (two levels a column)."""
    lines = []
    for level in range(depth):
        column = " " * (level // 2)
        lines.append(f"{column}k:" if level % 2 == 0 else f"{column}-")
    return "\n".join(lines) + "\n" + " " * (depth // 2 + 1) + "x\n"


@given(st.integers(1, MAX_DEPTH + 3), st.sampled_from(["block", "tightest", "compact", "flow"]))
def test_nesting_past_the_limit_is_never_surely_plain(depth: int, style: str) -> None:
    """Collections nested `depth` deep, one under the other, as tightly as YAML allows,
    inline or in brackets: past the limit the bound never vouches for them, and the walk
    refuses them."""
    if style == "tightest":
        text = _tightest(depth)
    elif style == "block":
        text = "".join(f"{'  ' * level}-\n" for level in range(depth)) + "  " * depth + "x\n"
    elif style == "compact":
        text = "- " * depth + "x\n"
    else:
        text = "k: " + "[" * depth + "x" + "]" * depth + "\n"
    if depth > MAX_DEPTH:
        assert not sources._surely_plain(text)
        assert _walked(text) == "too deep"


_USUAL = """title: "Chương trình phối hợp giữa hai bên"
kind: program
parties:
  - ldld-ha-noi
  - ubnd-ha-noi
signed: 2024-05-01
period:
  start: 2024-05-01
  end: 2028-12-31
signatories:
  - name: "Nguyễn Văn A"
    party: ldld-ha-noi
topics: [an toàn lao động, nhà ở]
sources:
  - publisher: "Báo Lao Động"
    url: "https://laodong.vn/a?b=1&c=2"
"""


def test_usual_front_matter_is_spared_the_walk() -> None:
    """A record of the usual shape (lists, a period, lists of mappings, a flow list, a link
    with a query) is vouched for by the bound: the walk is for the unusual ones."""
    assert sources._surely_plain(_USUAL)
    assert _walked(_USUAL) == "passed"
    minimal = next(MINIMAL.glob("agreements/**/*.md")).read_text("utf-8").split("---\n")[1]
    assert sources._surely_plain(minimal)
