"""Vietnamese text for matching: one folding function used everywhere."""

from __future__ import annotations

import functools
import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Fold text for matching and search.

    Case, tones and other diacritics, đ/Đ, NFC versus NFD, punctuation and runs of
    spaces are all erased, so `Uỷ ban`, `ủy  ban` and `UY BAN` fold alike.
    """
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Unicode gives đ no decomposition: it is a letter of its own, folded by hand.
    bare = bare.replace("đ", "d").replace("Đ", "D").casefold()
    return _NOT_WORD.sub(" ", bare).strip()


# Telex-style spelling of the marks that change a letter, and of the five tones.
_LETTER_MARKS = {"\u0302": "", "\u0306": "w", "\u031b": "w"}  # circumflex doubles the vowel
_TONES = {"\u0300": "f", "\u0301": "s", "\u0309": "r", "\u0303": "x", "\u0323": "j"}


def spelled(text: str) -> str:
    """Spell text in ASCII keeping every diacritic, with each word's tone at its end.

    `Liên đoàn` → `lieen ddoanf`. Unlike `fold`, words that differ only in their marks
    stay apart; like it, tone placement does not matter (`ủy` and `uỷ` → `uyr`). The
    search index holds this form beside the folded one so that exact matches rank first.
    """
    words = (
        _spell(word) for word in _NOT_WORD.split(unicodedata.normalize("NFC", text).casefold())
    )
    return " ".join(word for word in words if word)


@functools.lru_cache(maxsize=65536)
def _spell(word: str) -> str:
    """One lowercase NFC word, spelled (cached: a register repeats its words endlessly)."""
    letters, tone = [], ""
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tone = _TONES[ch]
        elif ch in _LETTER_MARKS:
            letters.append(_LETTER_MARKS[ch] or (letters[-1] if letters else ""))
        elif ch == "đ":
            letters.append("dd")
        elif not unicodedata.combining(ch):
            letters.append(ch)
    return "".join(letters) + tone if letters else ""
