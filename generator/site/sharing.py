"""Structured data for an agreement page: schema.org `Legislation` as JSON-LD."""

from __future__ import annotations

from typing import Any

from generator.core.context import Context
from generator.site.exports import address, iso_date, stated_date
from generator.site.markup import summary
from generator.core.model import Agreement
from generator.content.register import Register

LEGAL_FORCE = {"in-force": "InForce", "expired": "NotInForce", "terminated": "NotInForce"}
"""schema.org LegalForceStatus for the statuses that have one (superseded is told apart)."""


def json_ld(
    register: Register, context: Context, agreement: Agreement, kind_label: str
) -> dict[str, Any]:
    """schema.org `Legislation` for an agreement page (see the issue note for why that type)."""
    urls = context.urls
    status = register.statuses[agreement.slug].value
    # Who keeps the register publishes its records (schema.org `publisher`).
    name = context.config.publisher
    publisher = {"@type": "Organization", "name": name} if name else None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "url": address(urls, "agreement", agreement.slug),
        "name": agreement.title,
        "description": summary(agreement) or None,
        "inLanguage": context.config.content_language,
        "legislationType": kind_label,
        "legislationDate": stated_date(agreement.signed),
        "legislationPassedBy": [
            {
                "@type": "Organization",
                "name": register.parties[p].name,
                "url": address(urls, "party", p),
            }
            for p in agreement.parties
        ],
        "dateModified": iso_date(register.last_updated(agreement)),
        "keywords": [register.topic_names[key] for key in register.topics.of(agreement)] or None,
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
        "citation": [
            {"@type": "CreativeWork", "name": s.title or s.publisher, "url": s.url}
            for s in agreement.sources
        ]
        or None,
    }
    if agreement.period and (agreement.period.start or agreement.period.end):
        start, end = (stated_date(d) for d in (agreement.period.start, agreement.period.end))
        if start or end:
            data["temporalCoverage"] = f"{start or '..'}/{end or '..'}"
    if status in LEGAL_FORCE:
        data["legislationLegalForce"] = LEGAL_FORCE[status]
    if agreement.place:
        data["locationCreated"] = {"@type": "Place", "name": agreement.place}
    return _without_nulls(data)


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value
