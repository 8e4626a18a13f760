"""The topic vocabulary (content/topics.yaml): read and checked, records' topics filed
under it, its pages, the old addresses of merged topics, and its open data."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from generator.core.interface import TEMPLATES, languages, load_strings
from generator.publish.build import load
from tests import oracle_schemas as oracle
from tests.conftest import FIXTURES, REPO, TODAY, Site, build_site, run_cli, write

VOCABULARY = """\
# Hai chủ đề.
tuyen-truyen:
  label: Tuyên truyền, giáo dục
  explanation: Thông tin, tuyên truyền, phổ biến pháp luật cho người lao động.
  aliases:
    - thông tin, tuyên truyền
doi-thoai:
  label: Đối thoại tại nơi làm việc
  explanation: Đối thoại định kỳ giữa người lao động và người sử dụng lao động.
"""

SUMMARY_ONE_WARNING = "agreements check: 0 errors, 1 warning in 1 file"


def _agreement(content: Path, slug: str, topics: list[str], signed: str = "2023-03-15") -> Path:
    """Write an agreement between the minimal tree's two parties with these topics; its
    first topic is on line 9."""
    listed = "".join(f"  - {json.dumps(topic, ensure_ascii=False)}\n" for topic in topics)
    return write(
        content / "agreements" / f"{slug}.md",
        f"---\ntitle: Văn bản {slug}\nkind: program\nparties:\n  - UBND tỉnh Nghệ An\n"
        f"  - LĐLĐ tỉnh Nghệ An\nsigned: {signed}\ntopics:\n{listed}"
        "sources:\n  - publisher: Báo thử nghiệm\n---\nHai bên phối hợp.\n",
    )


@pytest.mark.parametrize(
    "spelling",
    [
        "Tuyên truyền, giáo dục",
        "THÔNG TIN, TUYÊN TRUYỀN",
        "thong tin tuyen truyen",
        unicodedata.normalize("NFD", "thông tin, tuyên truyền"),
        "tuyên truyền; thông tin",
        "tuyen-truyen",
    ],
)
def test_a_spelling_the_vocabulary_absorbs_is_its_topic(content_tree, spelling: str) -> None:
    """The label, an alias in any case, with or without marks, NFD, other punctuation or
    word order, and the key all name the topic: no warning, even under --strict."""
    content = content_tree()
    write(content / "topics.yaml", VOCABULARY)
    _agreement(content, "van-ban-a", [spelling])
    result = run_cli("check", "--content", "content", "--strict")
    assert (result.code, result.err) == (0, "")
    register = load(content, today=TODAY).register
    assert register is not None
    assert register.by_topic["tuyen-truyen"] == ("van-ban-a",)
    assert register.topic_names == {"tuyen-truyen": "Tuyên truyền, giáo dục"}


def test_d_written_without_its_stroke_names_the_topic(content_tree) -> None:
    """`doi thoai` names "Đối thoại tại nơi làm việc": đ folds to d."""
    content = content_tree()
    write(content / "topics.yaml", VOCABULARY)
    _agreement(content, "van-ban-a", ["doi thoai tai noi lam viec"])
    assert run_cli("check", "--content", "content", "--strict").code == 0
    register = load(content, today=TODAY).register
    assert register is not None and register.by_topic == {"doi-thoai": ("van-ban-a",)}


def test_a_topic_outside_the_vocabulary_warns_with_the_nearest(content_tree) -> None:
    """A topic the vocabulary lacks is a warning on its own line, with the nearest topics;
    --strict fails on it; the message is Vietnamese by default."""
    content = content_tree()
    write(content / "topics.yaml", VOCABULARY)
    _agreement(content, "van-ban-a", ["Tuyên truyền, giáo dục", "tuyên truyền pháp luật"])
    result = run_cli("check", "--content", "content")
    assert result.code == 0
    assert result.err_lines == [
        "content/agreements/van-ban-a.md:10: topics[1]: warning: 'tuyên truyền pháp luật' is "
        "not a topic of the vocabulary — a topic of topics.yaml, nearest: 'Tuyên truyền, "
        "giáo dục'; or add it there, as a topic or as another spelling of one",
        SUMMARY_ONE_WARNING,
    ]
    assert run_cli("check", "--content", "content", "--strict").code == 1
    vietnamese = run_cli("check", "--content", "content", "--lang", "vi").err_lines[0]
    assert vietnamese == (
        "content/agreements/van-ban-a.md:10: topics[1]: cảnh báo: 'tuyên truyền pháp luật' "
        "không có trong danh mục chủ đề — một chủ đề trong topics.yaml, gần nhất: 'Tuyên "
        "truyền, giáo dục'; hoặc thêm nó vào đó, thành một chủ đề hay một cách viết khác của "
        "một chủ đề"
    )


def test_two_spellings_of_one_topic_outside_the_vocabulary_warn(
    content_tree, tmp_path: Path
) -> None:
    """Two topics that differ only in case, marks, punctuation or word order are one topic
    (one page listing both records) and a warning naming where the first is written;
    --strict fails on it."""
    content = content_tree()
    write(content / "topics.yaml", VOCABULARY)
    _agreement(content, "van-ban-a", ["An toàn lao động"])
    _agreement(content, "van-ban-b", ["lao động, AN TOÀN"])
    result = run_cli("check", "--content", "content")
    assert result.code == 0
    variant = (
        "content/agreements/van-ban-b.md:9: topics[0]: warning: 'lao động, AN TOÀN' differs "
        "from 'An toàn lao động' (content/agreements/van-ban-a.md:9) only in case, marks, "
        "punctuation or word order — one spelling for one topic: 'An toàn lao động', or both "
        "made spellings of one topic in topics.yaml"
    )
    assert variant in result.err_lines
    assert result.err_lines[-1] == "agreements check: 0 errors, 3 warnings in 2 files"
    assert run_cli("check", "--content", "content", "--strict").code == 1
    build_site(content, tmp_path / "site")
    page = Site(tmp_path / "site").page("/topics/an-toan-lao-dong/")
    assert page.h1.get_text(strip=True) == "Chủ đề: An toàn lao động"
    assert {a["href"] for a in page.select("table.agreements tbody th a")} == {
        "/agreements/van-ban-a/",
        "/agreements/van-ban-b/",
    }


def test_two_spellings_in_one_record_name_the_line(content_tree) -> None:
    """Within one file the warning names the line of the first spelling."""
    content = content_tree()
    _agreement(content, "van-ban-a", ["Thi đua yêu nước", "thi đua - yêu nước"])
    lines = run_cli("check", "--content", "content").err_lines
    assert (
        "content/agreements/van-ban-a.md:10: topics[1]: warning: 'thi đua - yêu nước' differs "
        "from 'Thi đua yêu nước' (line 9) only in case, marks, punctuation or word order"
    ) in [line.split(" — ")[0] for line in lines]


def test_without_a_vocabulary_one_warning_and_a_page_per_spelling(
    content_tree, tmp_path: Path
) -> None:
    """A register with topics and no topics.yaml is told so once (not once per topic);
    each spelling is then a topic of its own, with its page."""
    content = content_tree()
    _agreement(content, "van-ban-a", ["Thi đua yêu nước", "Tháng Công nhân"])
    _agreement(content, "van-ban-b", ["Thi đua yêu nước"])
    result = run_cli("check", "--content", "content")
    assert result.code == 0
    assert result.err_lines == [
        "content/topics.yaml: file: warning: the register has no topics.yaml, so no topic is "
        "checked against a vocabulary (2 topics in the records) — a topics.yaml in the content "
        "folder giving each topic its key, label, explanation and other spellings (see the "
        "editors' guide)",
        SUMMARY_ONE_WARNING,
    ]
    build_site(content, tmp_path / "site")
    page = Site(tmp_path / "site").page("/topics/thi-dua-yeu-nuoc/")
    assert page.h1.get_text(strip=True) == "Chủ đề: Thi đua yêu nước"
    assert len(page.select("table.agreements tbody tr")) == 2


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "tuyen-truyen:\n  label: Tuyên truyền: giáo dục\n",
            "content/topics.yaml:2: front matter: YAML syntax error: mapping values",
        ),
        ("- tuyen-truyen\n- thi-dua\n", "content/topics.yaml:1: front matter: front matter is a"),
        (
            "tuyen-truyen: Tuyên truyền\n",
            "content/topics.yaml:1: tuyen-truyen: is the text 'Tuyên truyền' — a topic with its",
        ),
        (
            "tuyen-truyen:\n  label: Tuyên truyền\n  explanation: Giải thích.\n"
            "tuyen-truyen:\n  label: Thi đua\n",
            "content/topics.yaml:4: tuyen-truyen: 'tuyen-truyen' is given twice (also on line 1)",
        ),
        (
            "tuyen-truyen:\n  label: 12\n  explanation: Giải thích.\n",
            "content/topics.yaml:2: tuyen-truyen.label: is the number 12 — text",
        ),
    ],
)
def test_a_broken_topics_file_is_a_located_error(content_tree, text: str, first: str) -> None:
    """Bad YAML, a list, a topic that is not a group of fields, a key given twice or a
    label that is not text: each a located error in the catalogue's words, never a crash."""
    content = content_tree()
    write(content / "topics.yaml", text)
    result = run_cli("check", "--content", "content")
    assert result.code == 1
    assert result.err_lines[0].startswith(first), result.err_lines[0]
    assert "Traceback" not in result.err


def test_a_topics_file_that_is_not_utf8_is_located(content_tree) -> None:
    """topics.yaml is read with the same care as site.yaml: bytes that are not UTF-8 are
    reported with their line and column."""
    content = content_tree()
    (content / "topics.yaml").write_bytes(b"tuyen-truyen:\n  label: Tuy\xean\n")
    result = run_cli("check", "--content", "content")
    assert result.code == 1
    assert result.err_lines[0] == (
        "content/topics.yaml:2: file: file is not valid UTF-8 (byte 0xEA at column 13) — the "
        "file saved as UTF-8 text"
    )


# A register of three records: one writes a label, one an alias, one both spellings.
RECORDS = {
    "van-ban-a": ["Tuyên truyền, giáo dục"],
    "van-ban-b": ["thông tin, tuyên truyền", "Đối thoại tại nơi làm việc"],
    "van-ban-c": ["THONG TIN - TUYEN TRUYEN", "tuyên truyền, giáo dục"],
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The minimal tree with the two-topic vocabulary and three records, built."""
    from tests.conftest import assemble

    root = tmp_path_factory.mktemp("topics")
    content = assemble(root)
    write(content / "topics.yaml", VOCABULARY)
    for number, (slug, topics) in enumerate(RECORDS.items()):
        _agreement(content, slug, topics, signed=f"2023-0{number + 1}-01")
    build_site(content, root / "site")
    return Site(root / "site")


def test_the_topic_index_lists_labels_explanations_and_counts(small: Site) -> None:
    """/topics/ lists each topic by its label, in Vietnamese order, with its explanation
    and the number of agreements filed under it."""
    rows = small.page("/topics/").select("table.topic-table tbody tr")
    found = [
        (row.th.a["href"], row.th.get_text(strip=True), row.find_all("td")[0].get_text(strip=True))
        for row in rows
    ]
    assert found == [
        (
            "/topics/doi-thoai/",
            "Đối thoại tại nơi làm việc",
            "Đối thoại định kỳ giữa người lao động và người sử dụng lao động.",
        ),
        (
            "/topics/tuyen-truyen/",
            "Tuyên truyền, giáo dục",
            "Thông tin, tuyên truyền, phổ biến pháp luật cho người lao động.",
        ),
    ]
    assert [row.find_all("td")[1].get_text(strip=True) for row in rows] == ["1", "3"]


def test_a_topic_page_lists_every_record_filed_under_it(small: Site) -> None:
    """A topic's page has its label as title, its explanation and other spellings, and
    every record that names it in any spelling, each once."""
    page = small.page("/topics/tuyen-truyen/")
    assert page.title.get_text().startswith("Chủ đề: Tuyên truyền, giáo dục")
    assert page.select_one("p.lead").get_text(strip=True) == (
        "Thông tin, tuyên truyền, phổ biến pháp luật cho người lao động."
    )
    assert "thông tin, tuyên truyền" in page.select_one(".topic-absorbs").get_text()
    links = [a["href"] for a in page.select("table.agreements tbody th a")]
    assert sorted(links) == [f"/agreements/{slug}/" for slug in sorted(RECORDS)]
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("Thông tin")


def test_an_agreement_page_names_its_topics_by_label(small: Site) -> None:
    """An agreement that writes an alias shows the topic's label, linked to its page, once."""
    page = small.page("/agreements/van-ban-c/")
    row = next(tr for tr in page.select("table.facts tr") if tr.th.get_text() == "Chủ đề")
    assert [(a.get_text(), a["href"]) for a in row.select("a")] == [
        ("Tuyên truyền, giáo dục", "/topics/tuyen-truyen/")
    ]


@pytest.mark.parametrize("old", ["thong-tin-tuyen-truyen", "tuyen-truyen-giao-duc"])
def test_the_old_address_of_a_merged_spelling_redirects(small: Site, old: str) -> None:
    """The address a spelling had as a topic of its own (an alias, or the label's own
    slug) is a redirect page to the topic: meta refresh, canonical link, a visible link,
    made by the same template as an agreement's old slug."""
    page = small.page(f"/topics/{old}/")
    target = "/topics/tuyen-truyen/"
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert page.find("link", rel="canonical")["href"] == target
    assert [a["href"] for a in page.select("main a")] == [target]
    assert page.title.get_text() == "Trang đã chuyển tới: Tuyên truyền, giáo dục"
    assert "gộp vào chủ đề" in page.main.get_text()
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


# The register's own content.
CONTENT = REPO / "content"
BEFORE = json.loads((FIXTURES / "topics-before-the-merge.json").read_text(encoding="utf-8"))
"""Every topic page content/ had before the merge (commit 17376c7): key → agreements."""


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """content/ built as of a fixed date."""
    output = tmp_path_factory.mktemp("seed-topics") / "site"
    build_site(CONTENT, output, "--as-of", "2026-11-24")
    return Site(output)


def _vocabulary() -> dict:
    return yaml.safe_load((CONTENT / "topics.yaml").read_text(encoding="utf-8"))


def test_the_content_has_a_short_vocabulary_and_its_records_use_its_labels() -> None:
    """content/topics.yaml holds 10 to 15 topics, each explained, and every record's
    topics are written as their labels, each once."""
    vocabulary = _vocabulary()
    assert 10 <= len(vocabulary) <= 15 < len(BEFORE)
    assert all(topic["explanation"].strip() for topic in vocabulary.values())
    labels = {topic["label"] for topic in vocabulary.values()}
    for path in (CONTENT / "agreements").rglob("*.md"):
        topics = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]).get("topics")
        assert set(topics or ()) <= labels, path.name
        assert len(topics or ()) == len(set(topics or ())), path.name


def _followed(site: Site, link: str) -> tuple[str, BeautifulSoup]:
    """The page a link leads to, through a redirect page if it is one."""
    page = site.page(link)
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    if refresh is None:
        return link, page
    target = refresh["content"].split("url=", 1)[1]
    return target, site.page(target)


@pytest.mark.parametrize("old", sorted(BEFORE))
def test_every_topic_address_of_the_content_still_answers(seed: Site, old: str) -> None:
    """Each /topics/<key>/ the site had before the merge answers: the topic's page itself,
    or a redirect to the topic that absorbed it, which lists every agreement it listed."""
    target, page = _followed(seed, f"/topics/{old}/")
    assert target.startswith("/topics/") and target.count("/") == 3
    listed = {a["href"] for a in page.select("table.agreements tbody th a")}
    assert {f"/agreements/{slug}/" for slug in BEFORE[old]} <= listed


def test_the_issues_topic_page_now_lists_all_it_should(seed: Site) -> None:
    """/topics/thong-tin-tuyen-truyen/ listed 6 agreements while "tuyen truyen" found 10: it
    now leads to "Tuyên truyền, giáo dục", which lists the 11 records that wrote any of the
    eight tuyên truyền spellings."""
    spellings = [key for key in BEFORE if "tuyen-truyen" in key] + [
        "quan-triet-nghi-quyet",
        "giao-duc-chinh-tri-tu-tuong",
        "giao-duc-truyen-thong",
        "van-dong-dung-hang-viet-nam",
    ]
    expected = {f"/agreements/{slug}/" for key in spellings for slug in BEFORE[key]}
    assert len(BEFORE["thong-tin-tuyen-truyen"]) == 6 and len(expected) == 11
    target, page = _followed(seed, "/topics/thong-tin-tuyen-truyen/")
    assert target == "/topics/tuyen-truyen/"
    assert {a["href"] for a in page.select("table.agreements tbody th a")} == expected
    assert page.h1.get_text(strip=True) == "Chủ đề: Tuyên truyền, giáo dục"


def test_the_content_topic_index_is_the_vocabulary(seed: Site) -> None:
    """/topics/ lists exactly the vocabulary's topics (each in use), by label, with its
    explanation; no topic outside it."""
    rows = seed.page("/topics/").select("table.topic-table tbody tr")
    vocabulary = _vocabulary()
    shown = {row.th.a["href"]: row.th.get_text(strip=True) for row in rows}
    assert shown == {f"/topics/{key}/": topic["label"] for key, topic in vocabulary.items()}
    for row in rows:
        key = row.th.a["href"].split("/")[2]
        assert row.find_all("td")[0].get_text(" ", strip=True) == " ".join(
            vocabulary[key]["explanation"].split()
        )


def _json(site: Site, relative: str):
    return json.loads((site.root / relative).read_text(encoding="utf-8"))


def test_records_export_their_topics_as_keys_and_labels(seed: Site) -> None:
    """In the JSON each topic is {key, label} of the vocabulary; the CSV has the labels
    in `topics` and the keys in `topic_keys`, in the same order."""
    vocabulary = _vocabulary()
    records = _json(seed, "data/agreements.json")
    rows = {
        row["slug"]: row
        for row in csv.DictReader(
            io.StringIO((seed.root / "data/agreements.csv").read_text("utf-8"), newline="")
        )
    }
    assert any(record["topics"] for record in records)
    for record in records:
        for topic in record["topics"]:
            assert topic == {"key": topic["key"], "label": vocabulary[topic["key"]]["label"]}
        row = rows[record["slug"]]
        assert row["topics"].split("\n") == [t["label"] for t in record["topics"]] or not (
            record["topics"] or row["topics"]
        )
        assert row["topic_keys"] == "\n".join(t["key"] for t in record["topics"])
        assert _json(seed, f"agreements/{record['slug']}.json")["topics"] == record["topics"]


def test_topics_json_publishes_the_vocabulary(seed: Site) -> None:
    """/data/topics.json is the vocabulary in its file's order, each topic with its
    address and agreements; it follows the published schema and the hand-written oracle."""
    topics = _json(seed, "data/topics.json")
    vocabulary = _vocabulary()
    assert [t["key"] for t in topics] == list(vocabulary)
    records = _json(seed, "data/agreements.json")
    for topic in topics:
        written = vocabulary[topic["key"]]
        assert topic["label"] == written["label"]
        assert topic["aliases"] == written.get("aliases", [])
        assert topic["url"] == f"/topics/{topic['key']}/"
        assert sorted(topic["agreements"]) == sorted(
            r["slug"] for r in records if topic["key"] in [t["key"] for t in r["topics"]]
        )
    schema = _json(seed, "data/topic.schema.json")
    assert schema == oracle.TOPIC_SCHEMA
    for record in topics:
        jsonschema.validate(record, schema, cls=jsonschema.Draft202012Validator)
    package = _json(seed, "data/datapackage.json")
    resource = next(r for r in package["resources"] if r["path"] == "topics.json")
    assert resource["jsonSchema"] == "topic.schema.json"


def test_the_data_page_documents_topics(seed: Site) -> None:
    """/data/ links topics.json and its schema and explains every key of a topic record,
    and the record's topics as key and label."""
    page = seed.page("/data/")
    links = {a["href"] for a in page.find("main").find_all("a")}
    assert {"/data/topics.json", "/data/topic.schema.json"} <= links
    documented = [th.get_text(strip=True) for th in page.find(id="bang_chu_de").select("tbody th")]
    assert documented == list(_json(seed, "data/topics.json")[0])
    topics_row = next(
        tr for tr in page.find(id="bang_van_ban").select("tbody tr") if tr.th.get_text() == "topics"
    )
    assert "mã (key" in topics_row.get_text() and "tên (label)" in topics_row.get_text()


@pytest.mark.parametrize("language", languages())
def test_the_guides_vocabulary_example_is_a_valid_topics_file(language: str) -> None:
    """The topics.yaml example the editors' guide shows, in every language, reads with no
    problem at all."""
    from generator.content.sources import SourceFile
    from generator.content.topics import read_vocabulary
    from generator.core.diagnostics import Collector

    strings = load_strings(TEMPLATES, language)
    example = yaml.safe_load(strings["guide"]["topics"]["example"])
    collector = Collector("content/topics.yaml")
    source = SourceFile("topics", "content/topics.yaml", "topics.yaml", "topics", example, {})
    vocabulary = read_vocabulary(source, collector)
    assert collector.found == []
    assert list(vocabulary.topics) == ["tuyen-truyen"]


def test_a_hostile_vocabulary_stays_text(tmp_path: Path) -> None:
    """Payloads in a topic's label, explanation and other spellings come out as text on the
    topic index, the topic's page and the redirect from an absorbed spelling."""
    from tests.conftest import HOSTILE, assemble

    build_site(assemble(tmp_path, HOSTILE), tmp_path / "site")
    site = Site(tmp_path / "site")
    index = site.page("/topics/")
    page = site.page("/topics/xss-topic/")
    old = next((tmp_path / "site" / "topics").glob("xss-topic-1-script*/index.html"))
    redirect = BeautifulSoup(old.read_text(encoding="utf-8"), "html.parser")
    for soup in (index, page, redirect):
        assert not soup.select("main script, main img, main svg")
        assert not [tag for tag in soup.find_all(True) if "onerror" in tag.attrs]
    assert '<script>alert("x")</script>' in page.h1.get_text()
    assert "XSS-EXPLAIN <img" in page.select_one("p.lead").get_text()
    assert "XSS-TOPIC-1 <script>" in page.select_one(".topic-absorbs").get_text()
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == (
        "0; url=/topics/xss-topic/"
    )
