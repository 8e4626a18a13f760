"""Vietnamese collation: `sort_key` orders text as ICU's `vi` collator does."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.core.collation import OTHER_INITIAL, initial, sort_key

IcuKey = Callable[[str], bytes]

# Realistic names, in the order ICU's `vi` collator gives them (checked against ICU below).
REALISTIC_NAMES = [
    "An Giang",
    "Anh",
    "Ăn",
    "Âu",
    "Bắc Giang",
    "Bắc Ninh",
    "Cà Mau",
    "Công đoàn Viên chức Việt Nam",
    "Dương",
    "Đà Nẵng",
    "Đắk Lắk",
    "Điện Biên",
    "Đồng Tháp",
    "Ê Đê",
    "Hà Giang",
    "Hà Nội",
    "Hải Phòng",
    "Hồ Chí Minh",
    "Khánh Hoà",
    "Khánh Hòa",
    "Lạng Sơn",
    "Lào Cai",
    "LĐLĐ tỉnh Nghệ An",
    "Liên đoàn Lao động tỉnh Nghệ An",
    "Liên đoàn Lao động tỉnh Nghệ An (cũ)",
    "Liên đoàn Lao động TP Hồ Chí Minh",
    "Liên đoàn Lao động TP. Hồ Chí Minh",
    "Ơn",
    "Quy chế 10",
    "Quy chế 2022",
    "Quy chế 2023",
    "Quy chế phối hợp",
    "Quy chế phối hợp 2022-2025",
    "Quy chế phối hợp 2022–2025",
    "Quy chế phối hợp 2022/2025",
    "Thành uỷ Vinh",
    "Thành ủy Vinh",
    "THÀNH ỦY VINH",
    "Uỷ ban nhân dân tỉnh Lạng Sơn",
    "Ủy ban nhân dân tỉnh Lạng Sơn",
    "Ưng Hòa",
    "Vinh",
    "Vĩnh Long",
    "Yên Bái",
]

VOWELS = "aăâeêioôơuưy"
# No tone, huyền, hỏi, ngã, sắc, nặng: ICU's `vi` order of the tones.
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
CONSONANTS = "bcdđghklmnpqrstvx" + "fjwz"
VIETNAMESE_LETTERS = sorted(
    {unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONES}
    | set(CONSONANTS)
)
ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng"]
ONSETS += ["ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x", "f", "w", "z"]
NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay"]
NUCLEI += ["âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua"]
NUCLEI += ["uâ", "uê", "ui", "uô", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "uyê"]
CODAS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u", "y"]
SEPARATORS = [" ", " ", " ", " - ", " – ", ", ", ". ", "/", " (", ") ", ".", "-"]
PUNCTUATION = " .,–-()/:;'\"&%+_—‘’“”…«»·•§№\u00a0"
# Single letters, digits, punctuation and loose marks (tones, breve, circumflex, horn), so
# NFD text, tones on odd letters and marks left standalone by NFC all turn up.
RAW_ALPHABET = sorted(
    set(VIETNAMESE_LETTERS)
    | {letter.upper() for letter in VIETNAMESE_LETTERS}
    | set("0123456789")
    | set(PUNCTUATION)
    | set(TONES[1:])
    | {"\u0306", "\u0302", "\u031b"}
)
EXAMPLES = settings(max_examples=300, deadline=None)


@pytest.fixture(scope="module")
def icu_key() -> IcuKey:
    """ICU's `vi` sort key, the oracle; the ICU tests skip only where PyICU is missing."""
    icu = pytest.importorskip("icu")
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    return lambda text: bytes(collator.getSortKey(text))


def assert_icu_order(texts: list[str], icu_key: IcuKey) -> None:
    """Assert that sorting by `sort_key` gives an order ICU agrees with (ICU ties aside)."""
    ours = sorted(texts, key=sort_key)
    for before, after in zip(ours, ours[1:], strict=False):
        assert icu_key(before) <= icu_key(after), (before, after)


def icu_is_canonical(text: str, icu_key: IcuKey) -> bool:
    """Whether ICU weighs the NFC and NFD forms of text alike, as it should.

    ICU 72 does not for ơ + ◌̂ (NFD o ◌̛ ◌̂): NFC reads as ô plus a horn, NFD as ơ plus
    a circumflex.  `sort_key` gives both forms the NFD reading, so such text is no test.
    """
    nfc = unicodedata.normalize("NFC", text)
    return icu_key(nfc) == icu_key(unicodedata.normalize("NFD", text))


@st.composite
def syllables(draw: st.DrawFn) -> str:
    """A Vietnamese-shaped syllable with any tone, case and normalization form."""
    onset = draw(st.sampled_from(ONSETS))
    nucleus = draw(st.sampled_from(NUCLEI))
    tone = draw(st.sampled_from(TONES))
    spot = draw(st.integers(0, len(nucleus) - 1))
    coda = draw(st.sampled_from(CODAS))
    word = onset + nucleus[: spot + 1] + tone + nucleus[spot + 1 :] + coda
    case = draw(st.sampled_from(("lower", "title", "upper", "mixed")))
    if case == "title":
        word = word.title()
    elif case == "upper":
        word = word.upper()
    elif case == "mixed":
        flips = draw(st.integers(0, 2 ** len(word) - 1))
        word = "".join(ch.upper() if flips >> i & 1 else ch for i, ch in enumerate(word))
    return unicodedata.normalize(draw(st.sampled_from(("NFC", "NFD"))), word)


@st.composite
def names(draw: st.DrawFn) -> str:
    """A name of one to five syllables or numbers joined by spaces or punctuation."""
    parts = draw(
        st.lists(
            syllables() | st.integers(0, 3000).map(str) | st.sampled_from(REALISTIC_NAMES),
            min_size=1,
            max_size=5,
        )
    )
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + part
    return text


def test_realistic_names_sort_exactly_as_icu(icu_key: IcuKey) -> None:
    """The realistic names, shuffled, come back in ICU's order and in the listed order."""
    shuffled = REALISTIC_NAMES[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=icu_key) == REALISTIC_NAMES
    assert sorted(shuffled, key=sort_key) == REALISTIC_NAMES


def test_every_vietnamese_letter_sorts_as_icu(icu_key: IcuKey) -> None:
    """Each letter in every tone and case, alone and before a suffix, sorts as in ICU."""
    letters = VIETNAMESE_LETTERS + [letter.upper() for letter in VIETNAMESE_LETTERS]
    texts = letters + [letter + "a" for letter in letters] + [letter + "ng" for letter in letters]
    assert sorted(texts, key=sort_key) == sorted(texts, key=icu_key)


def test_ascii_and_common_punctuation_sort_as_icu(icu_key: IcuKey) -> None:
    """Every printable ASCII character and common typographic punctuation sorts as in ICU."""
    texts = [chr(code) for code in range(0x20, 0x7F)] + list(PUNCTUATION)
    texts = sorted(set(texts))
    texts += ["a" + text + "b" for text in texts]
    assert sorted(texts, key=sort_key) == sorted(texts, key=icu_key)


def test_letters_split_by_other_marks_sort_as_icu(icu_key: IcuKey) -> None:
    """A breve, circumflex or horn after other marks joins its base only where ICU's does."""
    bases = ["a", "A", "e", "o", "O", "u", "U", "i", "\u1e01"]
    marks = ["\u0306", "\u0302", "\u031b"]
    between = ["", "\u0323", "\u0301", "\u0300\u0323", "\u0327", "\u031b", "\u0302"]
    texts = [
        unicodedata.normalize(form, base + middle + mark + tail)
        for base in bases
        for middle in between
        for mark in marks
        for tail in ("", "b", "\u0309")
        for form in ("NFC", "NFD")
    ]
    texts += [letter + "b" for letter in "aăâeêoôơuư"]
    consistent = [text for text in texts if icu_is_canonical(text, icu_key)]
    assert len(consistent) > len(texts) * 0.9
    assert_icu_order(consistent, icu_key)


@EXAMPLES
@given(st.lists(names(), min_size=2, max_size=15))
def test_generated_names_sort_as_icu(icu_key: IcuKey, texts: list[str]) -> None:
    """Lists of generated names in any tone, case and normalization sort as ICU sorts them."""
    assert_icu_order(texts, icu_key)


@EXAMPLES
@given(
    st.text(st.sampled_from(RAW_ALPHABET), max_size=8),
    st.text(st.sampled_from(RAW_ALPHABET), max_size=8),
)
def test_any_two_texts_compare_as_icu(icu_key: IcuKey, first: str, second: str) -> None:
    """Any two texts over letters, digits, punctuation and loose marks compare as in ICU."""
    assume(icu_is_canonical(first, icu_key) and icu_is_canonical(second, icu_key))
    ours = (sort_key(first) > sort_key(second)) - (sort_key(first) < sort_key(second))
    theirs = (icu_key(first) > icu_key(second)) - (icu_key(first) < icu_key(second))
    if theirs:
        assert ours == theirs


def test_d_with_stroke_is_a_letter_after_d() -> None:
    """Đà Nẵng sorts after Dương and before Hà Nội, where plain sorted() misplaces it."""
    places = ["Hà Nội", "Đà Nẵng", "Dương"]
    assert sorted(places) == ["Dương", "Hà Nội", "Đà Nẵng"]
    assert sorted(places, key=sort_key) == ["Dương", "Đà Nẵng", "Hà Nội"]


def test_breve_and_circumflex_letters_follow_a() -> None:
    """Ă is a letter between A and Â, so even "Az" sorts before "Ăn"."""
    assert sorted(["Âu", "Ăn", "Az", "An", "B"], key=sort_key) == ["An", "Az", "Ăn", "Âu", "B"]
    assert sorted(["ơ", "ô", "o", "p"], key=sort_key) == ["o", "ô", "ơ", "p"]
    assert sorted(["ư", "v", "u"], key=sort_key) == ["u", "ư", "v"]
    assert sorted(["ê", "f", "e"], key=sort_key) == ["e", "ê", "f"]


def test_nfd_and_nfc_give_the_same_key() -> None:
    """Decomposed text, including ậ whose marks NFD reorders, weighs the same as composed."""
    for text in REALISTIC_NAMES + ["Cận", "Ậu", "Thuở", "Nguyễn Thị Mỹ Lệ"]:
        assert sort_key(unicodedata.normalize("NFD", text)) == sort_key(text)


def test_tones_order_none_grave_hook_tilde_acute_dot_below() -> None:
    """Tones sort as none, huyền, hỏi, ngã, sắc, nặng."""
    expected = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(expected), key=sort_key) == expected


def test_tones_count_only_after_all_letters() -> None:
    """A tone decides only between texts whose letters are all the same."""
    assert sorted(["Lang Thang", "Lạng Sơn"], key=sort_key) == ["Lạng Sơn", "Lang Thang"]
    # Equal letters: the first tone difference decides, so the tone on "y" sorts first.
    assert sorted(["Ủy ban", "Uỷ ban"], key=sort_key) == ["Uỷ ban", "Ủy ban"]


def test_lowercase_sorts_before_uppercase() -> None:
    """Texts equal but for case sort lowercase first, and case counts only after tones."""
    assert sorted(["HÀ NỘI", "Hà Nội", "hà nội"], key=sort_key) == ["hà nội", "Hà Nội", "HÀ NỘI"]
    assert sorted(["đa", "Đa", "ĐA", "đA"], key=sort_key) == ["đa", "đA", "Đa", "ĐA"]
    assert sorted(["Ha", "hà"], key=sort_key) == ["Ha", "hà"]


def test_space_and_digits_sort_before_letters() -> None:
    """A space sorts before any letter, and digits go digit by digit before letters."""
    assert sorted(["Anh", "An Giang", "An"], key=sort_key) == ["An", "An Giang", "Anh"]
    titles = ["Quy chế A", "Quy chế 2023", "Quy chế 10", "Quy chế 2022"]
    assert sorted(titles, key=sort_key) == [
        "Quy chế 10",
        "Quy chế 2022",
        "Quy chế 2023",
        "Quy chế A",
    ]


def test_distinct_texts_get_distinct_keys() -> None:
    """Texts ICU weighs alike still get distinct keys unless they are the same in NFC."""
    assert sort_key("an\u00adgiang") != sort_key("angiang")
    assert sort_key("An\u200bGiang") != sort_key("AnGiang")
    assert sort_key("Hà Nội") == sort_key(unicodedata.normalize("NFD", "Hà Nội"))


_LETTERS = "AĂÂBCDĐEÊFGHIJKLMNOÔƠPQRSTUƯVWXYZ"


@pytest.mark.parametrize(
    ("name", "letter"),
    [
        ("Ủy ban nhân dân", "U"),
        ("Ấp Bắc", "Â"),
        ("đảng ủy", "Đ"),
        ("Ờ", "Ơ"),
        ("ưu tiên", "Ư"),
        ("Ăn", "Ă"),
        ("  (Ban", "B"),
        ("6 tỉnh", OTHER_INITIAL),
        ("Ελλάδα", OTHER_INITIAL),
    ],
)
def test_a_name_is_filed_under_its_letter_without_its_tone(name: str, letter: str) -> None:
    assert initial(name) == letter


@given(
    st.lists(
        st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèéẹềếệ", min_size=1),
        min_size=2,
    )
)
def test_names_in_alphabetical_order_have_initials_in_alphabet_order(names: list[str]) -> None:
    """An A–Z index sorted by `sort_key` never puts a letter's heading twice: the initials
    of sorted names follow the Vietnamese alphabet."""
    ordered = sorted(names, key=sort_key)
    letters = [initial(name) for name in ordered if initial(name) != OTHER_INITIAL]
    assert letters == sorted(letters, key=_LETTERS.index)
