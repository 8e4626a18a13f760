"""Across files: resolve party names, check every reference, report what points nowhere.

Checks read each file's raw front matter as well as its record, so a file with
other mistakes still has its references reported in the same run.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from generator.diagnostics import Collector, Severity
from generator.fields import is_safe_file_path
from generator.model import Agreement, Page, Party
from generator.slugs import is_slug
from generator.sources import SourceFile
from generator.vietnamese import fold

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


class PartyNames:
    """Every way a party can be named, folded, mapped to its id."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._titles: dict[str, str] = {}

    def add(self, name: str, party_id: str) -> str | None:
        """Register a name; return the other party's id if the name already means another."""
        key = fold(name)
        owner = self._ids.setdefault(key, party_id)
        if name != party_id:
            self._titles.setdefault(party_id, name)
        return owner if owner != party_id else None

    def resolve(self, name: str) -> str | None:
        """The id a name refers to, if any."""
        return self._ids.get(fold(name))

    def hint(self, name: str) -> str:
        """What to write instead of an unknown name: the ids and names of the closest parties."""
        close = difflib.get_close_matches(fold(name), list(self._ids), n=12, cutoff=0.5)
        nearest = list(dict.fromkeys(self._ids[key] for key in close))[:3]
        if not nearest:
            return "the id, name, short name or alias of a party in content/parties/"
        listed = ", ".join(
            f"{party_id} ({self._titles[party_id]})" if party_id in self._titles else party_id
            for party_id in nearest
        )
        return f"the id, name, short name or alias of a party; nearest: {listed}"


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
    party_entries = _unique(parties, "party id")
    names = _party_names(parties)
    agreement_entries = _unique(agreements, "slug")
    known_slugs = set(agreement_entries)
    known_ids = set(party_entries)
    for section, stem in unreadable:
        if section == "parties":
            names.add(stem, stem)
            known_ids.add(stem)
        elif section == "agreements":
            known_slugs.add(stem)
    redirects = _aliases(agreements, agreement_entries)
    page_entries = _unique(pages, "slug")
    resolved: dict[str, Agreement] = {}
    for entry in agreement_entries.values():
        record = _resolve(entry, names, known_slugs, files)
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
            slug: [(r.slug, f"related[{i}].slug") for i, r in enumerate(agreement.related)]
            for slug, agreement in valid.items()
        },
        {slug: agreement_entries[slug].collector for slug in valid},
    )
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


def _unique(entries: list[Entry[T]], what: str) -> dict[str, Entry[T]]:
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
        for field, name in _names_of(entry):
            other = names.add(name, entry.source.stem)
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
            entry.collector.add("duplicate-slug", field, what="alias", value=alias, other=other)
    return redirects


def _items(data: dict, key: str) -> list[tuple[int, object]]:
    """Indexed items of a raw front-matter list (empty if it is not a list)."""
    raw = data.get(key)
    return list(enumerate(raw)) if isinstance(raw, list) else []


def _text_at(item: object, key: str | None = None) -> str | None:
    """A raw item's text (or its `key` field's text), if it is text at all."""
    value = item.get(key) if isinstance(item, dict) and key else item
    return value.strip() if isinstance(value, str) and value.strip() else None


def _resolve(
    entry: Entry[Agreement],
    names: PartyNames,
    slugs: set[str],
    files: frozenset[str],
) -> Agreement | None:
    """Check an agreement's references to other files; the record with ids, if all hold.

    The raw front matter is checked, so a file with other mistakes still has its
    references reported in the same run.
    """
    data, collector, stem = entry.source.data, entry.collector, entry.source.stem
    errors_before = len(collector.found)
    ids: dict[str, str] = {}
    for index, item in _items(data, "parties"):
        if (name := _text_at(item)) is None:
            continue
        party_id = names.resolve(name)
        if party_id is None:
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
        party_id = names.resolve(name)
        if party_id is None:
            collector.add("unknown-party", field, value=name, hint=names.hint(name))
        elif party_id not in ids and ids:
            collector.add("signatory-party", field, value=name, allowed=", ".join(ids.values()))
    for index, item in _items(data, "related"):
        target = _text_at(item, "slug")
        field = f"related[{index}].slug"
        if target == stem:
            collector.add("self-reference", field, value=target, expected=_AGREEMENT_SLUG)
        elif target is not None and is_slug(target) and target not in slugs:
            collector.add("dangling-reference", field, value=target, expected=_AGREEMENT_SLUG)
    for index, item in _items(data, "documents"):
        path = _text_at(item, "file")
        if path is not None and is_safe_file_path(path) and path not in files:
            collector.add("missing-attachment", f"documents[{index}].file", value=path)
    record = entry.record
    if record is None or len(collector.found) > errors_before:
        return None
    signatories = tuple(
        replace(s, party=names.resolve(s.party)) if s.party else s for s in record.signatories
    )
    return replace(record, parties=tuple(ids), signatories=signatories)


_AGREEMENT_SLUG = "the slug of another agreement (its file name without .md)"
_PARTY_ID = "the id of a party (its file name in content/parties/ without .md)"


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
            entry.collector.add("dangling-reference", field, value=target, expected=_PARTY_ID)


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
    for name in raw if isinstance(raw, list) else ():
        if isinstance(name, str) and (party_id := resolve(name)):
            yield party_id
