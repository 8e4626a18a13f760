"""One folding function makes names match however they were typed."""

from __future__ import annotations

import unicodedata

import pytest

from generator.vietnamese import fold


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
