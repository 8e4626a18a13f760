"""The register as the list page's script sorts and filters it (one compact JSON file)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from generator.content.register import STATUS_LISTS, Register, status_list
from generator.content.timing import Standing
from generator.core.collation import sort_key
from generator.core.context import Context
from generator.core.dates import RecordDate
from generator.core.model import Agreement, Party, Period, Status
from generator.core.urls import Urls
from generator.site.exports import Place, Speaker, stated_date, status_list_name

STATUS_ORDER: tuple[Status, ...] = tuple(
    dict.fromkeys(status for members in STATUS_LISTS.values() for status in members)
)
"""How the list sorts by status: in the order of the status lists (in force first)."""


def _shown_date(speaker: Speaker, value: RecordDate) -> dict[str, str]:
    """A date as the table's date macro shows it: its text (`x`), then the machine-readable
    form of a stated date (`d`) or else its certainty (`c`), and the editor's reason (`r`)
    when given."""
    stated = stated_date(value)
    shown = {"x": speaker.date(value)}
    shown.update({"d": stated} if stated is not None else {"c": str(value.certainty)})
    if value.reason:
        shown["r"] = value.reason
    return shown


def _shown_end(speaker: Speaker, period: Period | None) -> dict[str, str] | None:
    """A term's end as the table shows it (`_shown_date`), `không thời hạn` for a term
    without end; None when not known."""
    if period is not None and period.indefinite:
        return {"x": speaker.strings["dates"]["indefinite"], "c": "indefinite"}
    return _shown_date(speaker, period.end) if period and period.end else None


def _signed_key(value: RecordDate) -> str | None:
    """The signing date as a string that sorts as the register does (`RecordDate.sort_key`:
    the date or its bound, a coarser date before finer ones); None when unknown."""
    known, day, precision = value.sort_key
    return None if known else f"{day.isoformat()}.{precision}"


def _end_key(period: Period | None) -> str | None:
    """The last day a term may run to; None when the end is not known."""
    end = period.end.latest if period is not None and period.end is not None else None
    return None if end is None else end.isoformat()


def _unsettled(standing: Standing) -> dict[str, Any]:
    """For a status the dates do not settle: `sm` (shown as "có thể …") and `ls`, every
    status list the agreement may belong to; nothing for a settled one."""
    if standing.sure:
        return {}
    lists = [name for name, members in STATUS_LISTS.items() if standing.member(members)]
    return {"sm": 1, "ls": [name for name in lists if name != "ending-soon"]}


def _party_mark(speaker: Speaker, party: Party, labelled: bool) -> dict[str, str] | None:
    """What the table writes after a party's name: that it has ceased, or since when it
    exists unless its label already says so (`labelled`; the `ceased_mark` macro)."""
    words = speaker.strings["parties"]
    if party.dissolved:
        help_text = words["ceased_help"].format(date=speaker.date(party.dissolved))
        return {"c": "ceased", "x": f"({words['ceased']})", "h": help_text}
    if party.founded and not labelled:
        since = words["since"].format(date=speaker.date(party.founded))
        return {"c": "muted", "x": f"({since})"}
    return None


def agreement_list(
    register: Register, context: Context, speaker: Speaker, places: Iterable[Place]
) -> dict[str, Any]:
    """The register for the list page's script to sort and filter: display text already
    written as the table writes it, and keys that sort as the generator sorts.

    `kinds`, `statuses` (in `STATUS_ORDER`, each with the status list it is browsed under),
    `ending_soon` and `parties` (`i` its id, for the `?party=` filter, `n` its label, `u`
    its page) are tables the rows refer to; `words` are the table's own
    (its columns' labels, "ends", "not known", "why"). Each row, in the register's order:
    `u` its address, `t` its title, `o` its rank in Vietnamese alphabetical order of titles,
    `k` its kind, `p` its parties (indexes into `parties`; `og` the organ each signed
    through, when one did), `s` and `sk` its signing date
    shown and as a sort key, `e` and `ek` its term's end shown and as a sort key (null when
    not known), `st` its status (with `sm` and `ls` when its dates do not settle it:
    `_unsettled`), `es` whether it ends soon (0 no, 1 possibly, 2 surely), `y` the year it
    was surely signed in (null when not settled), `pr` the keys of the province pages that
    list it and `tp` the keys of its topics (`/topics/<key>/`).
    """
    words = speaker.strings
    urls = context.urls
    agreements = list(register.agreements.values())
    titled = sorted(agreements, key=lambda a: (sort_key(a.title), a.slug))
    rank = {a.slug: index for index, a in enumerate(titled)}
    provinces: dict[str, list[str]] = {a.slug: [] for a in agreements}
    for place in places:
        for agreement in place.agreements:
            provinces[agreement.slug].append(place.key)
    signing = [party_id for party_id in register.parties if party_id in register.by_party]
    index = {party_id: number for number, party_id in enumerate(signing)}
    return {
        "kinds": {kind: words["kinds"][kind] for kind in register.by_kind},
        "statuses": _statuses(words, urls),
        "ending_soon": {
            "label": status_list_name(words, "ending-soon"),
            "maybe": status_list_name(words, "ending-soon", maybe=True),
            "url": urls.url_for("status", "ending-soon"),
        },
        "parties": [_party(register, speaker, urls, party_id) for party_id in signing],
        "words": {
            "labels": {
                name: words["table"][name]
                for name in ("title", "kind", "parties", "signed", "status")
            },
            "ends": words["table"]["ends"],
            "no_end": words["table"]["no_end"],
            "why": words["dates"]["why"],
        },
        "rows": [
            _row(register, speaker, urls, a, rank[a.slug], index, provinces[a.slug])
            for a in agreements
        ],
    }


def _statuses(words: Mapping[str, Any], urls: Urls) -> list[dict[str, str]]:
    """Each status, in the list's order, with its words and the list it is browsed under."""
    return [
        {
            "code": status.value,
            "label": words["statuses"][status],
            "maybe": words["statuses_maybe"][status],
            "list": status_list(status),
            "url": urls.url_for("status", status_list(status)),
        }
        for status in STATUS_ORDER
    ]


def _party(register: Register, speaker: Speaker, urls: Urls, party_id: str) -> dict[str, Any]:
    """A signing party as the rows refer to it: its id, label, page and mark."""
    party = register.parties[party_id]
    entry: dict[str, Any] = {
        "i": party_id,
        "n": speaker.party_label(party_id, short=True),
        "u": urls.url_for("party", party_id),
    }
    if (mark := _party_mark(speaker, party, party_id in register.same_named)) is not None:
        entry["m"] = mark
    return entry


def _row(
    register: Register,
    speaker: Speaker,
    urls: Urls,
    a: Agreement,
    rank: int,
    index: Mapping[str, int],
    provinces: list[str],
) -> dict[str, Any]:
    """One agreement's row (the keys are `agreement_list`'s)."""
    return {
        "u": urls.url_for("agreement", a.slug),
        "t": a.title,
        "o": rank,
        "k": a.kind.value,
        "p": [index[party_id] for party_id in a.parties],
        **({"og": [a.organs.get(p) for p in a.parties]} if a.organs else {}),
        "s": _shown_date(speaker, a.signed),
        "sk": _signed_key(a.signed),
        "e": _shown_end(speaker, a.period),
        "ek": _end_key(a.period),
        "st": register.statuses[a.slug].value,
        **_unsettled(register.standings[a.slug]),
        "es": int(register.ending_soon(a)),
        "y": a.signed.certain_year,
        "pr": provinces,
        "tp": list(register.topics.of(a)),
    }


def compact_json(value: Any) -> str:
    """JSON for a script to fetch: UTF-8 text, no spaces, keys in the order built."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
