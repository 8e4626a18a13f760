"""The register's vocabulary: frozen, typed records with no I/O and no clock."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from generator.core.dates import PartialDate, RecordDate


def doc(text: str, *, page_input: bool = True, **kwargs: Any) -> Any:
    """A dataclass field whose one-line documentation is kept in its metadata; one that
    no page shows says so (`page_input=False`), and is left out of a page's inputs."""
    return field(metadata={"doc": text, "page_input": page_input}, **kwargs)


@dataclass(frozen=True)
class Period:
    """The term of an agreement; either end may be unknown."""

    start: RecordDate | None = doc("First day in force, if known.", default=None)
    end: RecordDate | None = doc("Last day in force (the whole of a year or month).", default=None)
    years: int | None = doc(
        "A term given as a duration: years from the start (or signing).", default=None
    )
    months: int | None = doc(
        "A term given as a duration: months, alone or after the years.", default=None
    )
    indefinite: bool = doc(
        "Whether the term has no end (không thời hạn): in force from its start until an "
        "event ends or replaces it.",
        default=False,
    )

    @property
    def derived(self) -> bool:
        """Whether the end was worked out from a duration rather than written."""
        return self.years is not None or self.months is not None


class AgreementKind(enum.StrEnum):
    """What sort of document an agreement is."""

    PROGRAM = "program"
    REGULATION = "regulation"
    PLAN = "plan"
    MEMORANDUM = "memorandum"
    AGREEMENT = "agreement"
    OTHER = "other"


class PartyKind(enum.StrEnum):
    """What sort of body a party is."""

    LABOUR_FEDERATION = "labour-federation"
    PEOPLES_COMMITTEE = "peoples-committee"
    PARTY_COMMITTEE = "party-committee"
    GOVERNMENT_AGENCY = "government-agency"
    ENTERPRISE = "enterprise"
    MASS_ORGANISATION = "mass-organisation"
    GROUP = "group"
    OTHER = "other"


class EventKind(enum.StrEnum):
    """What happened to an agreement after it was signed."""

    REVIEW = "review"
    FINAL_REVIEW = "final-review"
    AMENDMENT = "amendment"
    EXTENSION = "extension"
    TERMINATION = "termination"
    OTHER = "other"


class Relation(enum.StrEnum):
    """How one agreement stands to another; each has an inverse shown on the other page."""

    AMENDS = "amends"
    SUPERSEDES = "supersedes"
    RENEWS = "renews"
    IMPLEMENTS = "implements"
    FOLLOWS = "follows"
    SIGNED_WITH = "signed-with"


INVERSE_RELATION: Mapping[Relation, str] = MappingProxyType(
    {
        Relation.AMENDS: "amended-by",
        Relation.SUPERSEDES: "superseded-by",
        Relation.RENEWS: "renewed-by",
        Relation.IMPLEMENTS: "implemented-by",
        Relation.FOLLOWS: "followed-by",
        Relation.SIGNED_WITH: "signed-with",
    }
)
"""How a relation reads from the other agreement's page."""


class Confidence(enum.StrEnum):
    """How sure a relation the editor recorded is, when no source states it (its data word
    is `certainty`)."""

    PROBABLE = "probable"


class ReviewEvery(enum.StrEnum):
    """How often the parties planned to review their agreement (sơ kết)."""

    YEAR = "year"


class Status(enum.StrEnum):
    """Whether an agreement binds its parties on the as-of date; derived, never typed."""

    UPCOMING = "upcoming"
    IN_FORCE = "in-force"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    SUPERSEDED = "superseded"
    RENEWED = "renewed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Origin:
    """Where a record was read from, for locating problems found later."""

    path: str = doc(
        "The file as the user names it (content folder included), for messages and the "
        "preview; never shown on a page, so not one of a page's inputs (a build from a "
        "copy of the project elsewhere reuses the pages of the last build).",
        page_input=False,
    )
    relative: str = doc("The file relative to the content folder, with '/' separators.")
    lines: Mapping[str, int] = doc(
        "Line of each field path (`parties[1]`, `period.end`).",
        default_factory=lambda: MappingProxyType({}),
    )
    front_matter: str = doc("The front matter as written, fences included.", default="")


@dataclass(frozen=True)
class Signatory:
    """A person who signed on behalf of a party: by name, or by role alone when the
    source gives no name."""

    name: str | None = doc("Full name, when the source gives it.", default=None)
    role: str | None = doc("Position held when signing.", default=None)
    party: str | None = doc(
        "Id of the party signed for (resolved from the name given).", default=None
    )


@dataclass(frozen=True)
class Attendee:
    """A person who chaired or attended the signing without being reported as signing."""

    name: str | None = doc("Full name, when the source gives it.", default=None)
    role: str | None = doc("Position held at the time.", default=None)
    party: str | None = doc("Id of the party they belong to, if one of the parties.", default=None)
    chair: bool = doc("Whether they chaired the meeting.", default=False)


@dataclass(frozen=True)
class Source:
    """Where the facts of a record come from."""

    publisher: str = doc("Newspaper, website or body that published the report.")
    title: str | None = doc("Title of the report.", default=None)
    url: str | None = doc("Address of the report, if it is online.", default=None)
    date: RecordDate | None = doc("Publication date.", default=None)
    author: str | None = doc("Author or byline.", default=None)
    title_from_url: bool = doc(
        "Whether the title was rebuilt from the report's address (the page itself was not "
        "read, or shows another headline).",
        default=False,
    )


@dataclass(frozen=True)
class Event:
    """Something that happened to an agreement since signing."""

    date: RecordDate = doc("When it happened.")
    kind: EventKind = doc("Review, final review, amendment, extension, termination or other.")
    title: str = doc("A short heading.")
    summary: str | None = doc("One or two sentences.", default=None)
    source: Source | None = doc("Where this event is reported.", default=None)
    concerns: tuple[str, ...] = doc(
        "Slugs of the other agreements the same event concerns (shown on theirs too).",
        default=(),
    )


@dataclass(frozen=True)
class Related:
    """A typed link from one agreement to another: a record of the register (`slug`) or
    a document that has none, known by its number, title or date."""

    rel: Relation = doc("How this agreement stands to the other.")
    slug: str | None = doc("The other agreement's slug, when it has a record.", default=None)
    number: str | None = doc("The other document's number (số hiệu).", default=None)
    title: str | None = doc("The other document's title or a description of it.", default=None)
    date: RecordDate | None = doc("When the other document was signed.", default=None)
    certainty: Confidence | None = doc(
        "`probable` when no source confirms the relation; None when a source states it.",
        default=None,
    )
    reason: str | None = doc("Why the relation is thought probable.", default=None)


@dataclass(frozen=True)
class Acting:
    """A party that signed through one of its organs (its Ban Thường vụ, ...), as written."""

    party: str = doc("The party's id or name, as written.")
    organ: str = doc("The organ it acted through, e.g. Ban Thường vụ.")


@dataclass(frozen=True)
class Reviews:
    """The reviews the parties planned when signing (sơ kết, tổng kết)."""

    every: ReviewEvery | None = doc("How often a review (sơ kết) was planned.", default=None)
    final: bool = doc(
        "Whether a final review (tổng kết) at the term's end was planned.", default=False
    )


@dataclass(frozen=True)
class Document:
    """An attachment kept under content/files/."""

    title: str = doc("What the file is, e.g. the signed text.")
    file: str = doc("Path relative to content/files/.")


@dataclass(frozen=True)
class Party:
    """An organisation that signs agreements, or a named group of them."""

    id: str = doc("Permanent identifier, from the file name.")
    name: str = doc("Full name, Vietnamese with diacritics.")
    kind: PartyKind = doc("What sort of body it is.")
    short: str | None = doc("Short form, e.g. LĐLĐ tỉnh Nghệ An.", default=None)
    aliases: tuple[str, ...] = doc("Other spellings used in sources.", default=())
    province: str | None = doc(
        "Province or city it belongs to (one of the known list), or 'toàn quốc'.", default=None
    )
    parent: str | None = doc("Id of the body it sits under.", default=None)
    members: tuple[str, ...] = doc("For groups: ids of the bodies that sign together.", default=())
    member_count: int | None = doc(
        "For groups: how many bodies sign together, named or not.", default=None
    )
    members_uncounted: bool = doc(
        "For groups: whether the source says the group has members without saying how many.",
        default=False,
    )
    members_kind: str | None = doc(
        "For groups: what the members are (doanh nghiệp, LĐLĐ tỉnh, thành), when not named.",
        default=None,
    )
    province_reason: str | None = doc(
        "Why the province was inferred (e.g. from the publisher), when no source states it.",
        default=None,
    )
    founded: RecordDate | None = doc("When the body came into being.", default=None)
    dissolved: RecordDate | None = doc("When the body ceased to exist.", default=None)
    succeeded_by: str | None = doc("Id of the body that took over its role.", default=None)
    website: str | None = doc("Official website.", default=None)
    body: str = doc("Short description, Markdown.", default="")
    origin: Origin = doc("Where the record was read from.", default_factory=lambda: Origin("", ""))

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the party can be referred to by, id first."""
        return (self.id, self.name, *((self.short,) if self.short else ()), *self.aliases)


@dataclass(frozen=True)
class Agreement:
    """One coordination programme, regulation, plan, memorandum or agreement."""

    slug: str = doc("Permanent identifier, from the file name.")
    title: str = doc("Full title, Vietnamese with diacritics.")
    kind: AgreementKind = doc("Program, regulation, plan, memorandum, agreement or other.")
    parties: tuple[str, ...] = doc("Party ids, resolved from the names given; two or more.")
    signed: RecordDate = doc("Signing date, with its precision and how it is known.")
    organs: Mapping[str, str] = doc(
        "Party id (as written, until resolved) → the organ it signed through (Ban Thường vụ).",
        default_factory=lambda: MappingProxyType({}),
    )
    period: Period | None = doc("Term of the agreement.", default=None)
    summary: str | None = doc("One or two sentences for lists and descriptions.", default=None)
    number: str | None = doc(
        "Document number (số hiệu), as written, e.g. 03/QC-BCA-TLĐLĐ.", default=None
    )
    place: str | None = doc("Where it was signed.", default=None)
    signatories: tuple[Signatory, ...] = doc("People who signed.", default=())
    attendees: tuple[Attendee, ...] = doc("People who chaired or attended the signing.", default=())
    topics: tuple[str, ...] = doc(
        "Content areas: topics of content/topics.yaml, by label, key or another spelling.",
        default=(),
    )
    reviews: Reviews | None = doc("The reviews planned when signing.", default=None)
    events: tuple[Event, ...] = doc("What happened since, oldest first.", default=())
    related: tuple[Related, ...] = doc("Links to other agreements.", default=())
    sources: tuple[Source, ...] = doc("Where the facts come from.", default=())
    documents: tuple[Document, ...] = doc("Attachments under content/files/.", default=())
    aliases: tuple[str, ...] = doc("Old slugs that redirect here.", default=())
    updated: PartialDate | None = doc("Last substantive editorial change.", default=None)
    draft: bool = doc("Drafts are checked but not published.", default=False)
    body: str = doc("What the agreement commits the parties to, Markdown.", default="")
    origin: Origin = doc("Where the record was read from.", default_factory=lambda: Origin("", ""))


@dataclass(frozen=True)
class Page:
    """A free page such as the editors' guide."""

    slug: str = doc("Permanent identifier, from the file name.")
    title: str = doc("Page title.")
    summary: str | None = doc("One sentence for menus and descriptions.", default=None)
    body: str = doc("Page text, Markdown.", default="")
    origin: Origin = doc("Where the record was read from.", default_factory=lambda: Origin("", ""))


@dataclass(frozen=True)
class SiteConfig:
    """Settings of one register, from site.yaml and the command line."""

    title: str = doc("Name of the register.")
    base_url: str = doc("Public address the site lives at, ending in '/'.", default="/")
    language: str = doc(
        "Language of the interface (menus, headings, labels), a BCP 47 tag.", default="vi"
    )
    content_language: str = doc("Language the records are written in, a BCP 47 tag.", default="vi")
    description: str | None = doc("One sentence about the register.", default=None)
    publisher: str | None = doc(
        "Who keeps the register (its editors' body), named in citations, JSON-LD and the footer.",
        default=None,
    )
    repository_url: str | None = doc("Web address of the content repository.", default=None)
    repository_branch: str = doc("Branch editors change, for 'edit this file'.", default="main")
    content_path: str = doc("Content folder inside the repository.", default="content")
    licence: str | None = doc("Licence of the data and texts.", default=None)
    as_of: dt.date | None = doc("Fixed as-of date for reproducible builds.", default=None)


class ChangeKind(enum.StrEnum):
    """What one commit did to a record's file."""

    ENTERED = "entered"
    """The file was added: the record entered the register."""
    ADDED = "added"
    """A field was added to the front matter."""
    CHANGED = "changed"
    """A field's value changed."""
    REMOVED = "removed"
    """A field was taken out of the front matter."""
    BODY = "body"
    """The body (the text below the front matter) was edited."""
    RENAMED = "renamed"
    """The file was moved or renamed; `field` holds its earlier path."""
    EDITED = "edited"
    """The file changed in a way that cannot be told field by field (one of its versions
    cannot be read)."""


@dataclass(frozen=True)
class Change:
    """One thing a commit changed in a record."""

    kind: ChangeKind
    field: str | None = None
    """The front-matter field (for added, changed, removed), or the earlier path (renamed)."""


@dataclass(frozen=True)
class Revision:
    """One commit that changed a record's file, from the content's git history."""

    day: dt.date
    """The committer's day, on the committer's calendar."""
    commit: str
    """The commit's full hash."""
    changes: tuple[Change, ...]
    """What it changed, in the order: entered or renamed, fields added, changed, removed, body;
    empty when only comments or spacing changed."""
