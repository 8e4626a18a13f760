"""The topic vocabulary (`topics.yaml`) and how the register files each record's topics.

A topic has a permanent key (its address, `/topics/<key>/`), a label, an explanation and
the other spellings it absorbs. A record may write a topic by any of these (its key read
as words too): spellings are matched folded, so case, marks, đ, Unicode normalisation,
punctuation and word order do not matter. A topic the vocabulary lacks is filed under
its own spelling, as a register without `topics.yaml` files every topic, and warned of.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from generator.content import fields as f
from generator.content.references import Entry
from generator.content.sources import SourceFile
from generator.core.diagnostics import Collector, plural
from generator.core.messages import Phrase, phrase
from generator.core.model import Agreement, doc
from generator.core.slugs import is_slug, key_for, suggest_slug
from generator.core.vietnamese import fold

FILE = "topics.yaml"
"""The vocabulary's file, in the content folder."""


@dataclass(frozen=True)
class Topic:
    """One topic of the vocabulary."""

    key: str = doc("Permanent identifier: the topic's address, /topics/<key>/.")
    label: str = doc("The topic as citizens read it, Vietnamese with diacritics.")
    explanation: str = doc("One or two sentences on what the topic covers.")
    aliases: tuple[str, ...] = doc(
        "Other spellings records may write, each filed under this topic.", default=()
    )


TOPIC_FIELDS = (
    f.Field(
        "label",
        f.text,
        required=True,
        expected=phrase(
            "topics.topic_citizens_read_e_g",
        ),
    ),
    f.Field(
        "explanation",
        f.text,
        required=True,
        expected=phrase(
            "topics.one_two_sentences_what_topic",
        ),
    ),
    f.Field("aliases", f.list_of(f.text, phrase("topics.other_spellings"))),
)
"""The fields of one topic in `topics.yaml`, under its key."""

TOPIC_KEY = phrase("topics.topic_key")

TOPIC_TABLE: tuple[f.Derived, ...] = (
    f.Derived("key", lambda topic, context: topic.key, f.EXPORT_SLUG),
    f.Derived(
        "url",
        lambda topic, context: (
            context.address("topic", topic.key) if context.topic_agreements(topic.key) else None
        ),
        f.nullable(f.EXPORT_TEXT),
    ),
    f.Derived("label", lambda topic, context: topic.label, f.EXPORT_TEXT),
    f.Derived("explanation", lambda topic, context: topic.explanation, f.EXPORT_TEXT),
    f.Derived(
        "aliases", lambda topic, context: list(topic.aliases), f.exported_list(f.EXPORT_TEXT)
    ),
    f.Derived(
        "agreements",
        lambda topic, context: list(context.topic_agreements(topic.key)),
        f.exported_list(f.EXPORT_SLUG),
    ),
)
"""A topic of the vocabulary as /data/topics.json gives it: its address (null while no
agreement is filed under it, as it then has no page) and the agreements filed under it."""


def folded(text: str) -> str:
    """A topic as spellings are matched: folded (`vietnamese.fold`), its words sorted."""
    return " ".join(sorted(fold(text).split()))


@dataclass(frozen=True)
class Vocabulary:
    """The topics of `topics.yaml`, with every spelling each absorbs."""

    topics: Mapping[str, Topic] = field(default_factory=lambda: MappingProxyType({}))
    """Topics by key, in the file's order."""
    spellings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Folded spelling (`folded`) → key: each topic's label, key and aliases."""
    present: bool = False
    """Whether the content folder has a `topics.yaml`."""

    def find(self, written: str) -> Topic | None:
        """The topic a record's spelling names, if the vocabulary has it."""
        key = self.spellings.get(folded(written))
        return None if key is None else self.topics[key]

    def nearest(self, written: str, limit: int = 3) -> tuple[str, ...]:
        """The labels of up to `limit` topics closest to a spelling, best first: by how
        alike the folded texts are, or by the share of words they have in common."""
        query = folded(written)
        words = set(query.split())
        best: dict[str, float] = {}
        for spelling, key in self.spellings.items():
            other = set(spelling.split())
            shared = len(words & other) / len(words | other) if words | other else 0.0
            alike = difflib.SequenceMatcher(None, query, spelling).ratio()
            best[key] = max(best.get(key, 0.0), shared, alike)
        ranked = sorted((key for key in best if best[key] >= 0.5), key=lambda key: -best[key])
        return tuple(self.topics[key].label for key in ranked[:limit])

    def old_keys(self) -> Mapping[str, str]:
        """The key each label or other spelling of a topic has as a topic of its own (as a
        register without the vocabulary files it: `slugs.key_for`) → the topic's key; the
        keys of the vocabulary's own topics left out. Their addresses redirect."""
        found: dict[str, str] = {}
        for topic in self.topics.values():
            for spelling in (topic.label, *topic.aliases):
                old = key_for(spelling)
                if old != topic.key and old not in self.topics:
                    found.setdefault(old, topic.key)
        return MappingProxyType(found)


def read_vocabulary(source: SourceFile | None, collector: Collector) -> Vocabulary:
    """`topics.yaml` → the vocabulary; every mistake in it reported. No file (None): an
    empty vocabulary that is not `present`."""
    if source is None:
        return Vocabulary()
    collector.lines.update(source.lines)
    topics: dict[str, Topic] = {}
    spellings: dict[str, str] = {}
    for key, value in source.data.items():
        values = f.read_record(value, key, TOPIC_FIELDS, collector, phrase("topics.topic"))
        if not is_slug(key):
            collector.add("bad-slug", key, value=key, what=TOPIC_KEY, suggestion=suggest_slug(key))
            continue
        if values is None:
            continue
        topic = Topic(key=key, **values)
        topics[key] = topic
        written = [(f"{key}.label", topic.label)]
        written += [(f"{key}.aliases[{i}]", alias) for i, alias in enumerate(topic.aliases)]
        for path, spelling in written:
            _claim(spellings, folded(spelling), key, path, spelling, collector)
        # The key read as words is a spelling too, unless a topic above has it already.
        spellings.setdefault(folded(key), key)
    return Vocabulary(MappingProxyType(topics), MappingProxyType(spellings), present=True)


def _claim(
    spellings: dict[str, str],
    spelling: str,
    key: str,
    path: str,
    written: str,
    collector: Collector,
) -> None:
    """File one folded spelling under `key`, unless another topic has it (an error)."""
    owner = spellings.setdefault(spelling, key) if spelling else key
    if owner != key:
        collector.add(
            "topic-spelling-taken",
            path,
            value=written,
            other=owner,
            other_line=collector.line_of(owner),
        )


@dataclass(frozen=True)
class Filing:
    """How the register files the topics its records write."""

    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    """The vocabulary they were matched against."""
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Each topic as some record writes it → the key of the topic it is filed under."""
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Key → label: the vocabulary's, else the spelling first written."""

    def of(self, agreement: Agreement) -> tuple[str, ...]:
        """The keys of an agreement's topics, in its order, each once."""
        return tuple(dict.fromkeys(self.keys[topic] for topic in agreement.topics))


def file_topics(
    vocabulary: Vocabulary, entries: Iterable[Entry[Agreement]], collector: Collector
) -> Filing:
    """Match every record's topics to the vocabulary, warning (on the record's own
    collector) of a topic outside it, and of two spellings that differ only in case,
    marks, punctuation or word order; `collector` (the vocabulary file's) is told once
    when records have topics and there is no `topics.yaml`."""
    keys: dict[str, str] = {}
    labels = {key: topic.label for key, topic in vocabulary.topics.items()}
    first: dict[str, tuple[str, str, int | None]] = {}  # folded → spelling, file, line
    hints: dict[str, Phrase] = {}  # a spelling repeated in many records is looked up once
    for entry in entries:
        for index, written in enumerate(entry.record.topics if entry.record else ()):
            path = f"topics[{index}]"
            topic = vocabulary.find(written)
            if topic is not None:
                keys[written] = topic.key
                continue
            if vocabulary.present:
                if written not in hints:
                    hints[written] = _hint(vocabulary, written)
                hint = hints[written]
                entry.collector.add("topic-outside-vocabulary", path, value=written, hint=hint)
            here = (written, entry.source.path, entry.collector.line_of(path))
            spelling, where, line = first.setdefault(folded(written), here)
            if spelling != written:
                other = (
                    f"{where}:{line}" if where != here[1] else phrase("topics.line_line", line=line)
                )
                entry.collector.add(
                    "topic-variant", path, value=written, first=spelling, other=other
                )
            keys[written] = keys.setdefault(spelling, key_for(spelling))
            labels.setdefault(keys[written], spelling)
    if keys and not vocabulary.present:
        count = len(set(keys.values()))
        said = phrase("topics.topics", topics=plural(count, "topic"), count=count)
        collector.add("no-topic-vocabulary", "file", count=said)
    return Filing(vocabulary, MappingProxyType(keys), MappingProxyType(labels))


def _hint(vocabulary: Vocabulary, written: str) -> Phrase:
    """What to write instead of a topic the vocabulary lacks."""
    nearest = vocabulary.nearest(written)
    if not nearest:
        return phrase(
            "topics.topic_file_label_key_another",
            file=FILE,
        )
    return phrase(
        "topics.topic_file_nearest_nearest_add",
        file=FILE,
        nearest=", ".join(f"'{label}'" for label in nearest),
    )
