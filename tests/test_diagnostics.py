"""The invisible-character table and the excerpts that messages show."""

from __future__ import annotations

import unicodedata

from generator.core.diagnostics import EXCERPT, INVISIBLE, excerpt, visible


def _expected(code: int) -> bool:
    category = unicodedata.category(chr(code))
    if chr(code) in "\t\n":
        return False
    return category in ("Cc", "Cf", "Cs") or code in (0xFFFE, 0xFFFF)


def test_the_invisible_table_is_every_control_format_and_surrogate_code_point() -> None:
    """The hard-coded ranges match Python's Unicode database, character for character."""
    actual = {code for code in range(0x110000) if INVISIBLE.match(chr(code))}
    expected = {code for code in range(0x110000) if _expected(code)}
    if unicodedata.unidata_version == "14.0.0":  # the tables were written from Unicode 14
        assert actual == expected
    else:  # a later Unicode may add format characters; none of ours may change category
        assert actual <= expected
        assert {0x0B, 0x200B, 0x202E, 0xFEFF, 0xE0001} <= actual


def test_tab_newline_and_ordinary_letters_are_not_invisible() -> None:
    assert INVISIBLE.search("Quy chế\tphối hợp\nđ Đ ß ﬁ σ ς 1:30 ２０２２") is None


def test_an_excerpt_is_short_and_shows_what_it_hides() -> None:
    """Long values are cut with an ellipsis; invisible characters are written as code points."""
    secret = "https://x-access-token:" + "g" * 200 + "@github.com"
    shown = excerpt(secret)
    assert len(shown) == EXCERPT and shown.endswith("…")
    assert "@github.com" not in shown
    assert visible("a\u200bb\x0bc") == "a<U+200B>b<U+000B>c"
    assert excerpt("ngắn") == "ngắn"
