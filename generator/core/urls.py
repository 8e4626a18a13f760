"""The only place that turns an object into a URL or an output path.

Every page has a *path* relative to the site root (`agreements/x/`, `404.html`).
`Urls` adds the base path for links and the origin for absolute addresses;
`output_file` maps a path to the file the build writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from urllib.parse import quote, urlsplit

from generator.core.slugs import is_slug
from generator.core.taxonomies import TAXONOMIES

UNDATED = "chua-ro"
"""What stands for a year that is not known: the year page of agreements whose possible
days span years (`years/chua-ro/`), and the folder `agreements new` puts them in."""

PAGE_SIZE = 25
"""Rows per page of every agreement list (the register, a year, a party, a province, a
kind, a topic, a status): 25 rows of long titles keep a page well under 50 KB."""


SECTIONS = frozenset(
    {
        "agreements",
        "parties",
        "parties-a-z",
        "provinces",
        "years",
        "status",
        *(taxonomy.folder for taxonomy in TAXONOMIES),
        "static",
        "files",
        "search",
        "data",
        "guide",
        "follow",
    }
)
"""Top-level folders the site itself uses; a free page may not take one as its slug."""


class UnknownRoute(KeyError):
    """A template asked for a URL the site does not have."""


def _slug(value: str) -> str:
    # Slugs are validated when read; checking again keeps a bug from making a path.
    if not is_slug(value):
        raise ValueError(f"not a slug: {value!r}")
    return value


SEARCH_PART_SIZE = 2000
"""The most agreements a part of the search index holds. Pagefind holds about 300 KB per
document while it indexes, and its time grows faster than the count, so a large register
is indexed in parts, one after another (each a bundle of its own, which the search page
merges)."""
FEW_PARTS = 5
"""The most parts of a register indexed in parts smaller than `SEARCH_PART_SIZE`: each
part is a few more files for a first search to load, but a smaller part takes less memory
and less time to index again after an edit."""


def search_part_size(agreements: int) -> int:
    """The agreements per part of the search index of a register with this many: a quarter
    of `SEARCH_PART_SIZE`, or a half, or all of it, the least that makes at most
    `FEW_PARTS` parts (all of it when none does). It changes at few counts (2,500 and
    5,000), so that an agreement added seldom moves every part's bounds."""
    size = max(1, SEARCH_PART_SIZE // 4)
    while size < SEARCH_PART_SIZE and -(-agreements // size) > FEW_PARTS:
        size = min(size * 2, SEARCH_PART_SIZE)
    return size


def search_parts(agreements: int) -> int:
    """How many parts the search index of a register with this many agreements has."""
    return max(1, -(-agreements // search_part_size(agreements)))


def search_bundles(agreements: int) -> int:
    """How many bundles its search index is: one per part, and when there are several, one
    more, the last, for the index of their words (`search.split`)."""
    parts = search_parts(agreements)
    return parts + 1 if parts > 1 else 1


def _search_bundle(name: str, part: int = 0) -> str:
    """A file of the search index's first part (the one the page loads), or of a later part
    (merged into the first by the page's script), each in a folder of its own."""
    return f"search/pagefind/{name}" if part == 0 else f"search/pagefind-{part}/{name}"


def _paged(folder: str, page: int) -> str:
    """A listing's first page is its folder; later pages are `page/N/` under it."""
    if page < 1:
        raise ValueError(f"page numbers start at 1, not {page}")
    return folder if page == 1 else f"{folder}page/{page}/"


def _year(year: int | str, page: int = 1) -> str:
    return _paged(_year_folder(year), page)


def _year_folder(year: int | str) -> str:
    number = int(year)
    if not 1 <= number <= 9999:
        raise ValueError(f"not a year: {year!r}")
    return f"years/{number:04d}/"


DATA_FILES = (
    "van-ban.csv",
    "agreements.json",
    "agreements.csv",
    "parties.json",
    "topics.json",
    "agreement.schema.json",
    "party.schema.json",
    "topic.schema.json",
    "datapackage.json",
)
"""The open-data files under /data/, in the order the data page lists them."""


def _data_name(name: str) -> str:
    if name not in DATA_FILES:
        raise ValueError(f"not a data file: {name!r}")
    return name


def _file(relative: str) -> str:
    # Attachment paths were checked to stay under content/files/ when read.
    return "files/" + relative


def _index(folder: str) -> Callable[[], str]:
    return lambda: f"{folder}/"


def _term(folder: str) -> Callable[..., str]:
    return lambda term, page=1: _paged(f"{folder}/{_slug(term)}/", page)


def _taxonomy_routes() -> dict[str, Callable[..., str]]:
    """Each taxonomy's index (`kinds/`) and term pages (`kinds/<term>/`, `page/N/`)."""
    routes: dict[str, Callable[..., str]] = {}
    for taxonomy in TAXONOMIES:
        routes[taxonomy.name] = _index(taxonomy.folder)
        routes[taxonomy.term_route] = _term(taxonomy.folder)
    return routes


ROUTES: Mapping[str, Callable[..., str]] = MappingProxyType(
    {
        "home": lambda: "",
        "agreements": lambda page=1: _paged("agreements/", page),
        "agreement": lambda slug: f"agreements/{_slug(slug)}/",
        # Later pages are `parties/page/N/`: a party called `page` has its own page at
        # `parties/page/`, a different file.
        "parties": lambda page=1: _paged("parties/", page),
        "party": lambda party_id, page=1: _paged(f"parties/{_slug(party_id)}/", page),
        # A folder of its own: under `parties/` it could be a party's id.
        "parties_by_name": lambda page=1: _paged("parties-a-z/", page),
        "provinces": lambda: "provinces/",
        "province": lambda key, page=1: _paged(f"provinces/{_slug(key)}/", page),
        "years": lambda: "years/",
        "year": _year,
        # No year folder holds anything else named so (its pages are under `page/`).
        "year_in_force": lambda year, page=1: _paged(f"{_year_folder(year)}in-force/", page),
        "undated": lambda: f"years/{UNDATED}/",
        "statuses": lambda: "status/",
        "status": lambda name, page=1: _paged(f"status/{_slug(name)}/", page),
        # No status list is called `reviews`.
        "reviews": lambda page=1: _paged("status/reviews/", page),
        **_taxonomy_routes(),
        "agreement_data": lambda slug: f"agreements/{_slug(slug)}.json",
        # A dot no slug can hold keeps it apart from every `agreement_data` file.
        "agreement_list": lambda: "agreements/list.index.json",
        "party_feed": lambda party_id: f"parties/{_slug(party_id)}/feed.xml",
        "party_calendar": lambda party_id: f"parties/{_slug(party_id)}/calendar.ics",
        "search": lambda: "search/",
        "search_bundle": _search_bundle,
        "data": lambda: "data/",
        "data_file": lambda name: f"data/{_data_name(name)}",
        "feed": lambda: "feed.xml",
        "calendar": lambda: "calendar.ics",
        "follow": lambda: "follow/",
        "guide": lambda: "guide/",
        "guide_fields": lambda: "guide/fields/",
        "guide_messages": lambda: "guide/messages/",
        "guide_message": lambda code: f"guide/messages/{_slug(code)}/",
        "page": lambda slug: f"{_slug(slug)}/",
        "static": lambda name: f"static/{name}",
        "file": _file,
        "not_found": lambda: "404.html",
        "sitemap": lambda: "sitemap.xml",
        "robots": lambda: "robots.txt",
    }
)
"""Route name → function of the route's arguments returning the page's path."""


def path_for(route: str, *args: object) -> str:
    """The path of a page relative to the site root, as a file path (not URL-quoted)."""
    try:
        make = ROUTES[route]
    except KeyError:
        raise UnknownRoute(route) from None
    return make(*args)


def output_file(path: str) -> str:
    """The file a page's path is written to: folders get an `index.html`."""
    return f"{path}index.html" if path == "" or path.endswith("/") else path


class Urls:
    """Links and absolute addresses for one base URL (`/`, `/register/` or a full URL)."""

    def __init__(self, base_url: str, versions: Mapping[str, str] | None = None) -> None:
        parts = urlsplit(base_url)
        self.prefix = parts.path if parts.path.endswith("/") else parts.path + "/"
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        self._versions = dict(versions or {})
        self._links: dict[tuple[object, ...], str] = {}

    def settings(self) -> tuple[str, str, tuple[tuple[str, str], ...]]:
        """What its links are made from: the base path, the host, the files' versions."""
        return self.prefix, self.origin, tuple(sorted(self._versions.items()))

    def url_for(self, route: str, *args: object) -> str:
        """A root-relative link to a page, under the base path (each worked out once: a
        register's pages ask for the same links tens of thousands of times)."""
        key = (route, *args, *map(type, args))  # 1 and True are equal keys, not one link
        try:
            return self._links[key]
        except KeyError:
            link = self._links[key] = self._url_for(route, *args)
            return link
        except TypeError:  # an argument that cannot be a key: worked out each time
            return self._url_for(route, *args)

    def _url_for(self, route: str, *args: object) -> str:
        path = path_for(route, *args)
        link = self.link(path)
        if route == "static" and path in self._versions:
            # A content hash in the query lets servers cache the file for long.
            link += "?v=" + self._versions[path]
        return link

    def absolute(self, route: str, *args: object) -> str | None:
        """The full address of a page, or None when the base URL has no host."""
        if not self.origin:
            return None
        return self.origin + self.url_for(route, *args)

    def link(self, path: str) -> str:
        """A root-relative link to a path made by `path_for`, quoted for a URL."""
        return self.prefix + quote(path, safe="/")
