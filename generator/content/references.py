"""Across files: resolve party names, check every reference, report what points nowhere.

Checks read each file's raw front matter as well as its record, so a file with
other mistakes still has its references reported in the same run.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Generic, TypeVar

from generator.content import party_names
from generator.content.fields import PARTY_ID, SLUG, is_safe_file_path
from generator.content.links import PREFIX, body_links
from generator.content.sources import SourceFile
from generator.core.dates import RecordDate
from generator.core.diagnostics import Collector, Severity
from generator.core.messages import Phrase, phrase
from generator.core.model import Agreement, Page, Party, Relation
from generator.core.slugs import is_slug
from generator.core.vietnamese import fold

T = TypeVar("T")
# Covariant: an entry is frozen, so a list of party and agreement entries holds Entry[object].
R_co = TypeVar("R_co", covariant=True)


@dataclass(frozen=True)
class Entry(Generic[R_co]):
    """A record with the file it came from; `record` is None when the file was invalid."""

    record: R_co | None
    """The checked record, if its file passed."""
    source: SourceFile
    """The file, raw data included, so broken files still lend their names and slugs."""
    collector: Collector
    """Where problems with this file are reported."""


Span = tuple[dt.date | None, dt.date | None]
"""When a body existed: from its founding (None: always before) to the day before its
dissolution (None: still)."""
ALWAYS: Span = (None, None)


def _anchor(date: RecordDate | None) -> dt.date | None:
    """The day a founding or dissolution is placed at (its date, else a bound)."""
    if date is None or date.sort_key[0] != 0:
        return None
    return date.sort_key[1]


def span_of(party: Party | None) -> Span:
    """A party's span from its `founded` and `dissolved` dates, as far as they are known."""
    if party is None:
        return ALWAYS
    return (_anchor(party.founded), _anchor(party.dissolved))


def _overlap(one: Span, other: Span) -> bool:
    """Whether two spans share a day (an unknown bound reaches forever)."""
    starts = [day for day in (one[0], other[0]) if day is not None]
    ends = [day for day in (one[1], other[1]) if day is not None]
    return not starts or not ends or max(starts) < min(ends)


def _exists(span: Span, day: dt.date) -> bool:
    return (span[0] is None or span[0] <= day) and (span[1] is None or day < span[1])


class PartyNames:
    """Every way a party can be named, folded, mapped to its id.

    One name may belong to two bodies that existed at different times (the Liên đoàn
    Lao động tỉnh Gia Lai before and after 1/7/2025): a name is resolved by the date
    it is used at.
    """

    def __init__(self) -> None:
        self._ids: dict[str, list[str]] = {}
        self._spans: dict[str, Span] = {}
        self._titles: dict[str, str] = {}
        self._names: dict[str, list[str]] = {}
        self._kinds: dict[str, tuple[str | None, str | None]] = {}
        self._weighed: dict[str, party_names.Known] | None = None

    def add(self, name: str, party_id: str, span: Span = ALWAYS) -> str | None:
        """Register a name; return another party's id if the name already means another
        whose span overlaps this party's."""
        self._spans.setdefault(party_id, span)
        self._names.setdefault(party_id, []).append(name)
        self._weighed = None
        owners = self._ids.setdefault(fold(name), [])
        if name != party_id:
            self._titles.setdefault(party_id, name)
        clash = next(
            (
                owner
                for owner in owners
                if owner != party_id and _overlap(self._spans[owner], self._spans[party_id])
            ),
            None,
        )
        if party_id not in owners:
            owners.append(party_id)
        return clash

    def candidates(self, name: str, on: dt.date | None = None) -> tuple[str, ...]:
        """The ids a name may refer to; on a given day, only the bodies existing then
        (all of them if none existed then)."""
        owners = tuple(self._ids.get(fold(name), ()))
        if on is None or len(owners) < 2:
            return owners
        existing = tuple(owner for owner in owners if _exists(self._spans[owner], on))
        return existing or owners

    def resolve(self, name: str, on: dt.date | None = None) -> str | None:
        """The id a name refers to (on a given day), if exactly one."""
        owners = self.candidates(name, on)
        return owners[0] if len(owners) == 1 else None

    def describe(self, party_id: str, kind: object, province: object) -> None:
        """Say what kind of body a party is and where (as its file gives them, perhaps
        not valid), so that suggestions rank it."""
        self._kinds[party_id] = (
            kind if isinstance(kind, str) else None,
            province if isinstance(province, str) else None,
        )
        self._weighed = None

    def hint(self, name: str) -> Phrase:
        """What to write instead of an unknown name: the closest parties (the same province
        and kind first, never another kind), and the command that adds a new one."""
        if self._weighed is None:
            self._weighed = {
                party_id: party_names.known(
                    names,
                    self._titles.get(party_id, party_id),
                    *self._kinds.get(party_id, (None, None)),
                )
                for party_id, names in self._names.items()
            }
        return party_names.hint(name, self._weighed)


@dataclass(frozen=True)
class Checked:
    """The records that passed every cross-file check."""

    parties: dict[str, Party]
    """Valid parties by id, in id order."""
    agreements: dict[str, Agreement]
    """Valid agreements (drafts included) by slug, party names resolved to ids."""
    pages: dict[str, Page]
    """Valid free pages by slug, in slug order."""
    redirects: dict[str, str]
    """Old slug → current slug."""


def check_references(
    parties: list[Entry[Party]],
    agreements: list[Entry[Agreement]],
    pages: list[Entry[Page]],
    files: frozenset[str],
    unreadable: Iterable[tuple[str, str]] = (),
) -> Checked:
    """Cross-check every file's record, reporting through each file's collector.

    `unreadable` names the (section, stem) of files that could not be parsed: their
    ids and slugs count as existing, so one broken file causes no follow-on errors.
    """
    unreadable = list(unreadable)
    party_entries = _unique(parties, PARTY_ID)
    names = _party_names(parties)
    agreement_entries = _unique(agreements, SLUG)
    known_slugs = set(agreement_entries)
    known_ids = set(party_entries)
    for section, stem in unreadable:
        if section == "parties":
            names.add(stem, stem)
            known_ids.add(stem)
        elif section == "agreements":
            known_slugs.add(stem)
    redirects = _aliases(agreements, agreement_entries)
    numbers = {
        number: slug
        for slug, entry in sorted(agreement_entries.items())
        if (number := _text_at(entry.source.data, "number"))
    }
    page_entries = _unique(pages, SLUG)
    resolved: dict[str, Agreement] = {}
    for entry in agreement_entries.values():
        record = _resolve(entry, names, known_slugs, files, numbers)
        if record is not None:
            resolved[record.slug] = record
    for party_entry in party_entries.values():
        _check_party_links(party_entry, known_ids)
    _report_cycles(
        {
            pid: [(target, field) for field, target in _party_links(entry.source.data)]
            for pid, entry in party_entries.items()
        },
        {pid: entry.collector for pid, entry in party_entries.items()},
    )
    valid = {slug: e.record for slug, e in agreement_entries.items() if e.record is not None}
    _report_cycles(
        {
            slug: [
                (r.slug, f"related[{i}].slug")
                for i, r in enumerate(agreement.related)
                if r.slug is not None and r.rel is not Relation.SIGNED_WITH
            ]
            for slug, agreement in valid.items()
        },
        {slug: agreement_entries[slug].collector for slug in valid},
    )
    _check_signed_together(valid, agreement_entries)
    targets = {
        "agreements": known_slugs | set(redirects),
        "parties": known_ids,
        "pages": set(page_entries),
    }
    for source, collector in [(e.source, e.collector) for e in (*agreements, *parties, *pages)]:
        _check_body_links(source, collector, targets)
    if not any(section == "agreements" for section, _ in unreadable) and not any(
        entry.collector.has_errors for entry in agreements
    ):
        # A broken agreement file may be the one that names a party: warn only when
        # every agreement could be read, so a typo does not also flag its party.
        _warn_unused(party_entries, agreements, names)
    return Checked(
        parties={pid: e.record for pid, e in sorted(party_entries.items()) if e.record},
        agreements=resolved,
        pages={slug: e.record for slug, e in sorted(page_entries.items()) if e.record},
        redirects=redirects,
    )


def _unique(entries: list[Entry[T]], what: Phrase) -> dict[str, Entry[T]]:
    """Entries by file stem; a stem used by two files is reported on both."""
    first: dict[str, Entry[T]] = {}
    for entry in entries:
        stem = entry.source.stem
        if stem in first:
            other = first[stem]
            entry.collector.add(
                "duplicate-slug", "file", line=1, what=what, value=stem, other=other.source.path
            )
            other.collector.add(
                "duplicate-slug", "file", line=1, what=what, value=stem, other=entry.source.path
            )
        else:
            first[stem] = entry
    return first


def _names_of(entry: Entry[Party]) -> Iterable[tuple[str, str]]:
    """(field path, name) for every name of a party, read from raw data if the file failed."""
    yield "file", entry.source.stem
    data = entry.source.data
    for field in ("name", "short"):
        if name := _text_at(data, field):
            yield field, name
    for index, item in _items(data, "aliases"):
        if alias := _text_at(item):
            yield f"aliases[{index}]", alias


def _party_names(parties: list[Entry[Party]]) -> PartyNames:
    names = PartyNames()
    for entry in parties:
        span = span_of(entry.record)
        data = entry.source.data
        names.describe(entry.source.stem, data.get("kind"), data.get("province"))
        for field, name in _names_of(entry):
            other = names.add(name, entry.source.stem, span)
            if other is not None:
                entry.collector.add("ambiguous-name", field, value=name, other=other)
    return names


def _aliases(
    agreements: list[Entry[Agreement]], slugs: Mapping[str, Entry[Agreement]]
) -> dict[str, str]:
    """Old slug → current slug; an alias that is also a slug or another alias is an error."""
    redirects: dict[str, str] = {}
    owners: dict[str, str] = {}
    for entry in agreements:
        for index, item in _items(entry.source.data, "aliases"):
            alias = _text_at(item)
            if alias is None or not is_slug(alias):
                continue
            field = f"aliases[{index}]"
            if alias in slugs:
                other = slugs[alias].source.path
            elif alias in owners:
                other = owners[alias]
            else:
                owners[alias] = entry.source.path
                redirects[alias] = entry.source.stem
                continue
            entry.collector.add(
                "duplicate-slug", field, what=phrase("references.alias"), value=alias, other=other
            )
    return redirects


def _items(data: dict, key: str) -> list[tuple[int, object]]:
    """Indexed items of a raw front-matter list (empty if it is not a list)."""
    raw = data.get(key)
    return list(enumerate(raw)) if isinstance(raw, list) else []


def _text_at(item: object, key: str | None = None) -> str | None:
    """A raw item's text (or its `key` field's text), if it is text at all."""
    value = item.get(key) if isinstance(item, dict) and key else item
    return value.strip() if isinstance(value, str) and value.strip() else None


def _party_at(item: object) -> str | None:
    """A raw `parties` item's name: the item itself, or its `party` when it names an organ."""
    return _text_at(item, "party") if isinstance(item, dict) else _text_at(item)


def _resolve(
    entry: Entry[Agreement],
    names: PartyNames,
    slugs: set[str],
    files: frozenset[str],
    numbers: Mapping[str, str],
) -> Agreement | None:
    """Check an agreement's references to other files; the record with ids, if all hold.

    The raw front matter is checked, so a file with other mistakes still has its
    references reported in the same run.
    """
    data, collector, stem = entry.source.data, entry.collector, entry.source.stem
    errors_before = len(collector.found)
    on = _anchor(entry.record.signed) if entry.record else None
    ids: dict[str, str] = {}
    for index, item in _items(data, "parties"):
        if (name := _party_at(item)) is None:
            continue
        party_id = names.resolve(name, on)
        if party_id is None and len(owners := names.candidates(name, on)) > 1:
            collector.add("ambiguous-party", f"parties[{index}]", value=name, ids=", ".join(owners))
        elif party_id is None:
            collector.add("unknown-party", f"parties[{index}]", value=name, hint=names.hint(name))
        elif party_id in ids:
            other = ids[party_id]
            collector.add(
                "duplicate-party", f"parties[{index}]", value=name, other=other, party=party_id
            )
        else:
            ids[party_id] = name
    for index, item in _items(data, "signatories"):
        if (name := _text_at(item, "party")) is None:
            continue
        field = f"signatories[{index}].party"
        party_id = names.resolve(name, on) or next(
            (pid for pid in names.candidates(name, on) if pid in ids), None
        )
        if party_id is None:
            collector.add("unknown-party", field, value=name, hint=names.hint(name))
        elif party_id not in ids and ids:
            collector.add("signatory-party", field, value=name, allowed=", ".join(ids.values()))
    for index, item in _items(data, "attendees"):
        if (name := _text_at(item, "party")) is not None and not names.candidates(name, on):
            field = f"attendees[{index}].party"
            collector.add("unknown-party", field, value=name, hint=names.hint(name))
    for field, target in _agreement_links(data):
        if target == stem:
            collector.add("self-reference", field, value=target, expected=_AGREEMENT_SLUG)
        elif is_slug(target) and target not in slugs:
            collector.add("dangling-reference", field, value=target, expected=_AGREEMENT_SLUG)
    for index, item in _items(data, "related"):
        number = _text_at(item, "number")
        if number and not _text_at(item, "slug") and numbers.get(number, stem) != stem:
            collector.add(
                "reference-has-record",
                f"related[{index}].number",
                number=number,
                slug=numbers[number],
                severity=Severity.WARNING,
            )
    for index, item in _items(data, "documents"):
        path = _text_at(item, "file")
        if path is not None and is_safe_file_path(path) and path not in files:
            collector.add("missing-attachment", f"documents[{index}].file", value=path)
    record = entry.record
    if record is None or len(collector.found) > errors_before:
        return None

    def party_of(name: str) -> str | None:
        return names.resolve(name, on) or next(
            (pid for pid in names.candidates(name, on) if pid in ids), None
        )

    signatories = tuple(
        replace(s, party=party_of(s.party)) if s.party else s for s in record.signatories
    )
    attendees = tuple(
        replace(a, party=party_of(a.party)) if a.party else a for a in record.attendees
    )
    organs = {pid: record.organs[name] for pid, name in ids.items() if name in record.organs}
    return replace(
        record,
        parties=tuple(ids),
        organs=MappingProxyType(organs),
        signatories=signatories,
        attendees=attendees,
    )


def _check_signed_together(
    valid: Mapping[str, Agreement], entries: Mapping[str, Entry[Agreement]]
) -> None:
    """Records signed together (`signed-with`) should give the same signing date."""
    for slug, agreement in valid.items():
        for index, related in enumerate(agreement.related):
            other = valid.get(related.slug or "")
            if related.rel is Relation.SIGNED_WITH and other and other.signed != agreement.signed:
                entries[slug].collector.add(
                    "signed-with-differs",
                    f"related[{index}].slug",
                    slug=other.slug,
                    signed=agreement.signed,
                    other=other.signed,
                    severity=Severity.WARNING,
                )


_WHAT = {
    "agreements": phrase("references.agreement"),
    "parties": phrase("references.party"),
    "pages": phrase("references.page"),
}


def _check_body_links(
    source: SourceFile, collector: Collector, targets: Mapping[str, set[str]]
) -> None:
    """Each link of a body to a record names one that exists; `@/` names a record."""
    for link in body_links(source.body):
        line = source.body_line + link.offset
        if link.section is None or link.slug is None:
            if link.written.startswith(PREFIX):
                collector.add("bad-internal-link", "body", line=line, value=link.written)
            continue
        known = targets[link.section]
        if link.slug in known:
            continue
        close = difflib.get_close_matches(link.slug, sorted(known), n=3, cutoff=0.5)
        nearest = ", ".join(f"@/{link.section}/{slug}" for slug in close) or phrase(
            "references.none_close"
        )
        collector.add(
            "dangling-link",
            "body",
            line=line,
            value=link.written,
            what=_WHAT[link.section],
            nearest=nearest,
        )


def _agreement_links(data: dict) -> list[tuple[str, str]]:
    """(field path, slug) of every agreement a file's front matter names: its relations
    and the other records its events concern."""
    links = [(f"related[{i}].slug", _text_at(item, "slug")) for i, item in _items(data, "related")]
    for i, event in _items(data, "events"):
        raw = event.get("concerns") if isinstance(event, dict) else None
        for j, item in enumerate(raw if isinstance(raw, list) else ()):
            links.append((f"events[{i}].concerns[{j}]", _text_at(item)))
    return [(field, target) for field, target in links if target is not None]


_AGREEMENT_SLUG = phrase(
    "references.slug_another_agreement_file_name",
)
_PARTY_ID = phrase(
    "references.id_party_file_name_content",
)


def _party_links(data: dict) -> list[tuple[str, str]]:
    """(field path, party id) for every well-formed reference in a party's front matter."""
    links = [(field, _text_at(data, field)) for field in ("parent", "succeeded_by")]
    links += [(f"members[{index}]", _text_at(item)) for index, item in _items(data, "members")]
    return [(field, target) for field, target in links if target and is_slug(target)]


def _check_party_links(entry: Entry[Party], parties: set[str]) -> None:
    for field, target in _party_links(entry.source.data):
        if target == entry.source.stem:
            entry.collector.add("self-reference", field, value=target, expected=_PARTY_ID)
        elif target not in parties:
            nearest = party_names.nearest_ids(target, parties - {entry.source.stem})
            expected = phrase("references.what_nearest", what=_PARTY_ID, nearest=nearest)
            entry.collector.add("dangling-reference", field, value=target, expected=expected)


def _report_cycles(
    edges: Mapping[str, list[tuple[str, str]]], collectors: Mapping[str, Collector]
) -> None:
    """Report each cycle once, at the reference that closes it (iterative: chains can be long)."""
    state: dict[str, int] = {}
    for root in sorted(edges):
        if root in state:
            continue
        path = [root]
        state[root] = 1
        stack = [iter(edges[root])]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            target, field = step
            if target == path[-1] or target not in edges:
                continue
            if state.get(target) == 1:
                cycle = " → ".join([*path[path.index(target) :], target])
                relation = field.split("[")[0].split(".")[0]
                collectors[path[-1]].add("reference-cycle", field, relation=relation, cycle=cycle)
            elif target not in state:
                state[target] = 1
                path.append(target)
                stack.append(iter(edges[target]))


def _warn_unused(
    parties: Mapping[str, Entry[Party]], agreements: list[Entry[Agreement]], names: PartyNames
) -> None:
    """Warn about parties that no agreement names and that no party links to or from.

    Raw front matter is read, so a file with other errors does not add a false warning.
    """
    used: set[str] = set()
    for agreement_entry in agreements:
        used.update(_raw_ids(agreement_entry.source.data.get("parties"), names.resolve))
    for party_id, entry in parties.items():
        if links := [target for _, target in _party_links(entry.source.data)]:
            # A body placed in a hierarchy or a group belongs on the register's map.
            used.update([party_id, *links])
    for party_id, entry in parties.items():
        if party_id not in used:
            entry.collector.add("party-unused", "file", line=1, severity=Severity.WARNING)


def _raw_ids(raw: object, resolve: Callable[[str], str | None]) -> Iterable[str]:
    for item in raw if isinstance(raw, list) else ():
        if (name := _party_at(item)) is not None and (party_id := resolve(name)):
            yield party_id
