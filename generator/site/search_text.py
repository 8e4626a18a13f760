"""What the search index holds for each page (an agreement, a party, a province), made
from the model; `search` gives it to Pagefind."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator.content import fields as f
from generator.content.register import Register
from generator.content.schema import AGREEMENT_TABLE
from generator.core.context import Context
from generator.core.model import Agreement, Party
from generator.core.vietnamese import fold, spelled
from generator.site.exports import Place, anchor_date
from generator.site.markup import folded, summary


@dataclass(frozen=True)
class SearchDocument:
    """What the search index holds for one page: an agreement, a party or a province."""

    url: str
    title: str
    """Text weighted as a heading: the title, folded and spelled."""
    names: str
    """Every name of every party, folded and spelled."""
    text: str
    """Document number, summary, topics, place and body, folded and spelled."""
    meta: Mapping[str, str]
    """Shown in results, as display text: `type` (agreement, party or province), title, and
    for an agreement its parties, signed date and status, for the others a `detail` line."""
    language: str
    """Language the record is written in (site.yaml's `content_language`), a BCP 47 tag."""
    facets: str = ""
    """Filter words, one per facet value (`zzkindprogram zzyear2022 zzstatusinforce
    zztopictuyentruyen`); none for a party or a province, so that a filtered search lists
    agreements only."""
    signed: str = ""
    """Sort key for filter-only searches: the signing date, ISO form."""


def searchable(text: str) -> str:
    """The two forms the index keeps: folded (matches any spelling) and spelled (exact)."""
    return f"{fold(text)} {spelled(text)}"


def facet_word(facet: str, value: str) -> str:
    """A filter as a word of the index: Pagefind's own filters are written in an order that
    changes from build to build, so kind, year, status and topic are searched as words
    instead. Pagefind also finds words that merely start with a query's word, so no filter
    word may start another (topic `can-bo` and `can-bo-cong-doan`, part 1 and part 10): the
    value's ASCII letters and digits are kept, `x` doubled, a hyphen written `xh`, and `xe`
    ends the word (`search.js` `facetWord` writes the same)."""
    kept = (ch for ch in value.lower() if ch == "-" or (ch.isascii() and ch.isalnum()))
    return f"zz{facet}{''.join(_FACET_ESCAPES.get(ch, ch) for ch in kept)}xe"


_FACET_ESCAPES = {"x": "xx", "-": "xh"}


SEARCHED = f.shown_on(AGREEMENT_TABLE, "search")
"""The fields whose words the search index holds as an agreement's text, in order (the
title, the parties' names and the body have weights of their own)."""

Words = Callable[[Agreement, Register, str], Sequence[str | None]]


def _value_words(agreement: Agreement, register: Register, name: str) -> Sequence[str | None]:
    """A field's value as written: its text, or each text of a list."""
    value = getattr(agreement, name)
    return value if isinstance(value, tuple | list) else [value]


def _topic_words(agreement: Agreement, register: Register, name: str) -> Sequence[str | None]:
    """Its topics' labels, and any other spelling the record writes them in."""
    topics = [register.topic_names[key] for key in register.topics.of(agreement)]
    return topics + [topic for topic in agreement.topics if topic not in topics]


SEARCH_WORDS: Mapping[str, Words] = {
    "summary": lambda agreement, register, name: [summary(agreement)],
    "topics": _topic_words,
}
"""The words of a searched field that are not its value as written."""


def search_documents(
    register: Register, context: Context, *, describe: Callable[[Agreement], Mapping[str, str]]
) -> list[SearchDocument]:
    """One search document per published agreement; display texts come from the caller."""
    documents = []
    for agreement in register.agreements.values():
        names = [
            name for party_id in agreement.parties for name in register.parties[party_id].names
        ] + list(agreement.organs.values())
        facts = " ".join(
            word
            for entry in SEARCHED
            for word in SEARCH_WORDS.get(entry.name, _value_words)(agreement, register, entry.name)
            if word
        )
        documents.append(
            SearchDocument(
                url=context.urls.url_for("agreement", agreement.slug),
                title=searchable(agreement.title),
                names=searchable(" ".join(names)),
                # The body folded only: spelled too, it doubled what Pagefind holds in memory
                # (3.9 GB at 10,000 agreements) for a ranking the title, names and summary
                # already give.
                text=f"{searchable(facts)} {folded(agreement.body)}",
                meta=describe(agreement),
                facets=" ".join(
                    (
                        facet_word("kind", agreement.kind.value),
                        *(
                            [facet_word("year", str(year))]
                            if (year := agreement.signed.certain_year) is not None
                            else []
                        ),
                        facet_word("status", register.statuses[agreement.slug].value),
                        *(facet_word("topic", key) for key in register.topics.of(agreement)),
                    )
                ),
                signed=str(anchor) if (anchor := anchor_date(agreement.signed)) else "",
                language=context.config.content_language,
            )
        )
    return documents


def party_documents(
    register: Register, context: Context, *, describe: Callable[[Party], Mapping[str, str]]
) -> list[SearchDocument]:
    """One search document per party page: its names weigh as a title, its province and
    description as text, so "lien doan lao dong ha noi" finds the federation itself."""
    return [
        SearchDocument(
            url=context.urls.url_for("party", party.id),
            title=searchable(party.name),
            names=searchable(" ".join(name for name in party.names if name != party.name)),
            text=searchable(" ".join(filter(None, (party.province, party.body)))),
            meta=describe(party),
            language=context.config.content_language,
        )
        for party in register.parties.values()
    ]


def place_documents(
    places: Iterable[Place], context: Context, *, describe: Callable[[Place], Mapping[str, str]]
) -> list[SearchDocument]:
    """One search document per province page, found by its name and by the names of the
    provinces merged into it on 1/7/2025 ("Quảng Bình" finds Quảng Trị's page)."""
    return [
        SearchDocument(
            url=context.urls.url_for("province", place.key),
            title=searchable(place.full),
            names=searchable(" ".join(place.merged_from)),
            text="",
            meta=describe(place),
            language=context.config.content_language,
        )
        for place in places
    ]
