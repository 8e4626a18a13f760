"""Vietnam's provincial-level units across the reorganisation of 1 July 2025.

Resolution 202/2025/QH15 (Nghị quyết 202/2025/QH15) merged the 63 provinces and
centrally-run cities into 34 from 1 July 2025. Every new unit keeps the name of one of the
old units merged into it, so one table of the 63 old names covers both: "Gia Lai" is a unit
before (the old province) and after (the old Gia Lai and Bình Định together), "Bình Định" is
a unit before only.

Names are canonical as official documents write them: no "tỉnh" or "thành phố" in front,
the tone placed as in "Hòa", "Hóa", and "Bà Rịa – Vũng Tàu" with an en dash. `lookup` takes
only a canonical name or one of a few accepted aliases; `nearest` suggests canonical names
for anything else.
"""

from __future__ import annotations

import datetime
import difflib
import types
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from generator.core.collation import sort_key
from generator.core.vietnamese import fold

__all__ = [
    "NATIONWIDE",
    "PROVINCES",
    "REORGANISED",
    "Province",
    "after_2025",
    "before_2025",
    "current",
    "lookup",
    "named_in",
    "nearest",
]

NATIONWIDE = "toàn quốc"
"""What a national body gives instead of a province."""

REORGANISED = datetime.date(2025, 7, 1)
"""The day the 34 units replaced the 63 (Resolution 202/2025/QH15)."""

_PROVINCE = "tỉnh"
_CITY = "thành phố"

# The 23 units made on 1 July 2025, each with the old units merged into it; the new unit
# keeps the name of the first.
_MERGES: tuple[tuple[str, ...], ...] = (
    ("Tuyên Quang", "Hà Giang"),
    ("Lào Cai", "Yên Bái"),
    ("Thái Nguyên", "Bắc Kạn"),
    ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"),
    ("Bắc Ninh", "Bắc Giang"),
    ("Hưng Yên", "Thái Bình"),
    ("Hải Phòng", "Hải Dương"),
    ("Ninh Bình", "Hà Nam", "Nam Định"),
    ("Quảng Trị", "Quảng Bình"),
    ("Đà Nẵng", "Quảng Nam"),
    ("Quảng Ngãi", "Kon Tum"),
    ("Gia Lai", "Bình Định"),
    ("Khánh Hòa", "Ninh Thuận"),
    ("Lâm Đồng", "Đắk Nông", "Bình Thuận"),
    ("Đắk Lắk", "Phú Yên"),
    ("Hồ Chí Minh", "Bình Dương", "Bà Rịa – Vũng Tàu"),
    ("Đồng Nai", "Bình Phước"),
    ("Tây Ninh", "Long An"),
    ("Cần Thơ", "Sóc Trăng", "Hậu Giang"),
    ("Vĩnh Long", "Bến Tre", "Trà Vinh"),
    ("Đồng Tháp", "Tiền Giang"),
    ("Cà Mau", "Bạc Liêu"),
    ("An Giang", "Kiên Giang"),
)

# The 11 units the reorganisation left as they were.
_UNCHANGED = (
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
)

# Centrally-run cities, the same six before and after (Huế since 1 January 2025; before
# that it was the province Thừa Thiên Huế).
_CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"})

# Other spellings `lookup` accepts: an older name, the other tone placement, other dashes.
_ALIASES: Mapping[str, str] = types.MappingProxyType(
    {
        "Thừa Thiên Huế": "Huế",
        "Hoà Bình": "Hòa Bình",
        "Khánh Hoà": "Khánh Hòa",
        "Thanh Hoá": "Thanh Hóa",
        "Bà Rịa - Vũng Tàu": "Bà Rịa – Vũng Tàu",
        "Bà Rịa-Vũng Tàu": "Bà Rịa – Vũng Tàu",
    }
)

# What `nearest` strips from the front of folded input. `fold` turns "tp." into "tp".
_FOLDED_PREFIXES = ("thanh pho", "tinh", "tp")


@dataclass(frozen=True)
class Province:
    """One provincial-level unit (province or centrally-run city), before 2025, after, or both."""

    name: str
    """The canonical name, without "tỉnh" or "thành phố": "Gia Lai", "Hà Nội"."""
    kind: str
    """The kind of unit: "tỉnh" (province) or "thành phố" (centrally-run city)."""
    before: bool
    """Whether this was one of the 63 units before 1 July 2025."""
    after: bool
    """Whether this is one of the 34 units from 1 July 2025."""
    merged_into: str | None
    """For a unit abolished on 1 July 2025, the new unit it became part of; else None."""
    merged_from: tuple[str, ...]
    """For a unit made by a merger, the old units merged into it, itself first; else ()."""

    @property
    def full(self) -> str:
        """The name with its kind in front: "tỉnh Gia Lai", "thành phố Hà Nội"."""
        return f"{self.kind} {self.name}"

    @property
    def kind_key(self) -> str:
        """The kind as the interface's strings name it (`province_kinds`): "province" or
        "city"."""
        return "city" if self.kind == "thành phố" else "province"

    @property
    def abolished(self) -> bool:
        """Whether the unit existed before 1 July 2025 and not after."""
        return self.before and not self.after


def _provinces() -> dict[str, Province]:
    """Every unit by canonical name, in Vietnamese alphabetical order."""
    found: list[Province] = []
    for merged in _MERGES:
        new, *old = merged
        found.append(Province(new, _kind(new), True, True, None, merged))
        found.extend(Province(name, _kind(name), True, False, new, ()) for name in old)
    found.extend(Province(name, _kind(name), True, True, None, ()) for name in _UNCHANGED)
    found.sort(key=lambda province: sort_key(province.name))
    return {province.name: province for province in found}


def _kind(name: str) -> str:
    """The kind of unit: "thành phố" for a centrally-run city, else "tỉnh"."""
    return _CITY if name in _CITIES else _PROVINCE


PROVINCES: Mapping[str, Province] = types.MappingProxyType(_provinces())
"""The 63 units before 1 July 2025 by canonical name (the 34 after are among them)."""

# Folded canonical names and aliases → canonical name, for `nearest`.
_FOLDED: Mapping[str, str] = types.MappingProxyType(
    {fold(name): name for name in PROVINCES}
    | {fold(alias): name for alias, name in _ALIASES.items()}
)


def _normalise(name: str) -> str:
    """NFC with runs of whitespace made one space and the ends trimmed."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def lookup(name: str) -> Province | None:
    """The unit with this canonical name or accepted alias, else None.

    Unicode normalisation form and runs of whitespace do not matter; case and the words
    "tỉnh" and "thành phố" do ("Gia lai" and "tỉnh Gia Lai" are None): see `nearest`.
    """
    written = _normalise(name)
    return PROVINCES.get(_ALIASES.get(written, written))


def nearest(name: str, limit: int = 3) -> tuple[str, ...]:
    """Up to `limit` canonical names closest to what was typed, best first.

    Names are compared folded (no case, tones or đ), after dropping a leading "tỉnh",
    "thành phố" or "TP." from the input; a name that folds exactly alike comes first, then
    those `difflib` finds close. Aliases count as the names they stand for. An input too
    far from every name ("TP. HCM") gives an empty tuple.
    """
    if limit <= 0:
        return ()
    query = fold(name)
    for prefix in _FOLDED_PREFIXES:
        if query == prefix or query.startswith(prefix + " "):
            query = query[len(prefix) :].strip()
            break
    if not query:
        return ()
    found: list[str] = []
    exact = _FOLDED.get(query)
    if exact is not None:
        found.append(exact)
    for folded in difflib.get_close_matches(query, list(_FOLDED), n=len(_FOLDED), cutoff=0.6):
        if _FOLDED[folded] not in found:
            found.append(_FOLDED[folded])
    return tuple(found[:limit])


def named_in(text: str) -> tuple[Province, int, int] | None:
    """The unit a name mentions, and where: (unit, index of its first word, number of its
    words) among the words of `fold(text)`; the longest name first ("LĐLĐ tỉnh Thanh Hóa"
    → Thanh Hóa, 4, 2). None when no unit's name or alias is among the words."""
    words = fold(text).split()
    best: tuple[Province, int, int] | None = None
    for folded, name in _FOLDED.items():
        length = len(named := folded.split())
        if best is not None and length <= best[2]:
            continue
        for start in range(len(words) - length + 1):
            if words[start : start + length] == named:
                best = (PROVINCES[name], start, length)
                break
    return best


def current(name: str) -> Province | None:
    """The unit from 1 July 2025 that the unit of this name lies in (itself if it goes on).

    The name is read as `lookup` reads it; None if it is not a unit's name.
    """
    province = lookup(name)
    if province is None or province.merged_into is None:
        return province
    return PROVINCES[province.merged_into]


def before_2025() -> tuple[Province, ...]:
    """The 63 units before 1 July 2025, in Vietnamese alphabetical order."""
    return tuple(province for province in PROVINCES.values() if province.before)


def after_2025() -> tuple[Province, ...]:
    """The 34 units from 1 July 2025, in Vietnamese alphabetical order."""
    return tuple(province for province in PROVINCES.values() if province.after)
