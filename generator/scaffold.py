"""`agreements new`: answers (from flags or prompts) → the text of a new agreement file.

Values are read with the same field readers as `check`, and party names are resolved
with the same `PartyNames` matcher, so a file this module writes passes `check`. Parties
are written as ids: a name or short name may change, the id is the file name and does not.
"""

from __future__ import annotations

import datetime as dt
import enum
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml
from slugify import slugify

from generator import fields as f
from generator.dates import PartialDate
from generator.diagnostics import Collector
from generator.messages import CATALOGUE
from generator.model import Agreement, AgreementKind, EventKind, Party, Relation
from generator.references import PartyNames
from generator.schema import EVENT_WORDS, KIND_WORDS, RELATION_WORDS
from generator.vietnamese import fold

SLUG_LENGTH = 72
"""Longest slug proposed from a title (before the year); editors may type a longer one."""

Ask = Callable[[str], str]
"""Shows a prompt and returns the line typed (raises EOFError when input ends)."""
Say = Callable[[str], None]
"""Shows one line to the person answering."""


class Rejected(ValueError):
    """An answer that cannot be used; the message says what to give instead."""


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


@dataclass(frozen=True)
class Answers:
    """Everything needed to write a new agreement file."""

    title: str
    """Full title."""
    kind: AgreementKind
    """Kind of agreement."""
    parties: tuple[str, ...]
    """Party ids, two or more, in the order given."""
    signed: PartialDate
    """Signing date."""
    slug: str
    """File name without `.md`."""

    @property
    def path(self) -> PurePosixPath:
        """Where the file goes, relative to the content folder (a folder per signing year)."""
        return PurePosixPath("agreements", f"{self.signed.year:04d}", f"{self.slug}.md")


def _read(reader: f.Reader, value: Any, field: str) -> Any:
    """Apply one of `check`'s field readers; its message becomes the rejection."""
    collector = Collector("")
    result = reader(value, field, collector)
    if result is f.INVALID:
        problem = collector.found[0]
        raise Rejected(f"{field}: {problem.message} — {problem.expected}")
    return result


def _problem(field: str, code: str, **params: object) -> str:
    message = CATALOGUE[code]
    return f"{field}: {message.what.format(**params)} — {message.expected.format(**params)}"


def read_title(text: str) -> str:
    """A title on one line, spaces tidied."""
    return " ".join(_read(f.text, text, "title").split())


def read_kind(text: str) -> AgreementKind:
    """A kind code, or its Vietnamese name (`quy chế phối hợp` → regulation)."""
    code = _KIND_BY_WORD.get(fold(text), text.strip())
    try:
        return _read(f.choice(AgreementKind, KIND_WORDS), code, "kind")
    except Rejected as error:
        raise Rejected(f"{error} ({_listed(KIND_NAMES)})") from None


def read_signed(text: str) -> PartialDate:
    """A signing date: YYYY-MM-DD, YYYY-MM or YYYY."""
    return _read(f.partial_date, text.strip(), "signed")


def read_party(text: str, known: Known, chosen: Sequence[str] = (), index: int = -1) -> str:
    """The id of the party `text` names, as `check` would resolve it; `index` labels it."""
    name = text.strip()
    field = f"parties[{len(chosen) if index < 0 else index}]"
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
    slug = _read(f.slug("slug"), text.strip(), "slug")
    if slug in known.taken:
        raise Rejected(
            _problem("slug", "duplicate-slug", what="slug", value=slug, other="another agreement")
        )
    return slug


def propose_slug(title: str, signed: PartialDate, known: Known) -> str:
    """A free slug from the title and the signing year (python-slugify turns đ into d)."""
    base = slugify(title, max_length=SLUG_LENGTH, word_boundary=True) or "van-ban"
    year = f"{signed.year:04d}"
    if year not in base.split("-"):
        base = f"{base}-{year}"
    slug, number = base, 2
    while slug in known.taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def from_flags(given: Given, known: Known) -> Answers:
    """Answers from the command line alone; every problem is reported at once."""
    problems: list[Rejected] = []

    def attempt(read: Callable[..., Any], *values: Any) -> Any:
        try:
            return read(*values)
        except Rejected as error:
            problems.append(error)
            return None

    title = attempt(read_title, given.title or "")
    kind = attempt(read_kind, given.kind or "")
    signed = attempt(read_signed, given.signed or "")
    ids: list[str] = []
    for index, name in enumerate(given.parties):
        if (party_id := attempt(read_party, name, known, ids, index)) is not None:
            ids.append(party_id)
    slug = attempt(read_slug, given.slug, known) if given.slug is not None else None
    if problems:
        raise Refused(problems)
    if slug is None:
        slug = propose_slug(title, signed, known)
    return Answers(title, kind, tuple(ids), signed, slug)


def _settle(value: str | None, read: Callable[[str], Any], prompt: str, ask: Ask, say: Say) -> Any:
    """Read a given value, or ask until an answer reads; each rejection is shown."""
    if value is not None:
        try:
            return read(value)
        except Rejected as error:
            say(str(error))
    while True:
        try:
            return read(ask(prompt))
        except Rejected as error:
            say(str(error))


def _ask_parties(given: Sequence[str], known: Known, ask: Ask, say: Say) -> tuple[str, ...]:
    """Resolve the given names, then ask for parties until there are two and an empty line."""
    ids: list[str] = []
    for name in given:
        try:
            ids.append(read_party(name, known, ids))
        except Rejected as error:
            say(str(error))
    if len(ids) >= 2 and len(ids) == len(given):
        return tuple(ids)
    say("Parties: the id, name, short name or alias of each; the file records their ids.")
    while True:
        more = len(ids) >= 2
        answer = ask(f"Party {len(ids) + 1}{' (Enter to finish)' if more else ''}: ").strip()
        if not answer and more:
            return tuple(ids)
        if not answer:
            say("parties: an agreement needs at least two parties")
            continue
        try:
            party_id = read_party(answer, known, ids)
        except Rejected as error:
            say(str(error))
            continue
        ids.append(party_id)
        say(f"  → {party_id} ({known.parties[party_id].name})")


def ask_answers(given: Given, known: Known, ask: Ask, say: Say) -> Answers:
    """Answers from the flags given, asking for each value that is missing or wrong."""
    title = _settle(given.title, read_title, "Title (in full, with diacritics): ", ask, say)
    if given.kind is None:
        say(f"Kinds: {_listed(KIND_NAMES)}")
    kind = _settle(given.kind, read_kind, "Kind: ", ask, say)
    parties = _ask_parties(given.parties, known, ask, say)
    signed = _settle(given.signed, read_signed, "Signed (YYYY-MM-DD, or YYYY-MM, YYYY): ", ask, say)
    proposal = propose_slug(title, signed, known)
    slug = _settle(
        given.slug,
        lambda text: read_slug(text.strip() or proposal, known),
        f"Slug (file name) [{proposal}]: ",
        ask,
        say,
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


_OPTIONAL_INTRO = (
    "#",
    "# Các trường dưới đây không bắt buộc. Muốn dùng trường nào thì xóa dấu '# ' ở đầu các",
    "# dòng của trường đó và điền thông tin; không dùng thì có thể xóa hẳn.",
    "#",
)
_BODY = (
    "Thay đoạn này bằng nội dung văn bản, viết bằng lời của bạn: hai bên cam kết phối hợp",
    "trong những mảng nào, mỗi bên chịu trách nhiệm gì, thực hiện ra sao. Chi tiết nào do",
    "suy luận (chẳng hạn năm ký khi nguồn tin không ghi) thì nói rõ.",
)


def _optional(answers: Answers, today: dt.date) -> list[str]:
    """The optional fields, commented out, each with a note on what it holds."""
    year = f"{answers.signed.year:04d}"
    first = answers.parties[0]
    events = _listed(_vietnamese_names(EventKind, EVENT_WORDS))
    relations = _listed(_vietnamese_names(Relation, RELATION_WORDS))
    return [
        "# Thời hạn của văn bản; có thể chỉ ghi năm, thiếu đầu nào thì bỏ dòng đó.",
        "# period:",
        f"#   start: {year}",
        "#   end: YYYY",
        "# Một hai câu tóm tắt, hiện trong danh sách văn bản và khi chia sẻ trang.",
        "# summary: Tóm tắt văn bản.",
        "# Số hiệu của văn bản, ghi đúng như trong nguồn tin.",
        "# number: 03/QC-BCA-TLĐLĐ",
        "# Nơi ký.",
        "# place: Tên địa phương",
        "# Người ký: họ tên, chức vụ và bên ký (ghi như trong parties).",
        "# signatories:",
        "#   - name: Họ và tên",
        "#     role: Chức vụ",
        f"#     party: {first}",
        "# Các mảng nội dung; dùng lại cách viết của văn bản khác để được nhóm chung.",
        "# topics:",
        "#   - chăm lo đời sống người lao động",
        *_comment(f"Những gì diễn ra sau khi ký; kind là một trong: {events}."),
        "# events:",
        "#   - date: YYYY-MM-DD",
        "#     kind: review",
        "#     title: Sơ kết việc thực hiện",
        *_comment(f"Quan hệ với văn bản khác (slug là tên tệp của văn bản đó); rel: {relations}."),
        "# related:",
        "#   - rel: follows",
        "#     slug: ten-tep-van-ban-truoc",
        "# Nguồn tin; nên có, thiếu nguồn thì lệnh check cảnh báo. Bắt buộc ghi publisher.",
        "# sources:",
        "#   - publisher: Tên báo hoặc cơ quan đăng tin",
        "#     title: Tiêu đề bài viết",
        "#     url: https://",
        "#     date: YYYY-MM-DD",
        "# Tệp đính kèm, đặt trong thư mục content/files/.",
        "# documents:",
        "#   - title: Bản chụp văn bản đã ký",
        f"#     file: {year}/{answers.slug}.pdf",
        "# Tên tệp cũ, nếu sau này đổi tên tệp, để đường dẫn cũ vẫn dẫn tới đây.",
        "# aliases:",
        "#   - ten-tep-cu",
        "# Ngày sửa nội dung gần nhất.",
        f"# updated: {today}",
        "# true: văn bản được kiểm tra nhưng chưa đăng lên trang.",
        "# draft: true",
    ]


def render(answers: Answers, known: Known, today: dt.date) -> str:
    """The new file: required fields filled, optional ones commented out, a body to replace."""
    parties = [
        f"  - {_yaml(party_id)}  # {_one_line(known.parties[party_id].name)}"
        if party_id in known.parties
        else f"  - {_yaml(party_id)}"
        for party_id in answers.parties
    ]
    lines = [
        "---",
        "# Bắt buộc: tên đầy đủ của văn bản, tiếng Việt có dấu.",
        f"title: {_yaml(answers.title)}",
        *_comment(f"Bắt buộc, một trong: {_listed(KIND_NAMES)}."),
        f"kind: {answers.kind.value}",
        "# Bắt buộc, ít nhất hai bên. Ghi mã tệp của bên ký (tên tệp trong content/parties/):",
        "# mã không đổi khi tên cơ quan đổi. Tên đầy đủ, tên viết tắt cũng được chấp nhận.",
        "parties:",
        *parties,
        "# Bắt buộc: ngày ký YYYY-MM-DD; chỉ biết tháng thì YYYY-MM, chỉ biết năm thì YYYY.",
        f"signed: {answers.signed}",
        *_OPTIONAL_INTRO,
        *_optional(answers, today),
        "---",
        *_BODY,
    ]
    return "\n".join(lines) + "\n"
