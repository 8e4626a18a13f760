"""`agreements new`: answers (from flags or prompts) → the text of a new agreement file.

Values are read with the same field readers as `check`, and party names are resolved
with the same `PartyNames` matcher, so a file this module writes passes `check`. Parties
are written as ids: a name or short name may change, the id is the file name and does not.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml
from slugify import slugify

from generator.content import fields as f
from generator.content import party_names
from generator.content.party_names import ABBREVIATIONS
from generator.content.references import PartyNames
from generator.content.schema import (
    AGREEMENT_FIELDS,
    EVENT_WORDS,
    KIND_WORDS,
    PARTY_KIND_WORDS,
    PARTY_PROVINCE,
    RELATION_WORDS,
)
from generator.core import interface, provinces
from generator.core.dates import RecordDate, as_mapping, one_line
from generator.core.diagnostics import INVISIBLE, Collector, excerpt
from generator.core.messages import LANGUAGES, Phrase, message_words, phrase, said
from generator.core.messages import say as said_in
from generator.core.model import Agreement, AgreementKind, EventKind, Party, PartyKind, Relation
from generator.core.slugs import MAX_LENGTH, key_for
from generator.core.urls import UNDATED
from generator.core.vietnamese import fold

SLUG_LENGTH = 72
"""Longest slug proposed; editors may type a longer one (up to the slugs' limit)."""

Ask = Callable[[str], str]
"""Shows a prompt and returns the line typed (raises EOFError when input ends)."""
Say = Callable[[str], None]
"""Shows one line to the person answering."""


class Rejected(ValueError):
    """An answer that cannot be used; the message (a phrase, in both languages) says what
    to give instead."""

    def say(self, language: str) -> str:
        """The message in `language`."""
        return str(said_in(self.args[0], language))


class PartyRejected(Rejected):
    """A party name that names no party, or one already listed (a content problem)."""


class Refused(Exception):
    """Answers from flags that cannot be used, every problem listed."""

    def __init__(self, problems: list[Rejected]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems

    @property
    def only_parties(self) -> bool:
        """Whether every problem is a party name (a content problem, not a usage one)."""
        return all(isinstance(problem, PartyRejected) for problem in self.problems)


def _vietnamese_names(kinds: type[enum.StrEnum], words: Mapping[str, str]) -> dict[str, str]:
    """Each code's Vietnamese name: the longest word for it that is not plain ASCII."""
    names: dict[str, str] = {}
    for word, code in words.items():
        if not word.isascii() and len(word) > len(names.get(code, "")):
            names[code] = word
    return {kind.value: names.get(kind.value, "") for kind in kinds}


KIND_NAMES = _vietnamese_names(AgreementKind, KIND_WORDS)
"""Agreement kind → its Vietnamese name, as SPEC gives them."""
_KIND_BY_WORD = {fold(word): code for word, code in KIND_WORDS.items()}


def _listed(names: Mapping[str, str]) -> str:
    return ", ".join(f"{code} ({name})" if name else code for code, name in names.items())


@dataclass(frozen=True)
class Known:
    """What the content folder already holds that a new agreement must fit with."""

    parties: Mapping[str, Party]
    """Valid parties by id."""
    names: PartyNames
    """Every name, short name, alias and id of those parties, as `check` resolves them."""
    taken: frozenset[str]
    """Slugs of existing agreement files and old slugs kept in `aliases`."""


def known_from(
    parties: Mapping[str, Party], agreements: Iterable[Agreement], stems: Iterable[str]
) -> Known:
    """Gather party names and used slugs; `stems` are the names of agreement files on disk."""
    names = PartyNames()
    for party in parties.values():
        names.describe(party.id, party.kind.value, party.province)
        for name in party.names:
            names.add(name, party.id)
    taken = set(stems)
    for agreement in agreements:
        taken.update((agreement.slug, *agreement.aliases))
    return Known(parties, names, frozenset(taken))


@dataclass(frozen=True)
class Given:
    """Values as typed on the command line; None (or empty) when not given."""

    title: str | None = None
    kind: str | None = None
    parties: tuple[str, ...] = ()
    signed: str | None = None
    slug: str | None = None
    inferred: str | None = None
    """`year` or `date`: which part of the signing date is inferred."""
    reason: str | None = None
    """How the signing date is known."""


@dataclass(frozen=True)
class Answers:
    """Everything needed to write a new agreement file."""

    title: str
    """Full title."""
    kind: AgreementKind
    """Kind of agreement."""
    parties: tuple[str, ...]
    """Party ids, two or more, in the order given."""
    signed: RecordDate
    """Signing date, in any form a record takes."""
    slug: str
    """File name without `.md`."""

    @property
    def path(self) -> PurePosixPath:
        """Where the file goes, relative to the content folder: the folder of the year every
        possible signing day lies in, else the folder for unknown years."""
        return PurePosixPath("agreements", folder_of(self.signed), f"{self.slug}.md")


def folder_of(signed: RecordDate) -> str:
    """`2025` for a date whose possible days all lie in 2025, else `chua-ro`."""
    year = signed.certain_year
    return UNDATED if year is None else f"{year:04d}"


def _read(reader: f.Reader, value: Any, field: str) -> Any:
    """Apply one of `check`'s field readers; its message becomes the rejection."""
    collector = Collector("")
    result = reader(value, field, collector)
    if result is f.INVALID:
        problem = collector.found[0]
        raise Rejected(_problem(field, problem.code, **problem.params))
    return result


def _problem(field: str, code: str, **params: object) -> Phrase:
    """`field: what is wrong — what was expected`, as `check` says it, in both languages."""
    shown = field.replace("{", "{{").replace("}", "}}")
    words = {}
    for language in LANGUAGES:
        what, expected = message_words(code, language)
        words[language] = f"{shown}: {what} — {expected}"
    return said(words, **params)


def read_title(text: str) -> str:
    """A title on one line, spaces tidied."""
    return read_text(text, "title")


def read_text(text: str, field: str) -> str:
    """Text for `field` on one line, spaces tidied, without the invisible characters
    `check` refuses."""
    read = " ".join(_read(f.text, text, field).split())
    if (invisible := INVISIBLE.search(read)) is not None:
        raise Rejected(_problem(field, "control-character", character=f"U+{ord(invisible[0]):04X}"))
    return read


def read_kind(text: str) -> AgreementKind:
    """A kind code, or its Vietnamese name (`quy chế phối hợp` → regulation)."""
    code = _KIND_BY_WORD.get(fold(text), text.strip())
    try:
        return _read(f.choice(AgreementKind, KIND_WORDS), code, "kind")
    except Rejected as error:
        listed = _listed(KIND_NAMES)
        raise Rejected(
            phrase("scaffold.error_listed", error=error.args[0], listed=listed)
        ) from None


def read_signed(text: str, inferred: str | None = None, reason: str | None = None) -> RecordDate:
    """A signing date in any one-line form a record takes (`2016-10-26`, `XXXX-10-26`,
    `khoảng 2013`, `trước 2016-12-09`, `chưa rõ` …), perhaps with which part is inferred
    and why, read as `check` reads it."""
    if inferred is None and reason is None:
        return _read(f.record_date, text.strip(), "signed")
    written: dict[str, str] = {"date": text.strip()}
    if inferred is not None:
        written["inferred"] = inferred.strip()
    if reason is not None:
        written["reason"] = " ".join(reason.split())
    return _read(f.record_date, written, "signed")


def read_party(
    text: str, known: Known, chosen: Sequence[str] = (), index: int = -1, field: str = ""
) -> str:
    """The id of the party `text` names, as `check` would resolve it; `index` (or `field`)
    labels it."""
    name = text.strip()
    field = field or f"parties[{len(chosen) if index < 0 else index}]"
    party_id = known.names.resolve(name) if name else None
    if party_id is None:
        hint = known.names.hint(name)
        raise PartyRejected(_problem(field, "unknown-party", value=name, hint=hint))
    if party_id in chosen:
        raise PartyRejected(
            _problem(field, "duplicate-party", value=name, other=party_id, party=party_id)
        )
    return party_id


def read_slug(text: str, known: Known) -> str:
    """A slug no other agreement file or alias uses."""
    slug = _read(f.slug(f.SLUG), text.strip(), "slug")
    if slug in known.taken:
        raise Rejected(
            _problem(
                "slug",
                "duplicate-slug",
                what=f.SLUG,
                value=slug,
                other=phrase("scaffold.another_agreement"),
            )
        )
    return slug


KIND_SLUGS = {
    AgreementKind.PROGRAM: "chuong-trinh",
    AgreementKind.REGULATION: "quy-che",
    AgreementKind.PLAN: "ke-hoach",
    AgreementKind.MEMORANDUM: "ghi-nho",
    AgreementKind.AGREEMENT: "thoa-thuan",
    AgreementKind.OTHER: "van-ban",
}
"""The kind as a slug word, the way the register's files are named."""


_BODIES = frozenset(ABBREVIATIONS.values())
_PLACES = frozenset(key_for(name) for name in provinces.PROVINCES)


def _whole(words: list[str], alone: frozenset[str]) -> bool:
    """Whether words shared by every id are one thing said once: two words or more, or a
    word that stands for a body or a place on its own (`ldld`, `hue`), never a word that
    two names merely end in (`an` of Nghệ An and Công an)."""
    return len(words) > 1 or "-".join(words) in alone


def _joined(ids: Sequence[str]) -> str:
    """Party ids joined, the words they all begin or end with said once: `ldld-nghe-an` and
    `ubnd-nghe-an` give `ldld-ubnd-nghe-an`, `ldld-ha-noi` and `ldld-nghe-an` give
    `ldld-ha-noi-nghe-an`; `ldld-nghe-an` and `bo-cong-an` stay whole."""
    parts = [party_id.split("-") for party_id in ids]
    if len(parts) < 2:
        return "-".join(ids)
    shortest = min(map(len, parts))
    tail = 0
    while tail < shortest - 1 and len({p[-1 - tail] for p in parts}) == 1:
        tail += 1
    if tail and not _whole(parts[0][len(parts[0]) - tail :], _PLACES):
        tail = 0
    head = 0
    while head < shortest - 1 - tail and len({p[head] for p in parts}) == 1:
        head += 1
    if head and not _whole(parts[0][:head], _BODIES):
        head = 0
    middles = ["-".join(p[head : len(p) - tail]) for p in parts]
    return "-".join([*parts[0][:head], *middles, *parts[0][len(parts[0]) - tail :]])


def propose_slug(
    kind: AgreementKind, parties: Sequence[str], signed: RecordDate, known: Known
) -> str:
    """A free slug that says what identifies the record: its parties (a shared province
    or body once), its kind and its signing year when every possible day lies in one year,
    such as `ldld-ubnd-nghe-an-quy-che-2024` (no year is ever made up: `…-quy-che` when it
    is not known); only the first two parties, or the first, when all would be too long.
    Never a title cut mid-word."""
    tail = f"-{KIND_SLUGS[kind]}"
    if signed.certain_year is not None:
        tail += f"-{signed.certain_year:04d}"
    for chosen in (parties, parties[:2], parties[:1]):
        base = f"{_joined(chosen)}{tail}"
        if len(base) <= SLUG_LENGTH:
            break
    else:
        room = SLUG_LENGTH - len(tail)
        cut = slugify(parties[0], max_length=room, word_boundary=True, save_order=True)
        base = cut + tail
    slug, number = base, 2
    while slug in known.taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _collecting(problems: list[Rejected]) -> Callable[..., Any]:
    """`attempt(read, *values)`: the value read, or None with the rejection kept in
    `problems`, so that every problem of the flags is reported at once."""

    def attempt(read: Callable[..., Any], *values: Any) -> Any:
        try:
            return read(*values)
        except Rejected as error:
            problems.append(error)
            return None

    return attempt


def from_flags(given: Given, known: Known) -> Answers:
    """Answers from the command line alone; every problem is reported at once."""
    problems: list[Rejected] = []
    attempt = _collecting(problems)

    title = attempt(read_title, given.title or "")
    kind = attempt(read_kind, given.kind or "")
    signed = attempt(read_signed, given.signed or "", given.inferred, given.reason)
    ids: list[str] = []
    for index, name in enumerate(given.parties):
        if (party_id := attempt(read_party, name, known, ids, index)) is not None:
            ids.append(party_id)
    slug = attempt(read_slug, given.slug, known) if given.slug is not None else None
    if problems:
        raise Refused(problems)
    if slug is None:
        slug = propose_slug(kind, tuple(ids), signed, known)
    return Answers(title, kind, tuple(ids), signed, slug)


def _settle(
    value: str | None,
    read: Callable[[str], Any],
    prompt: str,
    ask: Ask,
    say: Say,
    language: str,
) -> Any:
    """Read a given value, or ask until an answer reads; each rejection is shown."""
    if value is not None:
        try:
            return read(value)
        except Rejected as error:
            say(error.say(language))
    while True:
        try:
            return read(ask(prompt))
        except Rejected as error:
            say(error.say(language))


def _ask_parties(
    given: Sequence[str], known: Known, ask: Ask, say: Say, language: str
) -> tuple[str, ...]:
    """Resolve the given names, then ask for parties until there are two and an empty line."""
    ids: list[str] = []
    for name in given:
        try:
            ids.append(read_party(name, known, ids))
        except Rejected as error:
            say(error.say(language))
    if len(ids) >= 2 and len(ids) == len(given):
        return tuple(ids)
    say(
        phrase(
            "scaffold.parties_id_name_short_name",
        ).say(language)
    )
    while True:
        more = len(ids) >= 2
        prompt = phrase(
            "scaffold.party_n_finish",
            n=len(ids) + 1,
            finish=phrase("scaffold.enter_finish") if more else "",
        )
        answer = ask(prompt.say(language)).strip()
        if not answer and more:
            return tuple(ids)
        if not answer:
            say(
                phrase(
                    "scaffold.parties_agreement_needs_least_two",
                ).say(language)
            )
            continue
        try:
            party_id = read_party(answer, known, ids)
        except Rejected as error:
            say(error.say(language))
            continue
        ids.append(party_id)
        say(f"  → {party_id} ({known.parties[party_id].name})")


def ask_answers(given: Given, known: Known, ask: Ask, say: Say, language: str = "vi") -> Answers:
    """Answers from the flags given, asking for each value that is missing or wrong."""

    def prompt(key: str, **params: object) -> str:
        return phrase(key, **params).say(language)

    title = _settle(
        given.title,
        read_title,
        prompt("scaffold.title_full_diacritics"),
        ask,
        say,
        language,
    )
    if given.kind is None:
        say(prompt("scaffold.kinds_kinds", kinds=_listed(KIND_NAMES)))
    kind = _settle(given.kind, read_kind, prompt("scaffold.kind"), ask, say, language)
    parties = _ask_parties(given.parties, known, ask, say, language)
    if given.signed is None:
        say(
            prompt(
                "scaffold.signing_date_yyyy_mm_dd",
            )
        )
    signed = _settle(
        given.signed,
        lambda text: read_signed(text, given.inferred, given.reason),
        prompt("scaffold.signing_date"),
        ask,
        say,
        language,
    )
    proposal = propose_slug(kind, parties, signed, known)
    slug = _settle(
        given.slug,
        lambda text: read_slug(text.strip() or proposal, known),
        prompt(
            "scaffold.slug_file_name_proposal",
            proposal=proposal,
        ),
        ask,
        say,
        language,
    )
    return Answers(title, kind, parties, signed, slug)


def _yaml(value: str) -> str:
    """A YAML scalar for `value`, quoted only when plain text would be misread."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _comment(text: str) -> list[str]:
    """A YAML comment wrapped to fit an editor's window."""
    return [f"# {line}" for line in textwrap.wrap(text, width=86, break_on_hyphens=False)]


def words(language: str = "vi") -> Mapping[str, Any]:
    """What a new file says to its editor, in a language of the interface: the catalogue's
    `scaffold` section, with each field's own words (`fields.<record>.<field>.scaffold`)
    gathered under `required` (the note over a required field), `fields` (an optional
    field's note and example) and `party` (the note over a party's field)."""
    strings = interface.load_strings(interface.TEMPLATES, language)
    said = strings["scaffold"]
    notes = interface.field_words(strings, "agreement", "scaffold")
    party = interface.field_words(strings, "party", "scaffold")
    return {
        **said,
        "required": {
            name: words["note"] for name, words in notes.items() if "example" not in words
        },
        "fields": {name: words for name, words in notes.items() if "example" in words},
        "party": {**said["party"], **{name: words["note"] for name, words in party.items()}},
    }


OPTIONAL = tuple(spec.name for spec in AGREEMENT_FIELDS if not spec.required)
"""The optional agreement fields, in the table's order: the scaffold offers each."""


def _optional(answers: Answers, today: dt.date, said: Mapping[str, Any]) -> list[str]:
    """The optional fields of the table, commented out, each under a note on what it holds."""
    values = {
        "year": f"{year:04d}" if (year := answers.signed.certain_year) is not None else "YYYY",
        "first": answers.parties[0],
        "slug": answers.slug,
        "today": today,
        "events": _listed(_vietnamese_names(EventKind, EVENT_WORDS)),
        "relations": _listed(_vietnamese_names(Relation, RELATION_WORDS)),
    }
    lines: list[str] = []
    for name in OPTIONAL:
        field = said["fields"][name]
        lines += _comment(_one_line(field["note"].format(**values)))
        lines += [f"# {line}" for line in field["example"].format(**values).splitlines()]
    return lines


def render(
    answers: Answers, known: Known, today: dt.date, said: Mapping[str, Any] | None = None
) -> str:
    """The new file: required fields filled, optional ones commented out, a body to replace.

    `said` is what the file says to its editor (`words()`, Vietnamese by default)."""
    said = said or words()
    required = said["required"]
    parties = [
        f"  - {_yaml(party_id)}  # {_one_line(known.parties[party_id].name)}"
        if party_id in known.parties
        else f"  - {_yaml(party_id)}"
        for party_id in answers.parties
    ]
    lines = [
        "---",
        *_comment(_one_line(required["title"])),
        f"title: {_yaml(answers.title)}",
        *_comment(_one_line(required["kind"].format(kinds=_listed(KIND_NAMES)))),
        f"kind: {answers.kind.value}",
        *_comment(_one_line(required["parties"])),
        "parties:",
        *parties,
        *_comment(_one_line(required["signed"])),
        *_signed_lines(answers.signed),
        "#",
        *_comment(_one_line(said["optional"])),
        "#",
        *_optional(answers, today, said),
        "---",
        *textwrap.wrap(_one_line(said["body"]), width=88, break_on_hyphens=False),
    ]
    return "\n".join(lines) + "\n"


def _signed_lines(signed: RecordDate) -> list[str]:
    """`signed:` on one line when it has one (`signed: khoảng 2013`), else as its mapping."""
    line = one_line(signed)
    if line is not None:
        return [f"signed: {line if _CALENDAR.fullmatch(line) else _yaml(line)}"]
    written = as_mapping(signed)
    return ["signed:"] + [
        f"  {key}: {value if key != 'reason' else _yaml(value)}" for key, value in written.items()
    ]


_CALENDAR = re.compile(r"[0-9]{4}(-[0-9]{2}){0,2}")


@dataclass(frozen=True)
class PartyGiven:
    """A new party's values as typed on the command line."""

    name: str | None = None
    kind: str | None = None
    short: str | None = None
    province: str | None = None
    parent: str | None = None
    party_id: str | None = None


@dataclass(frozen=True)
class PartyAnswers:
    """Everything needed to write a new party file."""

    name: str
    kind: PartyKind
    short: str | None
    province: str | None
    parent: str | None
    party_id: str

    @property
    def path(self) -> PurePosixPath:
        """Where the file goes, relative to the content folder."""
        return PurePosixPath("parties", f"{self.party_id}.md")


def propose_party_id(name: str, short: str | None, taken: Iterable[str]) -> str:
    """A free id that keeps every word of the name (see `id_words`): from the short name
    when it writes every one of them (`LĐLĐ tỉnh Nghệ An` → `ldld-nghe-an`, `CĐKKT Quảng
    Bình` → `cdkkt-quang-binh` for Công đoàn Khu kinh tế Quảng Bình), else from the name
    (`Liên đoàn Lao động tỉnh Thanh Hóa` → `ldld-thanh-hoa`). Raises Rejected when the
    name has no letter to make an id of, or makes one too long."""
    base = party_names.id_of(name, short)
    if not base:
        raise Rejected(
            phrase(
                "scaffold.id_no_id_can_made",
                name=excerpt(name),
            )
        )
    if len(base) > MAX_LENGTH:
        raise Rejected(
            phrase(
                "scaffold.id_id_made_name_would",
                length=len(base),
                limit=MAX_LENGTH,
            )
        )
    used = set(taken)
    party_id, number = base, 2
    while party_id in used:
        party_id, number = f"{base}-{number}", number + 1
    return party_id


def party_from_flags(given: PartyGiven, known: Known, stems: Iterable[str]) -> PartyAnswers:
    """A new party's answers from the command line; every problem is reported at once."""
    problems: list[Rejected] = []
    attempt = _collecting(problems)

    name = attempt(read_new_name, given.name or "", "name", known)
    kind = attempt(read_party_kind, given.kind or "")
    short = attempt(read_new_name, given.short, "short", known) if given.short else None
    province = (
        attempt(_read, PARTY_PROVINCE, given.province, "province") if given.province else None
    )
    parent = attempt(read_party, given.parent, known, (), -1, "parent") if given.parent else None
    taken = {*known.parties, *stems}
    party_id = attempt(_read, f.slug(f.PARTY_ID), given.party_id, "id") if given.party_id else None
    if party_id in taken:
        problems.append(
            Rejected(
                _problem(
                    "id",
                    "duplicate-slug",
                    what=f.PARTY_ID,
                    value=party_id,
                    other=phrase("scaffold.another_party"),
                )
            )
        )
    if party_id is None and name is not None:
        party_id = attempt(propose_party_id, name, short, taken)
    if problems:
        raise Refused(problems)
    assert party_id is not None  # given, or proposed without a problem
    return PartyAnswers(name, kind, short, province, parent, party_id)


def read_new_name(text: str, field: str, known: Known) -> str:
    """A new party's name (or short name) that names no other party, as `check` holds it."""
    name = read_text(text, field)
    if owners := known.names.candidates(name):
        raise Rejected(_problem(field, "ambiguous-name", value=name, other=owners[0]))
    return name


def party_kind_labels(language: str = "vi") -> dict[str, str]:
    """Each party kind's label as the site and the guide show it: `Tổ chức Công đoàn`."""
    return dict(interface.load_strings(interface.TEMPLATES, language)["party_kinds"])


def read_party_kind(text: str) -> PartyKind:
    """A party kind: its code, its label as the guide shows it (`Tổ chức Công đoàn`, any
    case, with or without marks) or another Vietnamese name for it (`liên đoàn lao động`)."""
    written = text.strip()
    words = {fold(word): code for word, code in PARTY_KIND_WORDS.items()}
    for language in interface.languages():
        words |= {fold(label): code for code, label in party_kind_labels(language).items()}
    code = words.get(fold(written), written)
    if code in {kind.value for kind in PartyKind}:
        return PartyKind(code)
    labels = ", ".join(f"{label} ({code})" for code, label in party_kind_labels().items())
    raise Rejected(
        _problem("kind", "unknown-value", value=excerpt(written), allowed=labels, suggestion="")
    )


def render_party(answers: PartyAnswers, said: Mapping[str, Any] | None = None) -> str:
    """The new party file: the values given, the other fields commented out, a body to
    replace (`check` warns while its template text is left)."""
    words_said = (said or words())["party"]
    kinds = _listed(party_kind_labels())
    lines = ["---", *_comment(_one_line(words_said["name"])), f"name: {_yaml(answers.name)}"]
    if answers.short:
        lines += [*_comment(_one_line(words_said["short"])), f"short: {_yaml(answers.short)}"]
    lines += [
        *_comment(_one_line(words_said["kind"].format(kinds=kinds))),
        f"kind: {answers.kind.value}",
        *_comment(_one_line(words_said["province"])),
        f"province: {_yaml(answers.province)}" if answers.province else "# province: Nghệ An",
        *_comment(_one_line(words_said["parent"])),
        f"parent: {answers.parent}" if answers.parent else "# parent: tong-ldld-viet-nam",
        *_comment(_one_line(words_said["optional"])),
        "# aliases:",
        "#   - Tên khác trong báo chí",
        "# founded: YYYY-MM-DD",
        "# dissolved: YYYY-MM-DD",
        "# website: https://",
        "---",
        *textwrap.wrap(_one_line(words_said["body"]), width=88, break_on_hyphens=False),
    ]
    return "\n".join(lines) + "\n"
