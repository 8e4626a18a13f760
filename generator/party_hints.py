"""What to suggest for a name that names no party: the nearest parties, ranked by what
matters (the same province, the same kind of body), and the command that adds it.

"Công đoàn …" never proposes a ministry: a name says what kind of body it is by its first
words (Liên đoàn Lao động, Ủy ban nhân dân, Công an …), and parties of another kind are
not offered.
"""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator import provinces
from generator.messages import Phrase, phrase
from generator.model import PartyKind
from generator.slugs import is_slug
from generator.vietnamese import fold

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
        phrase("; nearest: {listed}", "; gần nhất: {listed}", listed=listed) if listed else ""
    )
    add: Phrase | str = ""
    if name.strip() and not is_slug(name.strip()) and len(name) <= _LONGEST_COMMAND_NAME:
        add = phrase(
            "; not in the register yet? add it with: {command}",
            "; chưa có trong sổ thì thêm bằng lệnh: {command}",
            command=add_command(name),
        )
    return phrase(
        "the id, name, short name or alias of a party{nearest}{add}",
        "mã, tên, tên viết tắt hay tên khác của một bên ký{nearest}{add}",
        nearest=nearest_said,
        add=add,
    )


_LONGEST_COMMAND_NAME = 200
"""A longer name is no body's name: no command is offered for it."""


def nearest_ids(target: str, ids: Iterable[str], limit: int = 3) -> Phrase:
    """`; nearest: a, b` for an id that names no party (a mistyped `parent`)."""
    close = difflib.get_close_matches(target, sorted(ids), n=limit, cutoff=0.5)
    if not close:
        return phrase("", "")
    return phrase("; nearest: {listed}", "; gần nhất: {listed}", listed=", ".join(close))
