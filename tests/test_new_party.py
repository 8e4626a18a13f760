"""`agreements new-party`: a party file from flags, the province checked against the list."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import run_cli, tree_hashes


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def test_a_new_party_file_is_written_and_named_by_its_short_name(content_tree) -> None:
    content_tree()
    result = run_cli(
        "new-party",
        "--name",
        "Liên đoàn Lao động thành phố Hà Nội",
        "--short",
        "LĐLĐ thành phố Hà Nội",
        "--kind",
        "liên đoàn lao động",
        "--province",
        "Hà Nội",
        "--parent",
        "LĐLĐ tỉnh Nghệ An",
    )
    assert result.code == 0, result.err
    path = Path("content/parties/ldld-ha-noi.md")
    assert result.out == f"agreements new-party: wrote {path}\n"
    data = _front_matter(path)
    assert data == {
        "name": "Liên đoàn Lao động thành phố Hà Nội",
        "short": "LĐLĐ thành phố Hà Nội",
        "kind": "labour-federation",
        "province": "Hà Nội",
        "parent": "ldld-nghe-an",
    }
    check = run_cli("check", "--content", "content")
    assert check.code == 0, check.err
    warned = [line.split(": ", 2)[1] for line in check.err_lines[:-1]]
    assert warned == ["body"]  # only the template's body is left to write
    assert "template's text" in check.err_lines[0]


def test_a_mistyped_province_and_parent_are_refused_with_the_nearest_names(
    content_tree,
) -> None:
    content = content_tree()
    before = tree_hashes(content)
    result = run_cli(
        "new-party",
        "--name",
        "Ủy ban nhân dân tỉnh Gia Lai",
        "--kind",
        "peoples-committee",
        "--province",
        "tỉnh Gia lai",
        "--parent",
        "ldld-nghe-ann",
    )
    assert result.code == 2  # a bad flag value; an unknown parent alone is 1
    province, parent, nothing = result.err_lines
    assert province.startswith("agreements new-party: error: province: 'tỉnh Gia lai'")
    assert "nearest: Gia Lai" in province
    assert parent.startswith("agreements new-party: error: parent: no party is called")
    assert "ldld-nghe-an" in parent
    assert nothing == "agreements new-party: nothing written"
    assert tree_hashes(content) == before


def test_an_id_in_use_is_refused_and_missing_flags_are_named(content_tree) -> None:
    content_tree()
    taken = run_cli("new-party", "--name", "X", "--kind", "other", "--id", "ldld-nghe-an")
    assert taken.code == 2
    assert "id: party id 'ldld-nghe-an' is also used by another party" in taken.err
    missing = run_cli("new-party", "--name", "Tên")
    assert missing.code == 2
    assert "missing --kind" in missing.err


def test_new_party_speaks_vietnamese_by_default(content_tree, monkeypatch) -> None:
    monkeypatch.delenv("AGREEMENTS_LANG", raising=False)
    content_tree()
    result = run_cli(
        "new-party", "--name", "Sở Lao động tỉnh Nghệ An", "--kind", "cơ quan nhà nước"
    )
    assert result.code == 0, result.err
    assert result.out == "agreements new-party: đã ghi content/parties/so-lao-dong-nghe-an.md\n"


def test_nothing_is_written_through_a_folder_linked_out_of_the_content(
    content_tree, tmp_path_factory
) -> None:
    content = content_tree()
    outside = tmp_path_factory.mktemp("outside")
    for path in (content / "parties").iterdir():
        path.rename(outside / path.name)
    (content / "parties").rmdir()
    (content / "parties").symlink_to(outside, target_is_directory=True)
    result = run_cli("new-party", "--name", "Sở Lao động tỉnh Nghệ An", "--kind", "other")
    assert result.code == 2
    assert "leads outside the content folder; nothing written" in result.err
    assert not (outside / "so-lao-dong-nghe-an.md").exists()
    assert "Traceback" not in result.err
