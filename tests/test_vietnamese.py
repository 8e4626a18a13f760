"""One folding function makes names match however they were typed."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.core.vietnamese import fold, spelled


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ủy ban nhân dân", "Uỷ ban nhân dân"),
        ("hòa bình", "hoà bình"),
        ("Thủy lợi", "Thuỷ lợi"),
        ("Liên đoàn Lao động", "lien doan lao dong"),
        ("LĐLĐ tỉnh Nghệ An", "ldld tinh nghe an"),
        ("Đà Nẵng", "da nang"),
        ("LĐLĐ  TP.   Hà Nội", "LĐLĐ TP Hà Nội"),
        ("  Công đoàn Nghệ An ", "CÔNG ĐOÀN NGHỆ AN"),
    ],
)
def test_variants_fold_alike(one: str, other: str) -> None:
    """Case, tone placement, diacritics, đ, punctuation and spacing do not matter."""
    assert fold(one) == fold(other)


def test_nfd_and_nfc_fold_alike() -> None:
    """A name typed in decomposed form matches the composed one."""
    name = "Liên đoàn Lao động tỉnh Nghệ An"
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name
    assert fold(decomposed) == fold(name) == "lien doan lao dong tinh nghe an"


def test_different_words_stay_different() -> None:
    """Folding does not merge names that differ in their letters."""
    assert fold("Nghệ An") != fold("Hà Nội")
    assert fold("LĐLĐ tỉnh") != fold("LĐLĐ thành phố")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Straße", "STRASSE"),
        ("STRAẞE", "strasse"),
        ("ﬁnance ﬂow", "FINANCE FLOW"),
        ("ＬĐＬĐ １２", "ldld 12"),
        ("ΟΔΟΣ", "οδός"),
        ("İSTANBUL", "istanbul"),
        ("Ꮳ", "ꮳ"),  # Cherokee: casefold() gives the capital, lower() the small letter
        ("क\u0903ख", "कख"),  # a spacing mark of combining class 0 is still a mark
    ],
)
def test_compatibility_and_special_case_forms_fold_alike(one: str, other: str) -> None:
    """ß, ligatures, full-width letters, final sigma, İ and spacing marks fold as search.js does."""
    assert fold(one) == fold(other)


def test_strasse_folds_to_plain_letters() -> None:
    """Straße, STRASSE and strasse are one word, spelled in plain letters."""
    assert fold("Straße") == fold("STRASSE") == fold("strasse") == "strasse"
    assert spelled("Straße") == spelled("STRASSE") == spelled("strasse") == "strasse"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Liên đoàn Lao động", "lieen ddoanf lao ddoongj"),
        ("Uỷ ban, ỦY BAN", "uyr ban uyr ban"),
        ("Nghe\u0323\u0302", "ngheej"),
        ("ﬁnance ＬĐＬĐ", "finance lddldd"),
        ("ΟΔΟΣ οδός", "οδοσ οδοσs"),
        ("STRAẞE", "strasse"),
    ],
)
def test_spelled_keeps_marks_and_folds_case_like_fold(text: str, expected: str) -> None:
    """`spelled` keeps Vietnamese marks but treats case and compatibility forms as `fold` does."""
    assert spelled(text) == expected


@given(st.text(max_size=40))
def test_fold_ignores_normal_form_and_case(text: str) -> None:
    """Any text folds alike composed or decomposed, in either case, and folded once more."""
    folded = fold(text)
    assert fold(unicodedata.normalize("NFD", text)) == folded
    assert fold(unicodedata.normalize("NFC", text)) == folded
    assert fold(text.upper()) == fold(text.lower()) == folded
    assert fold(folded) == folded
