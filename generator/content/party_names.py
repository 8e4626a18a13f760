"""What a party's name says: the kind of body it is, the id made of it, and, for a name
that names no party, the nearest parties (ranked by what matters: the same province, the
same kind of body) and the command that adds it.

"Công đoàn …" never proposes a ministry: a name says what kind of body it is by its first
words (Liên đoàn Lao động, Ủy ban nhân dân, Công an …), and parties of another kind are
not offered. An id keeps every word of the name.
"""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from slugify import slugify

from generator.core import provinces
from generator.core.messages import Phrase, phrase
from generator.core.model import PartyKind
from generator.core.slugs import MAX_LENGTH, is_slug
from generator.core.vietnamese import fold

ABBREVIATIONS = {
    "lien doan lao dong": "ldld",
    "uy ban nhan dan": "ubnd",
    "hoi dong nhan dan": "hdnd",
    "bao hiem xa hoi": "bhxh",
}
"""Folded names of bodies → the short form the register's ids write them in (as the papers
do: LĐLĐ, UBND, HĐND, BHXH)."""
_LEVELS = (("tinh",), ("thanh", "pho"), ("tp",))
"""Folded words for the kind of a province, said by its name anyway."""


def id_words(name: str) -> list[str]:
    """The words an id is made of: every word of `name`, folded, the bodies of
    ABBREVIATIONS in their short form, the word for a province's kind left out before its
    name ("tỉnh Nghệ An" → nghe an, as "Nghệ An" is a province whatever is written before
    it; "Tỉnh ủy" keeps its "tinh"). Every other word stays, even twice in a row ("Công an
    tỉnh An Giang" → cong an an giang)."""
    words = fold(name).split()
    for long, short in ABBREVIATIONS.items():
        words = _replaced(words, long.split(), [short])
    if (found := provinces.named_in(" ".join(words))) is not None:
        _, start, _ = found
        for level in _LEVELS:
            if start >= len(level) and tuple(words[start - len(level) : start]) == level:
                words = words[: start - len(level)] + words[start:]
                break
    return words


def _replaced(words: list[str], long: list[str], short: list[str]) -> list[str]:
    result: list[str] = []
    index = 0
    while index < len(words):
        if words[index : index + len(long)] == long:
            result += short
            index += len(long)
        else:
            result.append(words[index])
            index += 1
    return result


def _covers(short: list[str], name: list[str]) -> bool:
    """Whether a short name writes every word of the name, in order: each of its words is a
    word of the name or the initials of several (`cdkkt` for cong doan khu kinh te)."""
    # reached[j]: the first j words of the name are written by the short words read so far.
    reached = {0}
    for word in short:
        reached = {
            j + size
            for j in reached
            for size in range(1, len(name) - j + 1)
            if (size == 1 and name[j] == word)
            or (size > 1 and "".join(w[0] for w in name[j : j + size]) == word)
        }
    return len(name) in reached


_MOST_WORDS = MAX_LENGTH // 2 + 1


def id_of(name: str, short: str | None = None) -> str:
    """The id made of every word of a name (see `id_words`): of the short name when it
    writes every one of them (`LĐLĐ tỉnh Nghệ An` → `ldld-nghe-an`), else of the name; empty
    when the name has no letter or digit, perhaps longer than an id may be."""
    words = id_words(name)
    if short and len(shorter := id_words(short)) <= _MOST_WORDS >= len(words):
        words = shorter if _covers(shorter, words) else words
    return slugify(" ".join(words))


_LABOUR, _PEOPLE, _PARTY = "labour-federation", "peoples-committee", "party-committee"
_STATE, _FIRM, _MASS = "government-agency", "enterprise", "mass-organisation"

NAME_KINDS: Mapping[str, str] = {
    "lien doan lao dong": _LABOUR,
    "ldld": _LABOUR,
    "cong doan": _LABOUR,
    "uy ban nhan dan": _PEOPLE,
    "ubnd": _PEOPLE,
    "dang uy": _PARTY,
    "tinh uy": _PARTY,
    "thanh uy": _PARTY,
    "huyen uy": _PARTY,
    "quan uy": _PARTY,
    "cap uy": _PARTY,
    "toa an": _STATE,
    "cong an": _STATE,
    "vien kiem sat": _STATE,
    "thanh tra": _STATE,
    "bao hiem xa hoi": _STATE,
    "bhxh": _STATE,
    "ban quan ly": _STATE,
    "ngan hang": _FIRM,
    "cong ty": _FIRM,
    "tap doan": _FIRM,
    "doanh nghiep": _FIRM,
    "tinh doan": _MASS,
    "thanh doan": _MASS,
    "doan thanh nien": _MASS,
    "mat tran to quoc": _MASS,
}
"""Folded words of a body's name → the kind of body they say it is; the words found first
in a name decide ("Đảng ủy khối Doanh nghiệp" is a party committee)."""
FIRST_WORD_KINDS: Mapping[str, str] = {"bo": _STATE, "so": _STATE, "cuc": _STATE, "hoi": _MASS}
"""Words that say the kind only as a name's first word (Bộ, Sở, Cục, Hội)."""


def guess_kind(name: str) -> PartyKind | None:
    """The kind of body a name says it is, if its words say: `LĐLĐ tỉnh Quảng Ngãi` →
    labour-federation."""
    words = fold(name).split()
    if words and words[0] in FIRST_WORD_KINDS:
        return PartyKind(FIRST_WORD_KINDS[words[0]])
    for start in range(len(words)):
        for folded, kind in NAME_KINDS.items():
            part = folded.split()
            if words[start : start + len(part)] == part:
                return PartyKind(kind)
    return None


def _place(name: str | None) -> str | None:
    """The province of today (after 1/7/2025) that a province's name lies in."""
    unit = provinces.current(name) if name else None
    return unit.name if unit is not None else None


@dataclass(frozen=True)
class Known:
    """A party as suggestions weigh it."""

    names: tuple[str, ...]
    """Its folded names, short name, aliases and id."""
    title: str
    """How a suggestion shows it: its full name."""
    kind: str | None
    """Its kind's code, if its file gives a valid one."""
    place: str | None
    """The province of today it lies in, if any."""


def known(names: Iterable[str], title: str, kind: str | None, province: str | None) -> Known:
    """A party as suggestions weigh it, from its names, kind and province."""
    return Known(tuple(dict.fromkeys(fold(n) for n in names)), title, kind, _place(province))


def nearest(name: str, parties: Mapping[str, Known], limit: int = 3) -> list[str]:
    """The ids of the parties nearest to `name`, best first: close in spelling, the same
    province before others, and never of another kind than the name says."""
    query = fold(name)
    kind = guess_kind(name)
    found = provinces.named_in(name)
    place = _place(found[0].name) if found else None
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(query)
    scored: list[tuple[float, str]] = []
    for party_id, party in parties.items():
        if kind is not None and party.kind is not None and party.kind != kind.value:
            continue
        ratio = 0.0
        for key in party.names:
            matcher.set_seq1(key)
            if matcher.real_quick_ratio() > ratio and matcher.quick_ratio() > ratio:
                ratio = max(ratio, matcher.ratio())
        same_place = place is not None and party.place == place
        same_kind = kind is not None and party.kind == kind.value
        if ratio >= 0.5 or (same_place and ratio >= 0.3):
            scored.append((ratio + 0.25 * same_place + 0.1 * same_kind, party_id))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [party_id for _, party_id in scored[:limit]]


def add_command(name: str) -> str:
    """The `agreements new-party` line that adds the party a name names: the name, and the
    kind and province its words give."""
    command = ["agreements", "new-party", "--name", " ".join(name.split())]
    if (kind := guess_kind(name)) is not None:
        command += ["--kind", kind.value]
    if (found := provinces.named_in(name)) is not None:
        command += ["--province", found[0].name]
    return shlex.join(command)


def hint(name: str, parties: Mapping[str, Known]) -> Phrase:
    """What to write instead of a name that names no party: the nearest parties, and the
    command that adds the party when it is not in the register yet."""
    listed = ", ".join(f"{pid} ({parties[pid].title})" for pid in nearest(name, parties))
    nearest_said: Phrase | str = (
        phrase("party_names.nearest_listed", listed=listed) if listed else ""
    )
    add: Phrase | str = ""
    if name.strip() and not is_slug(name.strip()) and len(name) <= _LONGEST_COMMAND_NAME:
        add = phrase(
            "party_names.not_register_yet_add_command",
            command=add_command(name),
        )
    return phrase(
        "party_names.id_name_short_name_alias",
        nearest=nearest_said,
        add=add,
    )


_LONGEST_COMMAND_NAME = 200
"""A longer name is no body's name: no command is offered for it."""


def nearest_ids(target: str, ids: Iterable[str], limit: int = 3) -> Phrase:
    """`; nearest: a, b` for an id that names no party (a mistyped `parent`)."""
    close = difflib.get_close_matches(target, sorted(ids), n=limit, cutoff=0.5)
    if not close:
        return phrase("party_names.text")
    return phrase("party_names.nearest_listed", listed=", ".join(close))
