"""The site's files besides its pages, made from the renderer: the open data (each record's
JSON, /data/'s files) and the data page's values, the full list's index, the feeds, the
calendars, the sitemap and robots.txt. Each comes as (path, text); `build()` writes them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from generator.core.interface import column_words, field_words
from generator.core.urls import DATA_FILES, path_for
from generator.site import calendars, datapackage, exports, feeds, listing, markup
from generator.site.pages import AGREEMENT_DATA, AgreementData, DataView, Planned, sitemap_paths
from generator.site.render import Renderer


def data_pieces(renderer: Renderer) -> list[Planned]:
    """Each agreement's JSON file (`/agreements/<slug>.json`), planned as a page is: it is
    made in the workers, and linked from the previous site when its record and what it
    asked of the register are the same (`build._render_pages`)."""
    return [
        Planned(path_for("agreement_data", a.slug), AGREEMENT_DATA, AgreementData(a), listed=False)
        for a in renderer.register.agreements.values()
    ]


STREAMED = ("agreements.json", "agreements.csv", exports.SPREADSHEET_FILE)
"""The files of /data/ with a row for every agreement, written row by row, never held
whole: the first two as each agreement's JSON file is made (`exports.JsonArray`,
`exports.AgreementsCsv`), the spreadsheet after (`exports.write_spreadsheet`)."""


def data_files(renderer: Renderer) -> dict[str, str]:
    """Path → text of the files of /data/ but those `STREAMED`."""
    register, context = renderer.register, renderer.context
    parties = [exports.party_record(register, context, p) for p in register.parties.values()]
    files = {}
    for name, value in (
        ("parties.json", parties),
        ("topics.json", exports.topic_records(register, context)),
        ("agreement.schema.json", datapackage.AGREEMENT_SCHEMA),
        ("party.schema.json", datapackage.PARTY_SCHEMA),
        ("topic.schema.json", datapackage.TOPIC_SCHEMA),
        ("datapackage.json", datapackage.datapackage(register, context, renderer.strings)),
    ):
        text = value if isinstance(value, str) else exports.to_json(value)
        files[path_for("data_file", name)] = text
    return files


def agreement_list(renderer: Renderer, places: Sequence[exports.Place]) -> str:
    """The rows the full list's script sorts and filters, as the table shows them."""
    register, context = renderer.register, renderer.context
    rows = listing.agreement_list(register, context, renderer, places)
    return listing.compact_json(rows)


def data_page(
    renderer: Renderer,
    data: Mapping[str, str],
    sizes: Mapping[str, int],
    first_row: Mapping[str, str],
) -> Planned:
    """/data/: the spreadsheet for people first, then every download with its size and
    every field explained with an example (`data` from `data_files`, the `STREAMED` files'
    `sizes` in bytes by name, the spreadsheet's `first_row`, header → cell)."""
    register, context = renderer.register, renderer.context
    strings = renderer.strings
    first = next(iter(register.agreements.values()), None)
    agreement = exports.agreement_record(register, context, first) if first else {}
    party = next(iter(register.parties.values()), None)
    sizes = {
        name: sizes[name] if name in STREAMED else len(data[path_for("data_file", name)].encode())
        for name in DATA_FILES
    }
    columns = column_words(strings, "agreement", "spreadsheet")
    return Planned(
        path_for("data"),
        "data/page.html",
        DataView(
            files=list(sizes.items()),
            spreadsheet=(exports.SPREADSHEET_FILE, sizes[exports.SPREADSHEET_FILE]),
            spreadsheet_columns=[
                (
                    n,
                    columns[n]["header"],
                    columns[n]["meaning"],
                    first_row.get(columns[n]["header"], ""),
                )
                for n in exports.SPREADSHEET_COLUMNS
            ],
            example_path=context.urls.url_for("agreement_data", first.slug) if first else None,
            agreement_fields=fields_table(
                field_words(strings, "agreement", "data"), exports.AGREEMENT_KEYS, agreement
            ),
            party_fields=fields_table(
                field_words(strings, "party", "data"),
                exports.PARTY_KEYS,
                exports.party_record(register, context, party) if party else {},
            ),
            topic_fields=fields_table(
                field_words(strings, "topic", "data"),
                exports.TOPIC_KEYS,
                next(iter(exports.topic_records(register, context)), {}),
            ),
            csv_fields=fields_table(
                column_words(strings, "agreement", "csv"),
                [column.name for column in exports.CSV_FIELDS],
                exports.csv_row(agreement) if agreement else {},
            ),
        ),
    )


MARKDOWN_KEYS = frozenset({"body", "description"})
"""Record keys whose text is the editor's Markdown (an agreement's body, a party's
description): the data page's example shows it as read, not its `**` marks."""


def fields_table(
    docs: dict[str, str], names: Sequence[str], example: dict[str, Any]
) -> list[tuple[str, str, str]]:
    """(field, meaning, example as JSON) for a documentation table, in the field table's
    order (vi.yaml explains each; a test holds that it explains exactly these)."""
    return [
        (name, docs[name], shown_example(example.get(name), name in MARKDOWN_KEYS))
        for name in names
    ]


def shown_example(value: Any, markdown: bool = False) -> str:
    if value in (None, "", [], {}):
        return ""
    if markdown and isinstance(value, str):
        value = markup.first_paragraph_text(value) or ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:159] + "…"


def feed_files(renderer: Renderer) -> list[tuple[str, str]]:
    """Atom feeds of the whole register and of each party (for feed readers: a person is
    sent to /follow/, which says how to use them)."""
    register, context = renderer.register, renderer.context
    titles = renderer.strings["feeds"]
    kinds = renderer.strings["kinds"]
    site = context.config.title
    made = [
        feeds.feed(
            register,
            context,
            path_for("feed"),
            "home",
            (),
            register.agreements,
            titles["site"].format(site=site),
            kinds,
        )
    ]
    for party in register.parties.values():
        made.append(
            feeds.feed(
                register,
                context,
                path_for("party_feed", party.id),
                "party",
                (party.id,),
                register.by_party.get(party.id, ()),
                titles["party"].format(party=renderer.party_label(party.id), site=site),
                kinds,
            )
        )
    return [(feed.path, renderer.render("feed.xml", feed.path, {"feed": feed})) for feed in made]


def calendar_files(
    renderer: Renderer,
    known: Mapping[str, str] | None = None,
    keep: dict[str, str] | None = None,
) -> list[tuple[str, str]]:
    """The calendars of term ends and review deadlines: the register's, and each party's
    that has an event (RFC 5545 wants at least one in a calendar). An event's text is
    taken from `known` (by the digest of the event, from the last build) when it is there,
    and every text is put in `keep` (for the next build)."""
    known = known or {}
    keep = {} if keep is None else keep
    words = renderer.strings["calendar"]
    site = renderer.context.config.title
    made: list[tuple[str, str, str | None]] = [
        (path_for("calendar"), words["name"].format(site=site), None)
    ]
    for party in renderer.register.parties.values():
        name = words["party_name"].format(party=renderer.party_label(party.id), site=site)
        made.append((path_for("party_calendar", party.id), name, party.id))
    texts: dict[str, str] = {}  # uid → VEVENT: each event is written once
    files = []
    for path, name, party_id in made:
        events = renderer.calendar_events(party_id)
        if events or party_id is None:
            blocks = []
            for event in events:
                if event.uid not in texts:
                    key = renderer.digests.of(event).hex()
                    texts[event.uid] = keep[key] = known.get(key) or calendars.event_text(event)
                blocks.append(texts[event.uid])
            text = calendars.calendar_text(name, words["description"], blocks)
            files.append((path, text))
    return files


def sitemap_files(renderer: Renderer, pages: list[Planned]) -> list[tuple[str, str]]:
    """sitemap.xml of full addresses, named in robots.txt; neither without a host, as the
    protocol wants full addresses (`load` notes why)."""
    urls = renderer.context.urls
    sitemap = urls.absolute("sitemap")
    files = []
    if sitemap:
        locations = [urls.origin + urls.link(path) for path in sitemap_paths(pages)]
        files.append(
            ("sitemap.xml", renderer.render("sitemap.xml", "sitemap.xml", {"locations": locations}))
        )
    files.append(("robots.txt", renderer.render("robots.txt", "robots.txt", {"sitemap": sitemap})))
    return files
