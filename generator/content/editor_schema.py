"""JSON Schemas of agreement and party front matter, for completion and errors in editors.

Generated from the field tables that `check` applies (`schema.AGREEMENT_FIELDS`,
`schema.PARTY_FIELDS`), the JSON Schema fragment each reader carries, the field docs
of the model and the Vietnamese labels of `templates/strings/vi.yaml`. The files are
committed under `schemas/`; `python -m generator.content.editor_schema` rewrites them and a
test fails when they are out of date.
"""

from __future__ import annotations

import argparse
import enum
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from generator.content import fields as f
from generator.content.schema import AGREEMENT_FIELDS, PARTY_FIELDS
from generator.core.model import Agreement, AgreementKind, EventKind, Party, PartyKind, Relation

ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMAS = ROOT / "schemas"
STRINGS = ROOT / "templates" / "strings" / "vi.yaml"
DIALECT = "http://json-schema.org/draft-07/schema#"
"""Draft 7: the dialect every version of the YAML language server understands."""

LABELS: Mapping[type[enum.StrEnum], str] = {
    AgreementKind: "kinds",
    EventKind: "events",
    Relation: "relations",
    PartyKind: "party_kinds",
}
"""The block of the UI strings that names each enumeration's values in Vietnamese."""

SHAPE_ONLY = (
    " This schema checks the shape of one file only; `agreements check` also checks"
    " what needs the other files (party names and ids, unique slugs, related agreements,"
    " attachments), real calendar days and periods that end before they start."
)


def agreement_schema(strings: Mapping[str, Any]) -> f.JsonSchema:
    """The JSON Schema of an agreement's front matter."""
    return _document(
        f.object_schema(AGREEMENT_FIELDS, Agreement),
        "Agreement front matter",
        "The YAML between the '---' lines of content/agreements/**/<slug>.md.",
        strings,
    )


def party_schema(strings: Mapping[str, Any]) -> f.JsonSchema:
    """The JSON Schema of a party's front matter."""
    return _document(
        f.object_schema(PARTY_FIELDS, Party),
        "Party front matter",
        "The YAML between the '---' lines of content/parties/<party-id>.md.",
        strings,
    )


def _document(
    body: f.JsonSchema, title: str, description: str, strings: Mapping[str, Any]
) -> f.JsonSchema:
    _label_enums(body, _enum_labels(strings))
    return {"$schema": DIALECT, "title": title, "description": description + SHAPE_ONLY, **body}


def _enum_labels(strings: Mapping[str, Any]) -> dict[tuple[str, ...], list[str]]:
    """Vietnamese names of enumeration values, keyed by the values in order."""
    found = {}
    for enum_type, block in LABELS.items():
        values = tuple(member.value for member in enum_type)
        missing = [value for value in values if not strings.get(block, {}).get(value)]
        if missing:
            raise KeyError(f"{STRINGS.name}: {block}: no label for {', '.join(missing)}")
        found[values] = [strings[block][value] for value in values]
    return found


def _label_enums(node: Any, labels: Mapping[tuple[str, ...], list[str]]) -> None:
    """Give every enumeration of known values its Vietnamese names, in place."""
    if isinstance(node, list):
        for item in node:
            _label_enums(item, labels)
        return
    if not isinstance(node, dict):
        return
    names = labels.get(tuple(node.get("enum", ())))
    if names is not None:
        node["enumDescriptions"] = names
        listed = "; ".join(
            f"{value}: {name}" for value, name in zip(node["enum"], names, strict=True)
        )
        node["description"] = f"{node.get('description', '')} Values: {listed}.".strip()
    for child in node.values():
        _label_enums(child, labels)


def load_strings(path: Path = STRINGS) -> Mapping[str, Any]:
    """The Vietnamese UI strings, for the names of kinds and relations."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def rendered(strings: Mapping[str, Any]) -> dict[str, str]:
    """File name → exact text of each schema file: indented, keys sorted, newline-ended."""
    schemas = {
        "agreement.schema.json": agreement_schema(strings),
        "party.schema.json": party_schema(strings),
    }
    return {
        name: json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, schema in schemas.items()
    }


def write(folder: Path, strings: Mapping[str, Any]) -> list[Path]:
    """(Re)write the schema files in `folder`; the paths whose text changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in rendered(strings).items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m generator.content.editor_schema`: regenerate the committed schema files."""
    parser = argparse.ArgumentParser(
        prog="python -m generator.content.editor_schema",
        description="Write the JSON Schemas of agreement and party front matter.",
    )
    parser.add_argument(
        "--output", type=Path, default=SCHEMAS, help="folder to write (default: schemas/)"
    )
    args = parser.parse_args(argv)
    changed = write(args.output, load_strings())
    for path in changed:
        print(f"wrote {path}")
    if not changed:
        print(f"{args.output}: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
