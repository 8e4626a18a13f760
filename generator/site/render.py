"""The Jinja environment: autoescape, StrictUndefined, one catalogue of UI strings.

Templates see values and a few filters; Markdown is sanitised by `markup` before it
becomes `Markup`, and every link comes from `url_for`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from generator.content import links
from generator.content.register import Register, status_list
from generator.content.sources import without_comments
from generator.content.timing import Answer
from generator.core import provinces
from generator.core.context import Context
from generator.core.dates import Certainty, Inferred, PartialDate, Precision, RecordDate
from generator.core.diagnostics import quoted
from generator.core.interface import TEMPLATES, field_words, load_strings
from generator.core.model import Agreement, ChangeKind, Party, Period, Reviews, Revision, SiteConfig
from generator.core.taxonomies import NAVIGATION
from generator.core.urls import PAGE_SIZE
from generator.site import calendars, exports, markup, sharing
from generator.site.compiled import compiled_templates
from generator.site.inputs import Digests, Key, Lookups, Untracked

ESCAPED = ("html", "xml")
"""The templates whose values are escaped, by extension."""
TEMPLATE_EXTENSIONS = ("html", "xml", "txt")
"""The templates' file extensions (`static/` holds files copied as they are)."""
LAYOUT = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}
"""How the templates' own whitespace is kept (Jinja's options of that name)."""


class Renderer:
    """Renders templates for one register in one build's context (settings, addresses)."""

    def __init__(self, register: Register, context: Context, templates: Path = TEMPLATES) -> None:
        if context.as_of != register.as_of:
            # Pages would show one date beside statuses computed as of another.
            raise ValueError(
                f"the context is as of {context.as_of}, the register as of {register.as_of}"
            )
        self.register = register
        self.context = context
        self.strings = load_strings(templates, context.config.language)
        self._events: dict[str, list[calendars.DayEvent]] = {}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            autoescape=jinja2.select_autoescape(ESCAPED),
            undefined=jinja2.StrictUndefined,
            # One renderer per build: its templates do not change under it, so they are
            # not looked at on disk again for each of the thousands of pages.
            auto_reload=False,
            trim_blocks=LAYOUT["trim_blocks"],
            lstrip_blocks=LAYOUT["lstrip_blocks"],
            keep_trailing_newline=LAYOUT["keep_trailing_newline"],
            bytecode_cache=compiled_templates({**LAYOUT, "autoescape": ESCAPED}),
        )
        self.env.filters.update(
            date=self.date,
            on_date=self.on_date,
            day=lambda value: self.date(PartialDate(value.year, value.month, value.day)),
            iso=iso_date,
            period=self.period,
            derived_end=self.derived_end,
            fill=fill,
            markdown=lambda text, top=2: Markup(
                links.rewrite(markup.markdown_to_html(text, top=top), context.urls)
            ),
            yaml=lambda text: Markup(markup.highlight_yaml(text)),
            without_comments=without_comments,
            summary=markup.summary,
            href=external_href,
            filesize=lambda size: file_size(size, str(self.strings["decimal_mark"])),
            sure_year=lambda value: value.certain_year,
            reviews_plan=self.reviews_plan,
            record=self.record,
        )
        self.digests = Digests()
        self.lookups = Lookups(self.digests)
        """What a page asks of the register while it renders (a later build renders only
        the pages whose look-ups answer otherwise: `generator.site.inputs`)."""
        track = self.lookups.track
        self._agreement_of = track("agreement", lambda slug: self.register.agreements[slug])
        self._exports = exports.export_context(register, context)
        self.exported = exports.Tracked(
            lambda: self._exports,
            track,
            {"encode": self._agreement_key, "decode": self._agreement},
        )
        """The register's answers to an exported record, each look-up recorded."""
        self.env.globals.update(
            t=self.strings,
            site=context.config,
            url_for=context.urls.url_for,
            absolute_url=context.urls.absolute,
            edit_url=functools.partial(edit_url, context.config),
            as_of=context.as_of,
            json_ld=track(
                "json_ld", self.json_ld, encode=self._agreement_key, decode=self._agreement
            ),
            province=self.province,
            province_label=self.province,
            place=self.place,
            status_list=status_list,
            page_size=PAGE_SIZE,
            navigation=NAVIGATION,
            agreement_row=self.lookups.derive("agreement_row", self.agreement_row),
            status_label=track("status_label", self.status_label),
            list_name=functools.partial(exports.status_list_name, self.strings),
            party_label=track("party_label", self.party_label),
            status_help=track("status_help", self.status_help),
            Answer=Answer,
            revision_lines=self.revision_lines,
            has_calendar=track(
                "has_calendar", lambda party_id=None: bool(self.calendar_events(party_id))
            ),
            as_of_text=self.date(PartialDate(*context.as_of.timetuple()[:3])),
            content_lang=self.content_lang,
            # Narrow look-ups instead of the whole register: a template names what it reads,
            # and each is recorded with its answer while a page renders. (`free_pages` is
            # a value, not a look-up: every page's global inputs hold it.)
            party_of=track("party_of", lambda party_id: self.register.parties[party_id]),
            standing_of=track("standing_of", lambda slug: self.register.standings[slug]),
            ending_soon=track(
                "ending_soon",
                lambda slug: self.register.ending_soon(self.register.agreements[slug]),
            ),
            told_apart=track("told_apart", lambda party_id: party_id in self.register.same_named),
            signed_count=track(
                "signed_count", lambda party_id: len(self.register.by_party.get(party_id, ()))
            ),
            free_pages=tuple(register.pages.values()),
        )

    def _agreement_key(self, agreement: Agreement) -> Key:
        """An agreement passed to a look-up, named by its slug: only the register's own
        record (a later build finds it by that slug)."""
        if self.register.agreements.get(agreement.slug) is not agreement:
            raise Untracked("an agreement the register does not hold")
        return ((agreement.slug,), ())

    def _agreement(self, key: Key) -> Key:
        """The arguments `_agreement_key` named: the register's record of that slug."""
        (slug,), keywords = key
        if keywords or not isinstance(slug, str):
            raise Untracked("not an agreement's name")
        return ((self.register.agreements[slug],), ())

    @property
    def content_lang(self) -> Markup:
        """` lang="…"` for an element holding the records' own words when they are in
        another language than the interface (screen readers switch voice); else nothing."""
        config = self.context.config
        if config.content_language == config.language:
            return Markup("")
        return Markup(' lang="{}"').format(config.content_language)

    def record(self, text: object) -> object:
        """The records' own words inline (a title, a name, a place), in a `<span lang>`
        when they are in another language than the interface; else as they are."""
        if not self.content_lang or text is None or text == "":
            return text
        return Markup("<span{}>{}</span>").format(self.content_lang, text)

    def agreement_row(self, slug: str) -> Markup:
        """An agreement's row in the tables that list it, rendered once per build (the
        `agreement_row` look-up keeps it): a register lists each agreement on ten or so
        pages (lists, year, kind, topics, status, parties, province), and the row is the
        same on every one. Its record is a look-up too, so that a page that shows the row
        records it."""
        template = self.env.get_template("partials/_agreement_row.html")
        return Markup(template.render(agreement=self._agreement_of(slug)))

    def party_label(self, party_id: str, short: bool = False) -> str:
        """A party's name (or short name), told apart from a party of the same name by its
        time span (`từ khoảng tháng 7/2025`) or else its province."""
        party = self.register.parties[party_id]
        name = (party.short or party.name) if short else party.name
        if party_id not in self.register.same_named:
            return name
        words = self.strings["party"]
        since, until = party.founded, party.dissolved
        if since and until:
            apart = words["lifetime"].format(since=self.date(since), until=self.date(until))
        elif since or until:
            apart = words["since" if since else "until"].format(date=self.date(since or until))
        else:
            apart = _plain(self.province(party.province)) if party.province else party_id
        return f"{name} ({apart})"

    def calendar_events(self, party_id: str | None = None) -> list[calendars.DayEvent]:
        """The events of the register's calendar, or of a party's (each agreement's worked
        out once)."""
        register = self.register
        slugs = register.agreements if party_id is None else register.by_party.get(party_id, ())
        found: list[calendars.DayEvent] = []
        for slug in slugs:
            events = self._events.get(slug)
            if events is None:
                agreement = register.agreements[slug]
                words = self.strings["calendar"]
                events = calendars.events_of(register, self.context, agreement, words)
                self._events[slug] = events
            found.extend(events)
        return calendars.ordered(found)

    def revision_lines(self, revision: Revision) -> list[str]:
        """What one commit changed in a record, in sentences: fields named by their labels."""
        words = self.strings["history"]
        labels = field_words(self.strings, "agreement", "history")
        grouped: dict[ChangeKind, list[str]] = {}
        lines: list[str] = []
        for change in revision.changes:
            if change.kind is ChangeKind.RENAMED:
                lines.append(words["renamed"].format(path=change.field))
            elif change.kind in (ChangeKind.ADDED, ChangeKind.CHANGED, ChangeKind.REMOVED):
                field = change.field or ""
                # A key the field tables do not know (an old version's mistake) as an excerpt.
                grouped.setdefault(change.kind, []).append(labels.get(field) or quoted(field))
            else:
                lines.append(words[change.kind.value])
        for kind in (ChangeKind.ADDED, ChangeKind.CHANGED, ChangeKind.REMOVED):
            if kind in grouped:
                joined = words["separator"].join(grouped[kind])
                lines.append(words[kind.value].format(fields=joined))
        body = [line for line in lines if line == words["body"]]
        lines = [line for line in lines if line != words["body"]] + body
        return lines or [words["spacing"]]

    def status_label(self, slug: str) -> str:
        """An agreement's status as its tag names it, "có thể …" when not settled."""
        return exports.status_label(self.strings, self.register.standings[slug])

    def status_help(self, slug: str) -> str:
        """What an agreement's status means, as settled or as possible."""
        standing = self.register.standings[slug]
        table = self.strings["status_help" if standing.sure else "status_help_maybe"]
        return str(table[standing.status])

    def use_register(self, register: Register) -> None:
        """Render from `register` from now on: `serve` shows an edited body at once with
        the last build's renderer, before the whole site is built again."""
        if register.as_of != self.register.as_of:
            raise ValueError("a register as of another date")
        self.register = register
        self._exports = exports.export_context(register, self.context)
        self.env.globals["free_pages"] = tuple(register.pages.values())
        self._events.clear()
        self.lookups.forget()

    def agreement_json(self, agreement: Agreement) -> str:
        """An agreement's JSON file (`/agreements/<slug>.json`), its look-ups recorded."""
        return exports.agreement_json(self.register, self.context, agreement, self.exported)

    def load_templates(self) -> None:
        """Load every template now (compiled, or taken from the compiled templates): worker
        processes forked afterwards find them loaded instead of each loading them again."""
        for name in self.env.list_templates(extensions=TEMPLATE_EXTENSIONS):
            if not name.startswith("static/"):
                self.env.get_template(name)

    def render(self, template: str, path: str, values: Mapping[str, Any]) -> str:
        """Render one page with its `values`; `path` is its place in the site (for canonical
        links)."""
        urls = self.context.urls
        # A redirect page names its target as canonical.
        link = urls.link(values.get("canonical_path", path))
        return self.env.get_template(template).render(
            {
                **values,
                "path": path,
                "section": path.split("/", 1)[0],
                "canonical": urls.origin + link,
            }
        )

    def json_ld(self, agreement: Agreement) -> dict[str, Any]:
        """The agreement's schema.org description, its kind named in the site's language."""
        kind = self.strings["kinds"][agreement.kind]
        return sharing.json_ld(self.register, self.context, agreement, kind)

    def search_result(self, agreement: Agreement) -> dict[str, str]:
        """What a search result shows of an agreement, as display text."""
        t = self.strings
        status = self.register.statuses[agreement.slug]
        return {
            "title": agreement.title,
            "parties": ", ".join(self.party_label(p, short=True) for p in agreement.parties),
            "kind": t["kinds"][agreement.kind],
            "signed": t["search"]["signed"].format(date=self.date(agreement.signed)),
            "status": self.status_label(agreement.slug),
            "status_code": status.value,
            "type": "agreement",
        }

    def party_result(self, party: Party) -> dict[str, str]:
        """What a search result shows of a party: its name, then what it is, where, and how
        many agreements it signed."""
        t = self.strings
        place = _plain(self.province(party.province)) if party.province else ""
        count = len(self.register.by_party.get(party.id, ()))
        return {
            "type": "party",
            "title": self.party_label(party.id),
            "label": t["search"]["party_result"],
            "detail": " · ".join(
                filter(
                    None,
                    (
                        t["party_kinds"][party.kind],
                        place,
                        t["search"]["agreements"].format(count=count),
                    ),
                )
            ),
        }

    def place_result(self, place: exports.Place) -> dict[str, str]:
        """What a search result shows of a province page: its name and what it holds."""
        t = self.strings["search"]
        merged = ", ".join(name for name in place.merged_from if name != place.name)
        return {
            "type": "province",
            "title": _plain(self.place(place.name, capital=True)),
            "label": t["nationwide_result"]
            if place.name == provinces.NATIONWIDE
            else t["province_result"],
            "detail": " · ".join(
                filter(
                    None,
                    (
                        t["merged"].format(names=merged) if merged else "",
                        t["agreements"].format(count=len(place.agreements)),
                    ),
                )
            ),
        }

    def on_date(self, value: PartialDate) -> str:
        """A date after a word such as "phiên bản": "ngày 5/3/2024" for a day, else as
        `date` writes it ("tháng 3/2024", "năm 2024")."""
        shown = self._calendar(value)
        if value.precision is Precision.DAY:
            return str(self.strings["dates"]["on_day"]).format(date=shown)
        return shown

    def date(self, value: PartialDate | RecordDate | None) -> str:
        """A date as precise as it was written, and as certain: 20/5/2022, tháng 5/2022,
        năm 2022, 30/11/2016 (năm suy luận), khoảng năm 2013, trước 20/9/2025, không muộn hơn
        20/9/2025, chưa rõ."""
        if value is None:
            return ""
        if isinstance(value, PartialDate):
            return self._calendar(value)
        forms = self.strings["dates"]
        if value.date is not None:
            shown = self._calendar(value.date)
            if value.certainty is Certainty.APPROXIMATE:
                return forms["approximately"].format(date=shown)
            if value.inferred is Inferred.YEAR and value.date.month is not None:
                return forms["inferred_year"].format(date=shown)
            if value.certainty is Certainty.INFERRED:
                return forms["inferred_date"].format(date=shown)
            return shown
        if value.month is not None:
            form = "yearless_day" if value.day is not None else "yearless_month"
            return forms[form].format(day=value.day, month=self._month(value.month))
        if value.after is not None and value.before is not None:
            after, before = self._calendar(value.after), self._calendar(value.before)
            return forms["between"].format(after=after, before=before)
        bounds = [
            forms[form].format(date=self._calendar(bound))
            for form, bound in (
                ("after", value.after),
                ("earliest", value.not_before),
                ("before", value.before),
                ("latest", value.not_after),
            )
            if bound is not None
        ]
        if len(bounds) == 2:
            return str(forms["bounds"].format(lower=bounds[0], upper=bounds[1]))
        return str(bounds[0]) if bounds else str(forms["unknown"])

    def _calendar(self, value: PartialDate) -> str:
        forms = self.strings["dates"]
        form = {Precision.DAY: "day", Precision.MONTH: "month", Precision.YEAR: "year"}
        return str(
            forms[form[value.precision]].format(
                day=value.day, month=self._month(value.month), year=value.year
            )
        )

    def _month(self, month: int | None) -> str | int | None:
        """A month as the language writes it: its name (`May`), or its number when the
        catalogue names none (`5`, as in `20/5/2022`)."""
        names = self.strings["dates"].get("month_names")
        return str(names[month - 1]) if names and month is not None else month

    def reviews_plan(self, value: Reviews) -> str:
        """The reviews planned: `Dự kiến sơ kết hằng năm, tổng kết khi hết thời hạn`."""
        every = value.every.value if value.every else ""
        key = "_".join(filter(None, (every, "final" if value.final else "")))
        return str(self.strings["agreement"]["reviews_plan"].get(key, ""))

    def period(self, value: Period) -> str:
        """A term such as `năm 2022 – năm 2027`, naming an open end as unknown."""
        forms = self.strings["dates"]
        start = self.date(value.start) if value.start else forms["open_start"]
        end = self.end(value)
        text = str(forms["range"].format(start=start, end=end))
        return f"{text}, {self.derived_end(value)}" if value.derived else text

    def end(self, value: Period) -> str:
        """A term's end: its date, `không thời hạn`, or unknown."""
        forms = self.strings["dates"]
        if value.indefinite:
            return str(forms["indefinite"])
        return self.date(value.end) if value.end else str(forms["open_end"])

    def derived_end(self, value: Period) -> str:
        """How a term's end was worked out: `tính từ thời hạn 5 năm kể từ ngày ký`."""
        forms = self.strings["dates"]
        since = forms["since_start" if value.start else "since_signing"]
        return str(forms["derived_end"].format(term=self.term(value), since=since))

    def province(self, name: str) -> str:
        """A party's province as a reader needs it: a former province says where it lies
        now; a province that absorbed others says so; `toàn quốc` for national bodies."""
        forms = self.strings["party"]
        if name == provinces.NATIONWIDE:
            return str(self.strings["parties"]["nationwide"])
        known = provinces.lookup(name)
        if known is None:
            return self.record(name)  # type: ignore[return-value]
        shown = self.record(name)
        if known.abolished and known.merged_into:
            current = self.place(known.merged_into)
            kind = self.strings["province_kinds"][known.kind_key]
            return fill(forms["province_abolished"], name=shown, kind=kind, current=current)
        if known.merged_from:
            others = self.record(", ".join(other for other in known.merged_from if other != name))
            return fill(forms["province_merged"], name=shown, others=others)
        return shown  # type: ignore[return-value]

    def place(self, name: str, capital: bool = False) -> str:
        """A province with its kind, as a sentence says it (`tỉnh Gia Lai`, `thành phố Hà
        Nội`; `Gia Lai province` in English), or the words for national bodies; `capital`
        for a heading (`Tỉnh Gia Lai`)."""
        if name == provinces.NATIONWIDE:
            words = str(self.strings["parties"]["nationwide"])
            return words if capital else words[:1].lower() + words[1:]
        known = provinces.lookup(name)
        if known is None:
            return self.record(name)  # type: ignore[return-value]
        form = str(self.strings["province_full"])
        kind = str(self.strings["province_kinds"][known.kind_key])
        if capital and form.startswith("{kind}"):
            kind = kind[:1].upper() + kind[1:]
        return fill(form, kind=kind, name=self.record(known.name))

    def term(self, value: Period) -> str:
        """A term given as a duration: `5 năm`, `18 tháng`, `1 năm 6 tháng`."""
        forms = self.strings["dates"]
        if value.years and value.months:
            return str(forms["term_both"].format(years=value.years, months=value.months))
        if value.years:
            return str(forms["term_years"].format(n=value.years))
        return str(forms["term_months"].format(n=value.months))


_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
"""Characters a URL may carry as they are; anything else is percent-encoded."""


def external_href(url: str) -> str:
    """An editor's web address made valid for `href`: quotes, brackets, spaces encoded."""
    return quote(url, safe=_URL_SAFE)


def iso_date(value: PartialDate | RecordDate | None) -> str:
    """The machine-readable form for `<time datetime>`: 2022-05-20, 2022-05 or 2022; empty
    for a date that is not stated (a `datetime` would claim more than the record knows)."""
    if isinstance(value, RecordDate):
        value = value.date if value.certainty is Certainty.STATED else None
    return "" if value is None else str(value)


def file_size(size: int, decimal_mark: str = ",") -> str:
    """A download's size for the reader: `830 B`, `12,4 KB` with the language's decimal mark
    (a comma in Vietnamese, `12.4 KB` in English)."""
    return f"{size / 1024:.1f} KB".replace(".", decimal_mark) if size >= 1024 else f"{size} B"


def _plain(text: str) -> str:
    """Text without the `<span lang>` marks, for what is not HTML (a search result's JSON, a
    name inside another string)."""
    return str(text.striptags()) if isinstance(text, Markup) else text


def fill(template: str, **values: object) -> str:
    """Fill a catalogue string's `{placeholders}`; the result is escaped like any text. A
    value already marked up (the records' words in a `<span lang>`) stays markup, the rest
    of the string is escaped around it."""
    if any(isinstance(value, Markup) for value in values.values()):
        return escape(template).format(**values)
    return template.format(**values)


def edit_url(config: SiteConfig, agreement: Agreement) -> str | None:
    """The repository's web editor for the agreement's file, if a repository is set."""
    if not config.repository_url:
        return None
    repository = config.repository_url.rstrip("/")
    folder = config.content_path.strip("/")
    path = quote(f"{folder}/{agreement.origin.relative}".lstrip("/"))
    return f"{repository}/edit/{quote(config.repository_branch)}/{path}"
