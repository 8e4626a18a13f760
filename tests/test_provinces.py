"""Provincial-level units: the 63 before 1 July 2025, the 34 after, and the merges between."""

from __future__ import annotations

import dataclasses
import datetime
import unicodedata

import pytest

from generator.core.collation import sort_key
from generator.core.provinces import (
    NATIONWIDE,
    PROVINCES,
    REORGANISED,
    Province,
    after_2025,
    before_2025,
    current,
    lookup,
    nearest,
)
from generator.core.vietnamese import fold

# Written out here independently of the module: the 63 units before 1 July 2025, as listed
# in Resolution 202/2025/QH15, in no particular order.
OLD_63 = """
An Giang; Bà Rịa – Vũng Tàu; Bạc Liêu; Bắc Giang; Bắc Kạn; Bắc Ninh; Bến Tre; Bình Dương;
Bình Định; Bình Phước; Bình Thuận; Cà Mau; Cao Bằng; Cần Thơ; Đà Nẵng; Đắk Lắk; Đắk Nông;
Điện Biên; Đồng Nai; Đồng Tháp; Gia Lai; Hà Giang; Hà Nam; Hà Nội; Hà Tĩnh; Hải Dương;
Hải Phòng; Hậu Giang; Hòa Bình; Hồ Chí Minh; Huế; Hưng Yên; Khánh Hòa; Kiên Giang; Kon Tum;
Lai Châu; Lạng Sơn; Lào Cai; Lâm Đồng; Long An; Nam Định; Nghệ An; Ninh Bình; Ninh Thuận;
Phú Thọ; Phú Yên; Quảng Bình; Quảng Nam; Quảng Ngãi; Quảng Ninh; Quảng Trị; Sóc Trăng;
Sơn La; Tây Ninh; Thái Bình; Thái Nguyên; Thanh Hóa; Tiền Giang; Trà Vinh; Tuyên Quang;
Vĩnh Long; Vĩnh Phúc; Yên Bái
"""
OLD = {name.strip() for name in OLD_63.replace("\n", " ").split(";")}

UNCHANGED = {
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
}

# New unit ← the old units merged into it, as the resolution gives them.
MERGES = {
    "Tuyên Quang": ("Tuyên Quang", "Hà Giang"),
    "Lào Cai": ("Lào Cai", "Yên Bái"),
    "Thái Nguyên": ("Thái Nguyên", "Bắc Kạn"),
    "Phú Thọ": ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"),
    "Bắc Ninh": ("Bắc Ninh", "Bắc Giang"),
    "Hưng Yên": ("Hưng Yên", "Thái Bình"),
    "Hải Phòng": ("Hải Phòng", "Hải Dương"),
    "Ninh Bình": ("Ninh Bình", "Hà Nam", "Nam Định"),
    "Quảng Trị": ("Quảng Trị", "Quảng Bình"),
    "Đà Nẵng": ("Đà Nẵng", "Quảng Nam"),
    "Quảng Ngãi": ("Quảng Ngãi", "Kon Tum"),
    "Gia Lai": ("Gia Lai", "Bình Định"),
    "Khánh Hòa": ("Khánh Hòa", "Ninh Thuận"),
    "Lâm Đồng": ("Lâm Đồng", "Đắk Nông", "Bình Thuận"),
    "Đắk Lắk": ("Đắk Lắk", "Phú Yên"),
    "Hồ Chí Minh": ("Hồ Chí Minh", "Bình Dương", "Bà Rịa – Vũng Tàu"),
    "Đồng Nai": ("Đồng Nai", "Bình Phước"),
    "Tây Ninh": ("Tây Ninh", "Long An"),
    "Cần Thơ": ("Cần Thơ", "Sóc Trăng", "Hậu Giang"),
    "Vĩnh Long": ("Vĩnh Long", "Bến Tre", "Trà Vinh"),
    "Đồng Tháp": ("Đồng Tháp", "Tiền Giang"),
    "Cà Mau": ("Cà Mau", "Bạc Liêu"),
    "An Giang": ("An Giang", "Kiên Giang"),
}

CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}


def test_the_written_out_lists_agree_with_each_other() -> None:
    """The test's own data is consistent: 63 old names, split into merged and unchanged."""
    assert len(OLD) == 63
    merged = [name for names in MERGES.values() for name in names]
    assert len(merged) == len(set(merged)) == 52
    assert set(merged) | UNCHANGED == OLD
    assert not set(merged) & UNCHANGED


def test_63_units_before_and_34_after() -> None:
    """The counts the resolution gives, and the names themselves."""
    before = before_2025()
    after = after_2025()
    assert len(before) == 63
    assert len(after) == 34
    assert {p.name for p in before} == OLD
    assert {p.name for p in after} == set(MERGES) | UNCHANGED
    assert set(PROVINCES) == OLD
    assert all(p.before for p in before)
    assert all(p.after for p in after)


def test_every_after_unit_keeps_an_old_name() -> None:
    """So the mapping has one entry per old name, and Gia Lai is both before and after."""
    assert len(PROVINCES) == 63
    gia_lai = PROVINCES["Gia Lai"]
    assert gia_lai.before and gia_lai.after and not gia_lai.abolished
    assert gia_lai.merged_from == ("Gia Lai", "Bình Định")
    assert gia_lai.merged_into is None


def test_the_merges_are_the_resolutions() -> None:
    """Each new unit lists its old units, itself first, as the resolution does."""
    assert {p.name: p.merged_from for p in after_2025() if p.merged_from} == MERGES


def test_abolished_units_point_to_an_after_unit_that_lists_them() -> None:
    """An abolished unit's `merged_into` is a unit after 2025 whose `merged_from` holds it."""
    abolished = [p for p in before_2025() if p.abolished]
    assert len(abolished) == 63 - 34
    for province in abolished:
        assert province.merged_into is not None
        assert province.merged_from == ()
        into = PROVINCES[province.merged_into]
        assert into.after
        assert province.name in into.merged_from


def test_continuing_units_are_merged_into_nothing() -> None:
    """A unit that goes on after 2025 was not merged into another."""
    assert all(p.merged_into is None for p in after_2025())


def test_merged_from_and_unchanged_cover_the_63_exactly_once() -> None:
    """Every old unit is in exactly one new unit: merged, or unchanged on its own."""
    after = after_2025()
    covered = [name for p in after for name in (p.merged_from or (p.name,))]
    assert len(covered) == 63
    assert set(covered) == {p.name for p in before_2025()}


def test_exactly_11_unchanged() -> None:
    """Units after 2025 with nothing merged into them are the 11 left as they were."""
    unchanged = {p.name for p in after_2025() if not p.merged_from}
    assert unchanged == UNCHANGED
    assert len(unchanged) == 11


def test_the_six_cities() -> None:
    """Six centrally-run cities before and after; every other unit is a province."""
    assert {p.name for p in before_2025() if p.kind == "thành phố"} == CITIES
    assert {p.name for p in after_2025() if p.kind == "thành phố"} == CITIES
    assert {p.kind for p in PROVINCES.values()} == {"tỉnh", "thành phố"}


def test_full_name() -> None:
    """`full` puts the kind in front."""
    assert PROVINCES["Gia Lai"].full == "tỉnh Gia Lai"
    assert PROVINCES["Hà Nội"].full == "thành phố Hà Nội"
    assert PROVINCES["Huế"].full == "thành phố Huế"


def test_province_is_frozen() -> None:
    """A unit cannot be changed after it is made."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        PROVINCES["Gia Lai"].name = "x"  # type: ignore[misc]


def test_the_mapping_is_read_only() -> None:
    """No caller can add or remove a unit."""
    with pytest.raises(TypeError):
        PROVINCES["Atlantis"] = PROVINCES["Gia Lai"]  # type: ignore[index]


def test_constants() -> None:
    """The day of the reorganisation, and the word for nationwide, which is no unit."""
    assert REORGANISED == datetime.date(2025, 7, 1)
    assert NATIONWIDE == "toàn quốc"
    assert lookup(NATIONWIDE) is None


def test_vietnamese_alphabetical_order() -> None:
    """Both lists in Vietnamese order: Đ after D, Â after A, tones after letters."""
    before = [p.name for p in before_2025()]
    after = [p.name for p in after_2025()]
    assert before == sorted(OLD, key=sort_key)
    assert after == sorted(set(MERGES) | UNCHANGED, key=sort_key)
    assert before[:4] == ["An Giang", "Bà Rịa – Vũng Tàu", "Bạc Liêu", "Bắc Giang"]
    assert before[-1] == "Yên Bái"
    assert after[0] == "An Giang"
    assert after[-1] == "Vĩnh Long"
    assert before.index("Cao Bằng") < before.index("Cần Thơ") < before.index("Đà Nẵng")
    assert list(PROVINCES) == before


@pytest.mark.parametrize("name", sorted(OLD))
def test_every_canonical_name_round_trips(name: str) -> None:
    """Each canonical name looks up its own unit."""
    found = lookup(name)
    assert found is not None
    assert found.name == name


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("Thừa Thiên Huế", "Huế"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("Hoà Bình", "Hòa Bình"),
        ("Bà Rịa - Vũng Tàu", "Bà Rịa – Vũng Tàu"),
        ("Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu"),
    ],
)
def test_aliases_resolve(alias: str, name: str) -> None:
    """An older name or another spelling gives the canonical unit."""
    assert alias != name
    found = lookup(alias)
    assert found is not None
    assert found.name == name


@pytest.mark.parametrize(
    "name",
    ["tỉnh Gia lai", "Gia lai", "tỉnh Gia Lai", "thành phố Hà Nội", "GIA LAI", "", "   "],
)
def test_lookup_wants_the_canonical_name(name: str) -> None:
    """Case matters and the kind is not part of the name: these are for `nearest`."""
    assert lookup(name) is None


def test_nfd_and_spacing_resolve() -> None:
    """Decomposed input and stray whitespace find the unit."""
    decomposed = unicodedata.normalize("NFD", "Đắk Lắk")
    assert decomposed != "Đắk Lắk"
    found = lookup(decomposed)
    assert found is not None and found.name == "Đắk Lắk"
    assert lookup("  Hồ   Chí\u00a0Minh ") == PROVINCES["Hồ Chí Minh"]
    alias = unicodedata.normalize("NFD", "Thừa Thiên Huế")
    assert lookup(alias) == PROVINCES["Huế"]


def test_canonical_names_fold_apart() -> None:
    """No two names fold alike, so an exact folded match is never ambiguous."""
    assert len({fold(name) for name in PROVINCES}) == 63


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("tỉnh Gia lai", "Gia Lai"),
        ("Gia lai", "Gia Lai"),
        ("Ho Chi Minh", "Hồ Chí Minh"),
        ("thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("TP. Hà Nội", "Hà Nội"),
        ("tp Da Nang", "Đà Nẵng"),
        ("dak lak", "Đắk Lắk"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("thua thien hue", "Huế"),
        ("Ba Ria Vung Tau", "Bà Rịa – Vũng Tàu"),
        ("Quang Ngai", "Quảng Ngãi"),
        ("Quảng Ngải", "Quảng Ngãi"),
        ("Bac Kan", "Bắc Kạn"),
        ("Khanh Hoa", "Khánh Hòa"),
        ("Lam Dong", "Lâm Đồng"),
        (unicodedata.normalize("NFD", "tỉnh Nghệ An"), "Nghệ An"),
    ],
)
def test_nearest_puts_the_meant_name_first(typed: str, first: str) -> None:
    """What an editor meant comes first, however it was cased, accented or prefixed."""
    found = nearest(typed)
    assert found
    assert found[0] == first


def test_nearest_finds_misspellings() -> None:
    """A name off by a letter or two is found, though it folds differently."""
    assert "Quảng Ninh" in nearest("Quang Nin")
    assert nearest("Hai Phong")[0] == "Hải Phòng"
    assert "Hải Phòng" in nearest("Hai Phongg")


def test_nearest_gives_canonical_names_once_each() -> None:
    """Results are canonical names, without repeats, at most `limit` of them."""
    for typed in ["Ha Nam", "Quang", "Binh", "Thanh Hoa", "Hue", "Ninh"]:
        found = nearest(typed, limit=5)
        assert len(found) <= 5
        assert len(set(found)) == len(found)
        assert set(found) <= set(PROVINCES)
    assert len(nearest("Quang Nam", limit=1)) == 1
    assert nearest("Quang Nam", limit=0) == ()


def test_nearest_with_nothing_close() -> None:
    """Nothing near, or nothing left after the prefix: no suggestion."""
    assert nearest("xyzzy") == ()
    assert nearest("") == ()
    assert nearest("tỉnh") == ()
    assert nearest("thành phố  ") == ()


def test_current() -> None:
    """An old name leads to the unit it lies in today."""
    bd = current("Bình Dương")
    assert bd is not None and bd.name == "Hồ Chí Minh"
    gl = current("Gia Lai")
    assert gl is not None and gl.name == "Gia Lai"
    assert current("Bình Định") == PROVINCES["Gia Lai"]
    assert current("Hà Nội") == PROVINCES["Hà Nội"]
    assert current("Thừa Thiên Huế") == PROVINCES["Huế"]
    assert current("Hoà Bình") == PROVINCES["Phú Thọ"]
    assert current("Gia lai") is None
    assert current("") is None


def test_current_is_always_an_after_unit() -> None:
    """Whatever old name is given, the answer exists after 2025, and in the resolution's map."""
    expected = {old: new for new, olds in MERGES.items() for old in olds}
    expected |= {name: name for name in UNCHANGED}
    for name in OLD:
        today = current(name)
        assert isinstance(today, Province)
        assert today.after
        assert today.name == expected[name]
