"""Structured data for an agreement page: schema.org `Legislation` as JSON-LD."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.content import fields as f
from generator.content.register import Register
from generator.content.schema import AGREEMENT_TABLE
from generator.core.context import Context
from generator.core.model import Agreement
from generator.site.exports import address, iso_date, stated_date
from generator.site.markup import summary

LEGAL_FORCE = {"in-force": "InForce", "expired": "NotInForce", "terminated": "NotInForce"}
"""schema.org LegalForceStatus for the statuses that have one (superseded is told apart)."""


@dataclass(frozen=True)
class _Linked:
    """What the schema.org properties of one agreement are made from."""

    register: Register
    context: Context
    agreement: Agreement
    kind_label: str


def _period(linked: _Linked) -> dict[str, Any]:
    period = linked.agreement.period
    if period and (period.start or period.end):
        start, end = (stated_date(d) for d in (period.start, period.end))
        if start or end:
            return {"temporalCoverage": f"{start or '..'}/{end or '..'}"}
    return {}


def _status(linked: _Linked) -> dict[str, Any]:
    status = linked.register.statuses[linked.agreement.slug].value
    return {"legislationLegalForce": LEGAL_FORCE[status]} if status in LEGAL_FORCE else {}


PROPERTIES: Mapping[str, Callable[[_Linked], dict[str, Any]]] = {
    "title": lambda linked: {"name": linked.agreement.title},
    "kind": lambda linked: {"legislationType": linked.kind_label},
    "parties": lambda linked: {
        "legislationPassedBy": [
            {
                "@type": "Organization",
                "name": linked.register.parties[p].name,
                "url": address(linked.context.urls, "party", p),
            }
            for p in linked.agreement.parties
        ]
    },
    "signed": lambda linked: {"legislationDate": stated_date(linked.agreement.signed)},
    "period": _period,
    "status": _status,
    "summary": lambda linked: {"description": summary(linked.agreement) or None},
    "place": lambda linked: (
        {"locationCreated": {"@type": "Place", "name": linked.agreement.place}}
        if linked.agreement.place
        else {}
    ),
    "topics": lambda linked: {
        "keywords": [
            linked.register.topic_names[key] for key in linked.register.topics.of(linked.agreement)
        ]
        or None
    },
    "sources": lambda linked: {
        "citation": [
            {"@type": "CreativeWork", "name": s.title or s.publisher, "url": s.url}
            for s in linked.agreement.sources
        ]
        or None
    },
    "updated": lambda linked: {
        "dateModified": iso_date(linked.register.last_updated(linked.agreement))
    },
}
"""The schema.org properties each field shown in the page's structured data makes
(`json_ld=True` in the agreement table; a test holds the two to each other)."""

LINKED = f.shown_on(AGREEMENT_TABLE, "json_ld")


def json_ld(
    register: Register, context: Context, agreement: Agreement, kind_label: str
) -> dict[str, Any]:
    """schema.org `Legislation` for an agreement page (see the issue note for why that type):
    the register's and the page's own properties, then those of each field it shows."""
    urls = context.urls
    # Who keeps the register publishes its records (schema.org `publisher`).
    name = context.config.publisher
    publisher = {"@type": "Organization", "name": name} if name else None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "url": address(urls, "agreement", agreement.slug),
        "inLanguage": context.config.content_language,
        "publisher": publisher,
        "isPartOf": {
            "@type": "WebSite",
            "name": context.config.title,
            "url": address(urls, "home"),
            "publisher": publisher,
        },
        "encoding": {
            "@type": "MediaObject",
            "encodingFormat": "application/json",
            "contentUrl": address(urls, "agreement_data", agreement.slug),
        },
    }
    linked = _Linked(register, context, agreement, kind_label)
    for entry in LINKED:
        data.update(PROPERTIES[entry.name](linked))
    return _without_nulls(data)


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value
