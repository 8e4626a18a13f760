"""Where each field is shown comes from its table entry (`fields.Shown`): the facts table,
the page's structured data, the search text and the spreadsheet loop over the table, and a
field that no surface shows must say why (`hidden=`)."""

from __future__ import annotations

import json
import re

import pytest

from generator.content import fields as f
from generator.content.schema import AGREEMENT_TABLE, PARTY_TABLE
from generator.core.interface import TEMPLATES, field_words, load_strings
from generator.publish.build import load
from generator.site import exports, search_text, sharing
from generator.site.pages import FACTS, facts_of
from tests.conftest import REPO, SHOWCASE, TODAY, Site

TABLES = {"agreement": AGREEMENT_TABLE, "party": PARTY_TABLE}


@pytest.mark.parametrize("record", sorted(TABLES))
def test_every_field_is_shown_or_hidden_on_purpose(record: str) -> None:
    """Each entry is shown somewhere, or says why it is shown nowhere: never both, never
    neither (a field added to a table and forgotten by every surface fails here)."""
    for entry in TABLES[record]:
        assert entry.shown.anywhere() != bool(entry.hidden.strip()), entry.name


def test_no_two_fields_share_a_place() -> None:
    """Within a surface, each field has its own place."""
    for surface in ("facts", "search", "spreadsheet"):
        ranks = [getattr(e.shown, surface) for e in AGREEMENT_TABLE]
        ranked = [rank for rank in ranks if rank is not None]
        assert len(ranked) == len(set(ranked)), surface


def test_each_surfaces_own_words_name_only_fields_it_shows() -> None:
    """The makers written for particular fields (schema.org properties, search words,
    spreadsheet cells, facts cells) are for fields the table shows there; every field in
    the structured data has its property."""
    linked = {e.name for e in f.shown_on(AGREEMENT_TABLE, "json_ld")}
    assert set(sharing.PROPERTIES) == linked
    assert set(search_text.SEARCH_WORDS) <= {e.name for e in search_text.SEARCHED}
    sheeted = {e.name for e in exports.SHEETED}
    assert set(exports.SPREADSHEET_CELLS) <= sheeted
    assert set(exports.COLUMNS_OF) <= sheeted
    macros = re.findall(
        r"{% macro (\w+)\(", (TEMPLATES / "macros" / "facts.html").read_text(encoding="utf-8")
    )
    assert set(macros) <= {e.name for e in FACTS}


def test_each_facts_table_has_the_rows_of_its_table(real_site: Site) -> None:
    """Every agreement page's facts table has a row for each facts field the record has a
    value for (and for those shown without one), in the table's facts order, each headed
    by the field's label."""
    labels = field_words(load_strings(TEMPLATES, "vi"), "agreement", "label")
    register = load(REPO / "content", today=TODAY).register
    assert register is not None
    seen: set[str] = set()
    for agreement in register.agreements.values():
        page = real_site.soup(f"agreements/{agreement.slug}/index.html")
        headers = [th.get_text() for th in page.select("table.facts th[scope=row]")]
        facts = facts_of(agreement)
        assert headers == [labels[name] for name in facts], agreement.slug
        seen.update(facts)
    # The register has every row at least once, optional ones included.
    assert seen == {entry.name for entry in FACTS}


def test_the_structured_data_has_a_property_of_each_linked_field(showcase: Site) -> None:
    """An agreement with a place, topics and sources carries their schema.org properties."""
    register = load(SHOWCASE, today=TODAY).register
    assert register is not None
    agreement = next(a for a in register.agreements.values() if a.place and a.topics and a.sources)
    page = showcase.soup(f"agreements/{agreement.slug}/index.html")
    script = page.find("script", type="application/ld+json")
    assert script is not None
    data = json.loads(script.get_text())
    assert data["name"] == agreement.title
    assert data["locationCreated"]["name"] == agreement.place
    assert data["keywords"] and data["citation"]
