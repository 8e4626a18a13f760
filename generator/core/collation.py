"""Vietnamese alphabetical order: a pure-Python sort key that matches ICU's `vi` collator."""

from __future__ import annotations

import sys
import unicodedata

__all__ = ["initial", "sort_key"]

# How the key works.  ICU compares two strings level by level: first the primary weights
# (base letters, digits, punctuation) of the whole strings, then the secondary weights
# (diacritics, here chiefly the tones), then the tertiary weights (case).  Each character is
# turned into a run of "collation elements"; each level of the key is the concatenation of
# that level's weights, one Python character per weight, so the levels compare as plain
# strings in C and the shorter of two equal prefixes sorts first, exactly as in an ICU key.
#
# The one exception: the primary weight of a character ranked by code point in a fallback
# bucket is two characters, a lead that no one-character weight uses and the character
# itself, so a plain string comparison still compares weight by weight.

# --- Primary weights -------------------------------------------------------------------

# Whitespace, punctuation, symbols and currency signs, in the order of their ICU primary
# weights (ICU 72, CLDR root as used by `vi`; checked by the tests).  `vi` is
# "non-ignorable" by default, so these are real primary weights sorting before digits and
# letters, and the ones listed are exactly the characters of ASCII, Latin-1, General
# Punctuation and Currency Symbols whose weights are their own rather than those of their
# compatibility decomposition (NO-BREAK SPACE, for one, is a variant of SPACE).
_VARIABLE_ORDER = (
    "\t\n\x0b\x0c\r\x85\u2028\u2029 "
    "\u203e_\u2017-\u2010\u2012\u2013\u2014\u2015\u2053,;\u204f:!\xa1?\xbf\u203d."
    "\xb7\u2055\u2056\u2058\u2059\u205a\u205b\u205c\u205d\u205e'\u2018\u2019\u201a\u201b"
    '\u2039\u203a"\u201c\u201d\u201e\u201f\xab\xbb()[]{}\u2045\u2046\u2016\xa7\xb6\u204b'
    "@*\u204e\u2051/\\&\u204a#%\u2030\u2031\u2020\u2021\u2022\u2023\u2027\u2043\u204c\u204d"
    "\u2032\u2035\u2038\u203b\u203f\u2054\u2040\u2050\u2041\u2042"
    "`\xb4^\xaf\xa8\xb8\xb0\xa9\xae+\xb1\xf7\xd7<=>\xac|\xa6~\u2052\u2044"
    "\xa4\xa2$\xa3\xa5\u20a0\u20a1\u20a2\u20a3\u20a4\u20a5\u20a6\u20a7\u20a9\u20aa\u20ab"
    "\u20ac\u20ad\u20ae\u20af\u20b0\u20b1\u20b2\u20b3\u20b4\u20b5\u20b6\u20b7\u20b8\u20b9"
    "\u20ba\u20bb\u20bc\u20bd\u20be\u20bf\u20c0\u20a8"
)
# Other punctuation and symbols: after the listed ones, before digits, by code point.
_PRI_OTHER_SYMBOL = "\u0800"
_PRI_DIGIT_BASE = 0x0900
# The `vi` tailoring: Ă and Â follow A, Đ follows D, Ê follows E, Ô and Ơ follow O, Ư
# follows U, each as a letter of its own (a primary difference, not an accent).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_PRI_LETTER_BASE = 0x0A00
# Any other letter or character: after Z, by code point (ICU puts Greek, Cyrillic, CJK and
# so on after Latin too, though it interleaves rarer Latin letters such as ı and ŋ).
_PRI_OTHER = "\u0b00"

# --- Secondary weights -----------------------------------------------------------------

_SEC_COMMON = "\u0100"
# ð, ß, æ and œ carry a secondary weight of their own, above "no accent" and below every
# combining mark; ſ (long s) has the next one.
_SEC_LETTER_VARIANT = "\u0101"
_SEC_LONG_S = "\u0102"
# Combining marks, in ICU `vi` secondary order; marks in one group weigh the same.  The
# tailoring `&̀<<̉<<̃<<́<<̣` puts the tones as no tone < huyền < hỏi < ngã < sắc < nặng.
_MARK_ORDER = (
    "\u0332",
    "\u0313",
    "\u0314",
    "\u0300",  # huyền (grave)
    "\u0309",  # hỏi (hook above)
    "\u0303",  # ngã (tilde)
    "\u0301",  # sắc (acute)
    "\u0323",  # nặng (dot below)
    "\u0306",
    "\u0302",
    "\u030c",
    "\u030a",
    "\u0342",
    "\u0308",
    "\u030b",
    "\u0307",
    "\u0338",
    "\u0327",
    "\u0328",
    "\u0304",
    "\u030d\u030e\u0312\u0315\u031a\u033d\u033e\u033f\u0346\u034a\u034b\u034c\u0350\u0351"
    "\u0352\u0357\u035b\u035d\u035e",
    "\u0316\u0317\u0318\u0319\u031c\u031d\u031e\u031f\u0320\u0329\u032a\u032b\u032c\u032f"
    "\u0333\u033a\u033b\u033c\u0347\u0348\u0349\u034d\u034e\u0353\u0354\u0355\u0356\u0359"
    "\u035a\u035c\u035f\u0362",
    "\u0336\u0337",
    "\u0335",
    "\u0305",
    "\u030f",
    "\u0310",
    "\u0311",
    "\u031b",
    "\u0321",
    "\u0322",
    "\u0324",
    "\u0325",
    "\u0326",
    "\u032d",
    "\u032e",
    "\u0330",
    "\u0331",
    "\u0334",
    "\u0339",
    "\u0345",
    "\u0358",
    "\u0360",
    "\u0361",
)
_SEC_MARK_BASE = 0x0200
# Marks outside the block above: after all listed marks, by code point.  Every mark lies
# below U+E01F0, so the weight stays one character (see _Tables for why that matters).
_SEC_OTHER_MARK_BASE = 0x20000
# The root collation reads l· (Catalan "ela geminada") as l plus a mark weighing more than
# any accent, rather than as l followed by the punctuation mark ·.
_SEC_MIDDLE_DOT = chr(sys.maxunicode)

# --- Tertiary weights ------------------------------------------------------------------

# ICU's tertiary level: lowercase before uppercase.  Compatibility variants (fullwidth,
# ligatures, thin spaces...) of a lowercase form come between the two, no-break variants
# after those, variants of an uppercase form after uppercase, and superscripts, subscripts,
# squared forms and fractions last.  ICU ranks variants by finer kinds still, which only
# matters for texts equal in everything else.
_TER_LOWER = "\u0100"
_TER_VARIANT = "\u0101"
_TER_NO_BREAK = "\u0102"
_TER_UPPER = "\u0103"
_TER_VARIANT_UPPER = "\u0104"
_TER_RAISED = "\u0105"
_TO_UPPER = str.maketrans({_TER_LOWER: _TER_UPPER, _TER_VARIANT: _TER_VARIANT_UPPER})
_TO_VARIANT = str.maketrans({_TER_LOWER: _TER_VARIANT, _TER_UPPER: _TER_VARIANT_UPPER})
_TO_NO_BREAK = str.maketrans({_TER_LOWER: _TER_NO_BREAK, _TER_UPPER: _TER_VARIANT_UPPER})
_TO_RAISED = str.maketrans({_TER_LOWER: _TER_RAISED, _TER_UPPER: _TER_RAISED})
# Which of the above a compatibility decomposition's tag (from UnicodeData) calls for.
_VARIANT_BY_TAG = {
    "<noBreak>": _TO_NO_BREAK,
    "<super>": _TO_RAISED,
    "<sub>": _TO_RAISED,
    "<square>": _TO_RAISED,
    "<fraction>": _TO_RAISED,
}

# --- Letters built from a base and a mark ----------------------------------------------

# ICU treats these base + mark pairs as one letter (a contraction), even when other marks
# stand between them in NFD, as the dot below does in ậ = a + ◌̣ + ◌̂.
_LETTER_FORMING = {
    "a": {"\u0306": "ă", "\u0302": "â"},
    "A": {"\u0306": "Ă", "\u0302": "Â"},
    "e": {"\u0302": "ê"},
    "E": {"\u0302": "Ê"},
    "o": {"\u0302": "ô", "\u031b": "ơ"},
    "O": {"\u0302": "Ô", "\u031b": "Ơ"},
    "u": {"\u031b": "ư"},
    "U": {"\u031b": "Ư"},
}

# Letters without a Unicode decomposition that ICU weighs as a base letter plus a mark.
_ALIASES = {
    "ø": "o\u0338",
    "Ø": "O\u0338",
    "ł": "l\u0335",
    "Ł": "L\u0335",
    "ħ": "h\u0335",
    "Ħ": "H\u0335",
    "ŀ": "l\xb7",
    "Ŀ": "L\xb7",
}

_Weights = tuple[str, str, str]


def _build_fixed() -> dict[str, _Weights]:
    """Return the weights of the characters whose weights are listed outright."""
    fixed: dict[str, _Weights] = {}
    for rank, char in enumerate(_VARIABLE_ORDER):
        fixed[char] = (chr(0x0100 + rank), _SEC_COMMON, _TER_LOWER)
    for digit in range(10):
        fixed[str(digit)] = (chr(_PRI_DIGIT_BASE + digit), _SEC_COMMON, _TER_LOWER)
    for rank, letter in enumerate(_ALPHABET):
        primary = chr(_PRI_LETTER_BASE + rank)
        fixed[letter] = (primary, _SEC_COMMON, _TER_LOWER)
        fixed[letter.upper()] = (primary, _SEC_COMMON, _TER_UPPER)
    for rank, group in enumerate(_MARK_ORDER):
        for mark in group:
            fixed[mark] = ("", chr(_SEC_MARK_BASE + rank), _TER_LOWER)

    def primary_of(char: str) -> str:
        """Return the primary weight of a letter already in the table."""
        return fixed[char][0]

    # ð is d with a secondary difference; ß, æ and œ expand to two letters, the first
    # marked at the secondary level and the second at the tertiary level.
    for lower, upper, bases in (
        ("ð", "Ð", "d"),
        ("ß", "ẞ", "ss"),
        ("æ", "Æ", "ae"),
        ("œ", "Œ", "oe"),
    ):
        primary = "".join(primary_of(base) for base in bases)
        secondary = _SEC_LETTER_VARIANT + _SEC_COMMON * (len(bases) - 1)
        tail = len(bases) - 1
        fixed[lower] = (primary, secondary, _TER_LOWER + _TER_VARIANT * tail)
        fixed[upper] = (primary, secondary, _TER_UPPER + _TER_VARIANT_UPPER * tail)
    fixed["ſ"] = (primary_of("s"), _SEC_LONG_S, _TER_LOWER)
    # COMBINING GRAPHEME JOINER is a mark that ICU ignores outright.
    fixed["\u034f"] = ("", "", "")
    # Combining Latin small letters (U+0363..U+036F) weigh as variants of their letter.
    for code in range(0x0363, 0x0370):
        base = unicodedata.name(chr(code))[-1].lower()
        fixed[chr(code)] = (primary_of(base), _SEC_COMMON, _TER_VARIANT)
    return fixed


_FIXED = _build_fixed()
_SPACE = _FIXED[" "][0]


def _weigh_sequence(text: str) -> _Weights:
    """Return the weights of decomposed text, joining Vietnamese letters split by NFD."""
    primary: list[str] = []
    secondary: list[str] = []
    tertiary: list[str] = []
    chars = list(text)
    index = 0
    while index < len(chars):
        char = chars[index]
        forming = _LETTER_FORMING.get(char)
        if forming is not None:
            # ICU's discontiguous contraction: the forming mark may sit after other marks,
            # as long as all of them have a lower combining class (Unicode's "blocking").
            highest = 0
            for later in range(index + 1, len(chars)):
                mark = chars[later]
                combining = unicodedata.combining(mark)
                if combining == 0:
                    break
                if combining > highest and mark in forming:
                    char = forming[mark]
                    del chars[later]
                    break
                highest = combining
        weights = _TABLES.weigh(char)
        primary.append(weights[0])
        secondary.append(weights[1])
        tertiary.append(weights[2])
        index += 1
        if char in "lL" and index < len(chars) and chars[index] == "\xb7":
            secondary.append(_SEC_MIDDLE_DOT)
            tertiary.append(_TER_LOWER)
            index += 1
    return "".join(primary), "".join(secondary), "".join(tertiary)


def _weigh_char(char: str) -> _Weights:
    """Return the weights of one NFC character not listed in the fixed table."""
    decomposed = unicodedata.normalize("NFD", char)
    if decomposed != char:
        return _weigh_sequence(decomposed)
    alias = _ALIASES.get(char)
    if alias is not None:
        return _weigh_sequence(alias)
    category = unicodedata.category(char)
    if "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef":
        # Variation selectors (as in emoji presentation) are ignorable marks in ICU.
        return "", "", ""
    if category[0] == "M":
        return "", chr(_SEC_OTHER_MARK_BASE + ord(char)), _TER_LOWER
    if category == "Nd":
        # Every script's digits weigh the same as ASCII digits in ICU, down to case.
        return _FIXED[str(unicodedata.decimal(char))]
    compatible = unicodedata.normalize("NFKD", char)
    if compatible != char:
        primary, secondary, tertiary = _weigh_sequence(compatible)
        tag = unicodedata.decomposition(char).partition(" ")[0]
        return primary, secondary, tertiary.translate(_VARIANT_BY_TAG.get(tag, _TO_VARIANT))
    if category in ("Cc", "Cf"):
        # Controls and format characters (soft hyphen, zero-width space...) are ignorable.
        return "", "", ""
    if category[0] == "Z":
        return _SPACE, _SEC_COMMON, _TER_VARIANT
    if category[0] in "PS":
        return _PRI_OTHER_SYMBOL + char, _SEC_COMMON, _TER_LOWER
    lower = char.lower()
    if lower != char and len(lower) == 1:
        primary, secondary, tertiary = _TABLES.weigh(lower)
        return primary, secondary, tertiary[:1].translate(_TO_UPPER) + tertiary[1:]
    return _PRI_OTHER + char, _SEC_COMMON, _TER_LOWER


# Stands in the primary translate table for every mark of nonzero combining class: text
# holding one is weighed as a whole rather than character by character (see sort_key).
_WHOLE_TEXT = "\x00"


class _LevelTable(dict[int, str]):
    """A `str.translate` table that fills itself in on first use."""

    def __init__(self, owner: _Tables) -> None:
        super().__init__()
        self._owner = owner

    def __missing__(self, code: int) -> str:
        self._owner.weigh(chr(code))
        return self[code]


class _Tables:
    """Translate tables for the weights of each character, computed once per character.

    Every collation element has exactly one secondary and one tertiary weight, each one
    character, so one table gives both, interleaved, and slicing splits them: one
    translation less per key.
    """

    def __init__(self) -> None:
        self.primary = _LevelTable(self)
        self.minor = _LevelTable(self)
        self._weights: dict[str, _Weights] = {}
        for char, weights in _FIXED.items():
            self._store(char, weights)

    def _store(self, char: str, weights: _Weights) -> None:
        """Cache the weights of one character and enter them in both tables."""
        primary, secondary, tertiary = weights
        self._weights[char] = weights
        code = ord(char)
        if unicodedata.combining(char):
            primary = _WHOLE_TEXT
        minor = "".join(map(str.__add__, secondary, tertiary))
        # Plain dict stores: they bypass __missing__, so later lookups stay in C.
        dict.__setitem__(self.primary, code, primary)
        dict.__setitem__(self.minor, code, minor)

    def weigh(self, char: str) -> _Weights:
        """Return the cached weights of one character, computing them once."""
        weights = self._weights.get(char)
        if weights is None:
            weights = _weigh_char(char)
            self._store(char, weights)
        return weights


_TABLES = _Tables()


def sort_key(text: str) -> tuple[str, str, str, str]:
    """Return a key that sorts text in Vietnamese alphabetical order, as ICU's `vi` does."""
    nfc = unicodedata.normalize("NFC", text)
    primary = nfc.translate(_TABLES.primary)
    # Character by character is right unless NFC left a mark standalone: in ICU's NFD view
    # it may belong before marks of the precomposed letter in front of it (Ẳ + ◌̧ is
    # A ◌̧ ◌̆ ◌̉), or join an earlier base into a Vietnamese letter (ḁ + ◌̂ is â with a
    # ring below); or unless the text holds the contraction l·.
    if _WHOLE_TEXT in primary or ("\xb7" in nfc and ("l\xb7" in nfc or "L\xb7" in nfc)):
        primary, secondary, tertiary = _weigh_sequence(unicodedata.normalize("NFD", nfc))
    else:
        minor = nfc.translate(_TABLES.minor)
        secondary = minor[0::2]
        tertiary = minor[1::2]
    # The NFC text last: distinct texts that ICU weighs alike still get a fixed order.
    return primary, secondary, tertiary, nfc


_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
"""The five tone marks (huyền, sắc, ngã, hỏi, nặng), which do not make a letter of their own."""

OTHER_INITIAL = "#"
"""The initial of a text that starts with no letter of the Vietnamese alphabet."""


def initial(text: str) -> str:
    """The letter of the Vietnamese alphabet a text is filed under in an A–Z index, in
    capitals and without its tone (`Ủy ban` → `U`, `Ấp` → `Â`, `đảng` → `Đ`); `#` when it
    starts with none (a digit, a symbol, another script)."""
    for char in text:
        if char.isalnum():
            letter = unicodedata.normalize("NFD", char.lower()).translate(_TONES)
            letter = unicodedata.normalize("NFC", letter)
            return letter.upper() if letter in _ALPHABET else OTHER_INITIAL
    return OTHER_INITIAL
