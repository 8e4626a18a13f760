"""The catalogue of every message `check` can print, and the words code puts into messages.

Each entry of `CATALOGUE` names one kind of problem by a stable code (the editors' guide and
tests refer to it); what it says, what is wrong and what was expected, is in each language's
strings file (`check.<code>`), as format strings filled from the diagnostic's parameters.
The words code puts into a message (what a value is, what to write, the command line's help)
are phrases: a key of the strings files' `phrases` section and its parameters, said in the
language the message is printed in. A language is one strings file; nothing here is in one.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from generator.core.interface import TEMPLATES, languages, load_strings

DEFAULT = "vi"
"""The language messages are printed in unless another is asked for."""

LANGUAGES = (DEFAULT, *(language for language in languages() if language != DEFAULT))
"""The languages messages can be printed in (those with a strings file); the first is the
default."""


@functools.cache
def _catalogue(language: str) -> Mapping[str, Any]:
    return load_strings(TEMPLATES, language)


def catalogue(language: str) -> Mapping[str, Any]:
    """The strings file of a language of `LANGUAGES`, read once per process."""
    return _catalogue(language if language in LANGUAGES else DEFAULT)


@dataclass(frozen=True)
class Message:
    """One kind of content problem; its words are the strings files' `check.<code>`."""

    warning: bool = False
    """Whether the problem is only a warning: printed, failing the check only under --strict."""


def message_words(code: str, language: str) -> tuple[str, str]:
    """(what is wrong, what was expected) of a message code, as format strings, in a
    language of `LANGUAGES`."""
    words = catalogue(language)["check"][code]
    return str(words["what"]), str(words["expected"])


@dataclass(frozen=True)
class Phrase:
    """Words code puts into a message: the key of a phrase of the strings files
    (`phrases.<module>.<name>`) with its parameters, said in the language the message is
    printed in; or words already said in each language (`given`, as a cache keeps them)."""

    key: str
    params: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    given: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def template(self, language: str) -> str:
        """The phrase's format string in `language`."""
        if self.given:
            return self.given.get(language) or next(iter(self.given.values()))
        module, name = self.key.split(".", 1)
        return str(catalogue(language)["phrases"][module][name])

    def say(self, language: str) -> str:
        """The phrase in `language`, its own parameters said in it too."""
        values = {key: say(value, language) for key, value in self.params.items()}
        return self.template(language).format(**values)

    def __str__(self) -> str:
        return self.say("en")


def phrase(key: str, **params: object) -> Phrase:
    """The phrase of `key` in the strings files, with parameters (which may be phrases)."""
    return Phrase(key, MappingProxyType(params))


def said(words: Mapping[str, str], **params: object) -> Phrase:
    """Words already said in each language (format strings over `params`)."""
    return Phrase("", MappingProxyType(params), MappingProxyType(dict(words)))


def say(value: object, language: str) -> object:
    """A message parameter in `language`: a phrase said in it, anything else as it is."""
    return value.say(language) if isinstance(value, Phrase) else value


CATALOGUE: dict[str, Message] = {
    # Reading files.
    "not-utf8": Message(),
    "binary-file": Message(),
    "file-too-large": Message(),
    "empty-file": Message(),
    "no-front-matter": Message(),
    "unclosed-front-matter": Message(),
    "yaml-syntax": Message(),
    "yaml-character": Message(),
    "yaml-alias": Message(),
    "yaml-too-deep": Message(),
    "markdown-too-deep": Message(),
    "not-mapping": Message(),
    "duplicate-key": Message(),
    "bad-key": Message(),
    "bad-filename": Message(),
    "reserved-slug": Message(),
    "link-outside": Message(),
    "broken-link": Message(),
    "not-regular-file": Message(),
    "unreadable-file": Message(),
    "not-markdown": Message(),
    "missing-site-config": Message(),
    # Fields.
    "missing-field": Message(),
    "unknown-field": Message(),
    "wrong-type": Message(),
    "empty-value": Message(),
    "bad-date": Message(),
    "impossible-date": Message(),
    "bad-date-shape": Message(),
    "inferred-without-reason": Message(),
    "bad-date-field": Message(),
    "unknown-value": Message(),
    "bad-url": Message(),
    "slug-too-long": Message(),
    "control-character": Message(),
    "bad-base-url": Message(),
    "bad-slug": Message(),
    "unsafe-path": Message(),
    "too-few-parties": Message(),
    "period-reversed": Message(),
    "unnamed-person": Message(),
    "reference-without-target": Message(),
    "period-as-text": Message(),
    "period-end-and-duration": Message(),
    "unknown-province": Message(),
    "member-count-too-small": Message(),
    "dissolved-before-founded": Message(),
    # Across files.
    "unknown-party": Message(),
    "duplicate-party": Message(),
    "signatory-party": Message(),
    "duplicate-slug": Message(),
    "ambiguous-name": Message(),
    "dangling-reference": Message(),
    "self-reference": Message(),
    "reference-cycle": Message(),
    "dangling-link": Message(),
    "bad-internal-link": Message(),
    "missing-attachment": Message(),
    "members-not-group": Message(),
    "ambiguous-party": Message(),
    "topic-spelling-taken": Message(),
    # Warnings.
    "reference-has-record": Message(warning=True),
    "event-before-signing": Message(warning=True),
    "event-outside-period": Message(warning=True),
    "signed-with-differs": Message(warning=True),
    "topic-outside-vocabulary": Message(warning=True),
    "topic-variant": Message(warning=True),
    "no-topic-vocabulary": Message(warning=True),
    "placeholder-text": Message(warning=True),
    "markdown-differs": Message(warning=True),
    "no-sources": Message(warning=True),
    "no-summary": Message(warning=True),
    "party-unused": Message(warning=True),
}
