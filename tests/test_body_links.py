"""Links between records written in bodies: `@/…` and root-relative section links are
checked by `check` and reach their page under a base path."""

from __future__ import annotations

from pathlib import Path

from generator.content.links import body_links
from tests.conftest import Site, assemble, build_site, run_cli, write

LINKING = """---
title: Chương trình có liên kết
kind: program
parties: [UBND tỉnh Nghệ An, LĐLĐ tỉnh Nghệ An]
signed: 2024-02-01
sources:
  - publisher: Báo thử nghiệm
---
Kế tục [quy chế](@/agreements/quy-che-nghe-an), do [Liên đoàn](@/parties/ldld-nghe-an#van_ban)
ký; [cùng quy chế, từ gốc trang](/agreements/quy-che-nghe-an/) và [năm 2023](/years/2023/).
Xem [trang ngoài](https://example.org/a) và [giới thiệu][gt].

[gt]: @/pages/gioi-thieu

Chữ `@/agreements/khong-co` trong mã nguồn không phải liên kết:

```
[mẫu](@/agreements/cung-khong-co)
```
"""

PAGE = """---
title: Giới thiệu
---
Trang giới thiệu.
"""


def test_record_links_reach_their_pages_under_a_base_path(tmp_path: Path) -> None:
    content = assemble(tmp_path)
    write(content / "agreements" / "chuong-trinh-lien-ket.md", LINKING)
    write(content / "pages" / "gioi-thieu.md", PAGE)
    build_site(content, tmp_path / "site", "--base-url", "https://owner.github.io/register/")
    site = Site(tmp_path / "site", "/register/")
    page = site.page("/register/agreements/chuong-trinh-lien-ket/")
    links = {a.get_text(): a["href"] for a in page.select("#noi_dung_cam_ket ~ * a, .prose a")}
    assert links["quy chế"] == "/register/agreements/quy-che-nghe-an/"
    assert links["Liên đoàn"] == "/register/parties/ldld-nghe-an/#van_ban"
    assert links["cùng quy chế, từ gốc trang"] == "/register/agreements/quy-che-nghe-an/"
    assert links["năm 2023"] == "/register/years/2023/"
    assert links["giới thiệu"] == "/register/gioi-thieu/"
    assert links["trang ngoài"] == "https://example.org/a"
    for name in ("quy chế", "Liên đoàn", "cùng quy chế, từ gốc trang", "giới thiệu"):
        target = site.file_for(links[name])
        assert target is not None and target.is_file(), name
    assert "@/" not in str(page.select_one(".prose a"))


def test_check_accepts_links_to_existing_records_and_ignores_code(content_tree) -> None:
    content = content_tree()
    write(content / "agreements" / "chuong-trinh-lien-ket.md", LINKING)
    write(content / "pages" / "gioi-thieu.md", PAGE)
    result = run_cli("check", "--content", "content")
    assert result.code == 0, result.err


def test_a_link_to_a_missing_record_is_located_with_the_nearest_ids(content_tree) -> None:
    content = content_tree()
    text = LINKING.replace("@/parties/ldld-nghe-an#", "@/parties/ldld-nghean#")
    write(content / "agreements" / "chuong-trinh-lien-ket.md", text)
    write(content / "pages" / "gioi-thieu.md", PAGE)
    result = run_cli("check", "--content", "content")
    assert result.code == 1
    (line, _summary) = result.err_lines
    assert line.startswith("content/agreements/chuong-trinh-lien-ket.md:9: body: ")
    assert "'@/parties/ldld-nghean#van_ban' links to a party that does not exist" in line
    assert line.endswith("nearest: @/parties/ldld-nghe-an, @/parties/ubnd-nghe-an")


def test_only_links_outside_code_are_found() -> None:
    found = body_links(LINKING.split("---\n", 2)[2])
    assert [(link.section, link.slug) for link in found] == [
        ("agreements", "quy-che-nghe-an"),
        ("parties", "ldld-nghe-an"),
        ("agreements", "quy-che-nghe-an"),
        (None, None),
        ("pages", "gioi-thieu"),
    ]


def test_a_line_separator_inside_a_line_does_not_move_the_line_reported(tmp_path: Path) -> None:
    """Lines are counted as editors count them, by newlines only: a form feed or U+2028
    inside a line (found by the fuzzer) used to put a dangling link one line further down,
    past the end of the file."""
    content = assemble(tmp_path)
    page = content / "agreements" / "quy-che-nghe-an.md"
    text = page.read_text(encoding="utf-8") + "\x0c \u2028 [0](@/pages/khong-co)\n"
    page.write_text(text, encoding="utf-8")
    line = text.count("\n")
    run = run_cli("check", "--content", str(content))
    assert f"quy-che-nghe-an.md:{line}: body: '@/pages/khong-co'" in run.err
