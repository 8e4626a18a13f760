"""The words of the `agreements` command line: each command's help (phrases of the strings
files), and argparse's own words ("usage:", "options:", its error texts, the strings files'
`argparse`), Vietnamese by default.

argparse says its words through `gettext`, which has no Vietnamese catalogue; `speaking`
stands in for it while a parser is made and used, so that `--help`, usage lines and errors
are in the language of the messages.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from generator.core.messages import LANGUAGES, Phrase, catalogue, phrase

LANGUAGE_VARIABLE = "AGREEMENTS_LANG"
"""Environment variable naming the messages' default language (`vi` or `en`)."""


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """argparse's own words in `language` while the block runs (parsers made, help and
    errors printed), then as they were."""
    words: Mapping[str, str] = catalogue(language).get("argparse") or {}
    said = argparse._  # type: ignore[attr-defined]
    counted = argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda text: words.get(text, text)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: words.get(  # type: ignore[attr-defined]
        one if n == 1 else many, one if n == 1 else many
    )
    try:
        yield
    finally:
        argparse._ = said  # type: ignore[attr-defined]
        argparse.ngettext = counted  # type: ignore[attr-defined]


def language_of(argv: Sequence[str], environment: str | None) -> str:
    """The language asked for: `--lang X` (or `--lang=X`) anywhere on the command line,
    before the command or after it, else the environment variable, else Vietnamese."""
    chosen = environment if environment in LANGUAGES else LANGUAGES[0]
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            chosen = argv[index + 1]
        elif word.startswith("--lang=") and word.removeprefix("--lang=") in LANGUAGES:
            chosen = word.removeprefix("--lang=")
    return chosen


HELP: dict[str, Phrase] = {
    "prog": phrase(
        "cli_words.check_publish_register_coordination_agreements",
    ),
    "lang": phrase(
        "cli_words.language_messages_this_help_vi",
        variable=LANGUAGE_VARIABLE,
    ),
    "content": phrase(
        "cli_words.content_folder_read_default_content",
    ),
    "as-of": phrase(
        "cli_words.date_statuses_are_computed_against",
    ),
    "base-url": phrase(
        "cli_words.public_address_site_overriding_site",
    ),
    "commands": phrase("cli_words.command"),
    "check": phrase(
        "cli_words.validate_content_report_every_problem",
    ),
    "check.description": phrase(
        "cli_words.validate_every_file_content_folder",
    ),
    "strict": phrase(
        "cli_words.fail_every_warning_well_errors",
    ),
    "format": phrase(
        "cli_words.github_prints_github_actions_annotations",
    ),
    "build": phrase(
        "cli_words.check_content_write_whole_site",
    ),
    "build.description": phrase(
        "cli_words.check_content_if_has_no",
    ),
    "output": phrase(
        "cli_words.folder_write_site_default_site",
    ),
    "new": phrase(
        "cli_words.scaffold_new_agreement_file_from",
    ),
    "new.description": phrase(
        "cli_words.write_content_agreements_year_slug",
    ),
    "new.content": phrase(
        "cli_words.content_folder_add_agreement_default",
    ),
    "title": phrase(
        "cli_words.full_title_vietnamese_diacritics",
    ),
    "new.kind": phrase(
        "cli_words.one_kinds_vietnamese_name_accepted",
    ),
    "party": phrase(
        "cli_words.id_name_short_name_alias",
    ),
    "signed": phrase(
        "cli_words.signing_date_yyyy_mm_dd",
    ),
    "inferred": phrase(
        "cli_words.year_when_signing_date_s",
    ),
    "reason": phrase(
        "cli_words.how_signing_date_known_e",
    ),
    "slug": phrase(
        "cli_words.file_name_without_md_default",
    ),
    "new-party": phrase(
        "cli_words.scaffold_new_party_file_from",
    ),
    "new-party.description": phrase(
        "cli_words.write_content_parties_id_md",
    ),
    "new-party.content": phrase(
        "cli_words.content_folder_add_party_default",
    ),
    "name": phrase("cli_words.full_name_vietnamese_diacritics"),
    "new-party.kind": phrase(
        "cli_words.kind_code_label_guide_shows",
    ),
    "short": phrase("cli_words.short_name_e_g_ldld"),
    "province": phrase("cli_words.province_toan_quoc"),
    "parent": phrase("cli_words.body_sits_under"),
    "id": phrase("cli_words.file_name_without_md"),
    "serve": phrase(
        "cli_words.preview_site_locally_rebuilding_reloading",
    ),
    "serve.description": phrase(
        "cli_words.build_site_into_temporary_folder",
    ),
    "port": phrase(
        "cli_words.port_127_0_0_1",
    ),
    "bad-as-of": phrase(
        "cli_words.value_not_date_expected_yyyy",
    ),
    "bad-base-url": phrase(
        "cli_words.value_not_base_url_expected",
    ),
}
"""Each help text of the command line, in both languages."""


class Words:
    """The command line's words in one language."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **params: object) -> str:
        """A help text, filled with `params`."""
        said = HELP[key]
        if params:
            said = replace(said, params={**said.params, **params})
        return said.say(self.language)

    def metavar(self, name: str) -> str:
        """A placeholder of the usage lines (`DIR` → `THƯ_MỤC`)."""
        return str((catalogue(self.language).get("metavars") or {}).get(name, name))
