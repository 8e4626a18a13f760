"""The editors' guide, made from what it documents so that it cannot drift.

The fields come from `schema`'s field tables, the messages from the catalogue `check`
prints from, and the agreement template from the code `agreements new` writes files
with. The Vietnamese words around them are UI strings (`guide:` in the catalogue).
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from generator.content import fields as f
from generator.content.bodies import MAX_NESTING
from generator.content.message_examples import EXAMPLES
from generator.content.register import Register
from generator.content.scaffold import Answers, known_from, propose_slug, render, words
from generator.content.schema import AGREEMENT_FIELDS, PAGE_FIELDS, PARTY_FIELDS
from generator.content.topics import FILE, TOPIC_FIELDS
from generator.core.collation import sort_key
from generator.core.context import Context
from generator.core.dates import PartialDate, RecordDate
from generator.core.diagnostics import WARNING_WORD, Collector, format_text
from generator.core.messages import CATALOGUE, catalogue, message_words
from generator.core.model import AgreementKind, EventKind, Party, PartyKind, Relation, SiteConfig
from generator.core.urls import SECTIONS

BLANK = "…"
"""Stands for the parts of a message that differ from one problem to the next."""

# Which UI string table names the values of each kind of choice field.
_LABELS = {
    frozenset(kind.value for kind in kinds): table
    for kinds, table in (
        (AgreementKind, "kinds"),
        (PartyKind, "party_kinds"),
        (EventKind, "events"),
        (Relation, "relations"),
    )
}


@dataclass(frozen=True)
class FieldDoc:
    """One field as the guide describes it, read from a field table."""

    name: str
    """Key in the front matter."""
    required: bool
    """Whether `check` reports its absence as an error."""
    many: bool = False
    """Whether it holds a list."""
    allowed: tuple[str, ...] = ()
    """The only values it takes, for a choice field."""
    labels: str | None = None
    """UI string table naming the allowed values (`kinds`, `party_kinds`, ...)."""
    subfields: tuple[FieldDoc, ...] = ()
    """Fields of each entry, for a field holding entries with fields of their own."""


@dataclass(frozen=True)
class MessageDoc:
    """One catalogue message as `check` prints it, its varying parts left blank."""

    code: str
    """Catalogue code."""
    anchor: str
    """Fragment id of its entry on the guide page (the code with underscores)."""
    warning: bool
    """Whether it is only a warning."""
    text: str
    """A real example, as `check` prints it in the guide's language: `path:line: field:
    what is wrong — what was expected` (with `cảnh báo: ` for a warning)."""


@dataclass(frozen=True)
class Sample:
    """A file shown on the guide page, with where it goes."""

    path: str
    """Path in the repository, content folder included."""
    text: str
    """The file's text."""


@dataclass(frozen=True)
class Guide:
    """Everything the guide page lays out beside its UI strings."""

    agreement_fields: tuple[FieldDoc, ...]
    party_fields: tuple[FieldDoc, ...]
    page_fields: tuple[FieldDoc, ...]
    topic_fields: tuple[FieldDoc, ...]
    """The fields of one topic of `topics.yaml`."""
    messages: tuple[MessageDoc, ...]
    template: Sample
    """The file `agreements new` writes for `command`."""
    command: str
    """The `agreements new` command line that writes `template`."""
    party_example: Sample | None
    """A party file of the register, as written, if it has one."""
    example_line: str
    """A problem as `check` prints it, located in `template`."""
    reserved: tuple[str, ...]
    """File names free pages may not take."""
    folder: str
    """The content folder inside the repository."""
    topics_path: str
    """Where the topic vocabulary lives in the repository."""
    agreements_url: str | None
    """The agreements folder in the repository's web interface, if a repository is set."""
    nesting: int = MAX_NESTING
    """How deep a line of a body may be nested (`bodies.too_deep`)."""


def anchor(code: str) -> str:
    """The fragment id of a message on the guide page."""
    return code.replace("-", "_")


def guide(register: Register, context: Context) -> Guide:
    """The guide for one register: its content folder, its parties, its as-of date."""
    folder = content_folder(context.config)
    template, command = example_template(register, context)
    return Guide(
        agreement_fields=field_docs(AGREEMENT_FIELDS),
        party_fields=field_docs(PARTY_FIELDS),
        page_fields=field_docs(PAGE_FIELDS),
        topic_fields=field_docs(TOPIC_FIELDS),
        messages=message_docs(context.config.language),
        template=template,
        command=command,
        party_example=_party_example(register, folder),
        example_line=_example_line(template, context.config.language),
        reserved=tuple(sorted(SECTIONS)),
        folder=folder,
        topics_path=_in(folder, FILE),
        agreements_url=_agreements_url(context.config, folder),
    )


def content_folder(config: SiteConfig) -> str:
    """The content folder inside the repository, `.` for the repository's root."""
    return config.content_path.strip("/") or "."


def _in(folder: str, relative: str) -> str:
    return relative if folder == "." else f"{folder}/{relative}"


def field_docs(table: Sequence[f.Field]) -> tuple[FieldDoc, ...]:
    """The fields of a table, in its order, from the JSON Schema its readers declare."""
    return tuple(_field_doc(spec.name, spec.required, f.json_schema(spec.reader)) for spec in table)


def _field_doc(name: str, required: bool, schema: Mapping[str, Any]) -> FieldDoc:
    schema = _without_empty(schema)
    many = schema.get("type") == "array"
    entry = _without_empty(schema.get("items", {})) if many else schema
    allowed = tuple(entry.get("enum", ()))
    needed = set(entry.get("required", ()))
    return FieldDoc(
        name=name,
        required=required,
        many=many,
        allowed=allowed,
        labels=_LABELS.get(frozenset(allowed)),
        subfields=tuple(
            _field_doc(key, key in needed, value)
            for key, value in entry.get("properties", {}).items()
        ),
    )


def _without_empty(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """An optional field's schema is `anyOf: [the value, empty]`; keep the value."""
    return schema["anyOf"][0] if "anyOf" in schema else schema


class _Blanks(dict):
    def __missing__(self, key: str) -> str:
        return BLANK


def message_text(code: str, language: str = "en") -> str:
    """A message as `format_text` prints it after the location, parameters left blank."""
    prefix = f"{WARNING_WORD.say(language)}: " if CATALOGUE[code].warning else ""
    what, expected = message_words(code, language)
    return f"{prefix}{what.format_map(_Blanks())} — {expected.format_map(_Blanks())}"


def message_docs(language: str) -> tuple[MessageDoc, ...]:
    """Every message of the catalogue, in its order, each with a real example printed as
    `check` prints it in `language` (the examples come from the broken test fixtures)."""
    return tuple(
        MessageDoc(code, anchor(code), message.warning, format_text(EXAMPLES[code], language))
        for code, message in CATALOGUE.items()
    )


def example_template(register: Register, context: Context) -> tuple[Sample, str]:
    """The file `agreements new` writes for an example agreement, and the command for it."""
    parties = _example_parties(register)
    known = known_from(register.parties, [*register.agreements.values(), *register.drafts], ())
    said = catalogue(context.config.language)["guide"]["template"]
    names = [party.short or party.name for party in parties] or said["example_names"]
    title = str(said["example_title"]).format(first=names[0], second=names[1])
    day = register.as_of
    signed = RecordDate.stated(PartialDate(day.year, day.month, day.day))
    ids = tuple(party.id for party in parties) or tuple(said["example_ids"])
    slug = propose_slug(AgreementKind.PROGRAM, ids, signed, known)
    answers = Answers(title, AgreementKind.PROGRAM, ids, signed, slug)
    sample = Sample(
        _in(content_folder(context.config), str(answers.path)),
        render(answers, known, day, words(context.config.language)),
    )
    command = ["agreements", "new", "--title", title, "--kind", answers.kind.value]
    for party_id in ids:
        command += ["--party", party_id]
    return sample, shlex.join([*command, "--signed", str(signed)])


def _example_parties(register: Register) -> tuple[Party, ...]:
    """Two parties that sign together: those of the newest agreement, else the first two."""
    for agreement in register.agreements.values():
        ids = list(dict.fromkeys(agreement.parties))
        if len(ids) >= 2 and all(party_id in register.parties for party_id in ids[:2]):
            return tuple(register.parties[party_id] for party_id in ids[:2])
    parties = sorted(register.parties.values(), key=lambda party: sort_key(party.name))
    return tuple(parties[:2]) if len(parties) >= 2 else ()


def _party_example(register: Register, folder: str) -> Sample | None:
    """The register's first party file in alphabetical order, exactly as written."""
    parties = sorted(register.parties.values(), key=lambda party: sort_key(party.name))
    for party in parties:
        if party.origin.front_matter:
            text = party.origin.front_matter.rstrip("\n") + "\n" + party.body.lstrip("\n")
            return Sample(_in(folder, party.origin.relative), text)
    return None


def _example_line(template: Sample, language: str) -> str:
    """A signing date written the way Vietnamese papers do, as `check` reports it."""
    lines = template.text.splitlines()
    line = next(
        (number for number, text in enumerate(lines, 1) if text.startswith("signed:")), None
    )
    collector = Collector(template.path)
    value = "20/5/2022"
    collector.add(
        "bad-date",
        "signed",
        line=line,
        value=value,
        suggestion=f.date_suggestion(value, uncertain=True),
    )
    return format_text(collector.found[0], language)


def _agreements_url(config: SiteConfig, folder: str) -> str | None:
    if not config.repository_url:
        return None
    repository = config.repository_url.rstrip("/")
    path = quote(_in(folder, "agreements"))
    return f"{repository}/tree/{quote(config.repository_branch)}/{path}"
