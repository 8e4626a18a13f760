"""The raw record on an agreement page: behind a disclosure, and without the editors'
comments (the notes `agreements new` writes are for editors, not citizens)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.content.sources import without_comments
from tests.conftest import REPO, Site, build_site, run_cli

FRONT_MATTERS = sorted((REPO / "content").rglob("*.md")) + sorted(
    (REPO / "tests" / "fixtures" / "showcase").rglob("*.md")
)


def _front_matter(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[1]


@pytest.mark.parametrize("path", FRONT_MATTERS, ids=lambda p: p.stem)
def test_taking_comments_out_keeps_every_value(path: Path) -> None:
    """YAML reads the same data with and without the comments."""
    text = _front_matter(path) + "# a last note\n"
    assert yaml.safe_load(without_comments(text)) == yaml.safe_load(text)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("title: Quy chế  # ghi chú\n", "title: Quy chế\n"),
        ('title: "Quy chế # 1"  # x\n', 'title: "Quy chế # 1"\n'),
        ("note: 'it''s # not' # yes\n", "note: 'it''s # not'\n"),
        ('note: "a \\" # b" # c\n', 'note: "a \\" # b"\n'),
        ("url: https://x.org/a#b\n", "url: https://x.org/a#b\n"),
        ("  # period:\n", ""),
    ],
)
def test_a_comment_is_what_yaml_calls_one(line: str, kept: str) -> None:
    assert without_comments(line) == kept


def test_the_page_keeps_the_record_closed_and_without_comments(
    tmp_path: Path, content_tree
) -> None:
    content_tree()
    written = run_cli(
        "new",
        "--title",
        "Quy chế phối hợp mới",
        "--kind",
        "regulation",
        "--party",
        "ldld-nghe-an",
        "--party",
        "ubnd-nghe-an",
        "--signed",
        "2024-03-05",
    )
    assert written.code == 0, written.err
    from generator.publish.build import build
    from tests.conftest import TODAY

    built = build(Path("content"), tmp_path / "site", today=TODAY, publishing=False)
    assert built.written
    page = Site(tmp_path / "site").page("/agreements/ldld-ubnd-nghe-an-quy-che-2024/")
    details = page.find(id="ban_ghi").find_parent("details")
    assert details is not None and not details.has_attr("open")
    assert details.summary.get_text(strip=True)
    shown = details.select_one(".record__raw pre").get_text()
    assert "title: Quy chế phối hợp mới" in shown
    assert "#" not in shown and "Bắt buộc" not in shown
    assert "Liên đoàn Lao động tỉnh Nghệ An" not in shown  # the id's comment is gone


def test_the_seed_pages_show_no_comment(tmp_path: Path) -> None:
    build_site(REPO / "content", tmp_path / "site")
    site = Site(tmp_path / "site")
    for path in sorted((tmp_path / "site" / "agreements").glob("*/index.html"))[:5]:
        block = site.soup(path.relative_to(tmp_path / "site").as_posix()).select_one(
            "details.editors .record__raw pre"
        )
        assert block is not None
        assert not any(line.lstrip().startswith("#") for line in block.get_text().splitlines())


def test_editor_material_is_in_one_closed_section_at_the_end(showcase: Site) -> None:
    """Every record ends with one closed "Dành cho người biên tập" section holding the edit
    link (repository, branch, the file's path), the file, the JSON and the front matter;
    outside it the page shows none of them: no file path, no JSON link, no YAML keys."""
    pages = sorted((showcase.root / "agreements").glob("*/index.html"))
    assert pages
    for path in pages:
        page = showcase.soup(path.relative_to(showcase.root).as_posix())
        if page.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # an old address
        article = page.select_one("main article")
        editors = article.select("details.editors")
        assert len(editors) == 1, path
        block = editors[0]
        assert not block.has_attr("open")
        assert block.summary.get_text(strip=True) == "Dành cho người biên tập"
        assert article.find_all(recursive=False)[-1] is block, path  # the record's last part
        slug = path.parent.name
        relative = f"content/agreements/{slug}"
        edit = block.select_one("a.editors__edit")
        assert edit.get_text(strip=True) == "Sửa bản ghi này trên GitHub"
        assert edit["href"].startswith("https://github.com/example/so-dang-ky/edit/main/content/")
        assert edit["href"].endswith(".md")
        file_path = edit["href"].split("/edit/main/", 1)[1]
        assert file_path in block.get_text()
        assert block.select_one(f"a[href='/agreements/{slug}.json']") is not None
        assert block.select_one(".record__raw pre").get_text().startswith("---")
        block.extract()
        rest = page.select_one("main").get_text(" ")
        assert "content/agreements" not in rest and relative not in rest
        assert "JSON" not in rest and "title:" not in rest and "parties:" not in rest
