"""Messages live in the strings files like every other word: `check.<code>` for each kind of
problem, `phrases.<module>.<name>` for the words code puts into messages and the command
line. The code names them by key only; these tests hold the keys and the files together,
so that a language is one file."""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from generator.core.interface import TEMPLATES, languages, load_strings
from generator.core.messages import CATALOGUE, LANGUAGES, phrase
from tests.conftest import REPO

SAYING = {"phrase": 0, "prompt": 0, "_said": 1, "_untrusted": 3}
"""The functions that take a phrase's key, and the place of the key among their arguments."""


def _calls() -> Iterator[tuple[str, str, set[str] | None]]:
    """(file, key, the names of the parameters given, None when they cannot be known) of
    every phrase the generator's code names."""
    for path in sorted((REPO / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in SAYING and len(node.args) > SAYING[name]:
                argument = node.args[SAYING[name]]
                # A key, or a choice of keys (`"cli.kept" if kept else "cli.wrote"`).
                choices = (
                    [argument.body, argument.orelse]
                    if isinstance(argument, ast.IfExp)
                    else [argument]
                )
                given = (
                    {k.arg for k in node.keywords if k.arg}
                    if all(k.arg for k in node.keywords)
                    else None
                )
                if name == "_untrusted" and given is not None:
                    given.add("reason")  # given by `_untrusted` itself
                for choice in choices:
                    if isinstance(choice, ast.Constant) and isinstance(choice.value, str):
                        yield path.relative_to(REPO).as_posix(), choice.value, given


def _keys_in_code() -> Iterator[tuple[str, str]]:
    """(file, key) of every phrase key the generator's code names."""
    for file, key, _ in _calls():
        yield file, key


def _phrase_keys(catalogue: Mapping[str, Any]) -> set[str]:
    return {f"{module}.{name}" for module, words in catalogue["phrases"].items() for name in words}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture(scope="module", params=languages())
def catalogue(request: pytest.FixtureRequest) -> Mapping[str, Any]:
    return load_strings(TEMPLATES, request.param)


def test_every_key_the_code_names_is_in_every_catalogue(catalogue: Mapping[str, Any]) -> None:
    """A phrase named in code and missing from a language's file would fail only when said."""
    known = _phrase_keys(catalogue)
    named = set(_keys_in_code())
    assert len(named) > 150
    missing = sorted((file, key) for file, key in named if key not in known)
    assert not missing


def test_no_catalogue_keeps_a_phrase_no_code_says(catalogue: Mapping[str, Any]) -> None:
    """Words left behind by a change are removed with it."""
    named = {key for _, key in _keys_in_code()}
    assert sorted(_phrase_keys(catalogue) - named) == []


def test_every_code_has_its_words_in_every_catalogue(catalogue: Mapping[str, Any]) -> None:
    """Each kind of problem says what is wrong and what was expected, in every language,
    with the placeholders of the English."""
    english = load_strings(TEMPLATES, "en")["check"]
    assert list(catalogue["check"]) == list(CATALOGUE)
    for code, words in catalogue["check"].items():
        assert words["what"].strip() and words["expected"].strip(), code
        assert _fields(words["what"]) == _fields(english[code]["what"]), code
        assert _fields(words["expected"]) == _fields(english[code]["expected"]), code


def test_the_languages_are_the_strings_files_vietnamese_first() -> None:
    """The command line offers every language that has a strings file, Vietnamese by default."""
    assert LANGUAGES[0] == "vi"
    assert sorted(LANGUAGES) == sorted(languages())


def test_a_phrase_says_its_parameters_in_the_same_language() -> None:
    """A phrase inside a phrase is said in the language of the whole."""
    said = phrase("fields.list_what_one_line_each", what=phrase("schema.sources"))
    assert "sources" in said.say("en")
    assert "nguồn tin" in said.say("vi")


def test_a_third_language_is_one_file(tmp_path: Path) -> None:
    """Every section a language needs is in its one strings file (the English file, copied
    under another name, is a whole catalogue the loader accepts)."""
    english = (TEMPLATES / "strings" / "en.yaml").read_text(encoding="utf-8")
    assert {"check", "phrases", "argparse", "metavars", "fields"} <= set(
        load_strings(TEMPLATES, "en")
    )
    (tmp_path / "strings").mkdir()
    (tmp_path / "strings" / "xx.yaml").write_text(english, encoding="utf-8")
    assert languages(tmp_path) == ("xx",)


FILLED_LATER = {"generator/core/cli_words.py"}
"""Where phrases are made without their parameters, given when said (`Words`)."""


def test_each_call_gives_what_its_phrase_asks_for(catalogue: Mapping[str, Any]) -> None:
    """Every `{name}` of a phrase, in every language, is a parameter its call gives."""
    wrong = []
    for file, key, given in _calls():
        if given is None or file in FILLED_LATER:
            continue
        module, name = key.split(".", 1)
        asked = _fields(str(catalogue["phrases"][module][name]))
        if not asked <= given:
            wrong.append((file, key, sorted(asked - given)))
    assert wrong == []
