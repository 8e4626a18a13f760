"""Across files: party names resolve however typed; statuses and indexes derive correctly."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from generator.core.model import Status
from generator.publish.build import load
from tests.conftest import TODAY, assemble, write


def _agreement_file(content: Path, slug: str, parties: list[str], extra: str = "") -> None:
    listed = "".join(f"  - {name}\n" for name in parties)
    write(
        content / "agreements" / f"{slug}.md",
        f"---\ntitle: Văn bản {slug}\nkind: program\nparties:\n{listed}signed: 2023-01-10\n"
        f"{extra}sources:\n  - publisher: Báo thử nghiệm\n---\nNội dung.\n",
    )


def test_names_resolve_whatever_the_encoding_spacing_and_tone_placement(tmp_path: Path) -> None:
    """NFD text, uỷ/ủy and doubled spaces all resolve to the same party ids."""
    content = assemble(tmp_path)
    nfd = unicodedata.normalize("NFD", "Liên đoàn Lao động tỉnh Nghệ An")
    _agreement_file(content, "nfd", [nfd, "Uỷ ban  nhân dân tỉnh   Nghệ An"])
    _agreement_file(content, "khong-dau", ["lien doan lao dong tinh nghe an", "UBND TINH NGHE AN"])
    _agreement_file(content, "ma", ["ldld-nghe-an", "ubnd-nghe-an"])
    loaded = load(content, today=TODAY)
    assert loaded.diagnostics == []
    assert loaded.register is not None
    for slug in ("nfd", "khong-dau", "ma", "quy-che-nghe-an"):
        assert set(loaded.register.agreements[slug].parties) == {"ldld-nghe-an", "ubnd-nghe-an"}


def test_statuses_and_backlinks_come_from_the_whole_register(tmp_path: Path) -> None:
    """A superseding agreement marks the older one superseded and links back to it."""
    content = assemble(tmp_path)
    _agreement_file(
        content,
        "moi",
        ["ldld-nghe-an", "ubnd-nghe-an"],
        "period:\n  start: 2023\n  end: 2028\n"
        "related:\n  - rel: supersedes\n    slug: quy-che-nghe-an\n",
    )
    loaded = load(content, today=TODAY)
    register = loaded.register
    assert loaded.diagnostics == [] and register is not None
    assert register.statuses["quy-che-nghe-an"] is Status.SUPERSEDED
    assert register.statuses["moi"] is Status.IN_FORCE
    backlinks = register.backlinks["quy-che-nghe-an"]
    assert [(b.rel, b.slug) for b in backlinks] == [("superseded-by", "moi")]
    before = load(content, today=TODAY, as_of=dt.date(2022, 12, 31)).register
    assert before is not None
    assert before.statuses["quy-che-nghe-an"] is Status.UPCOMING


def test_indexes_group_agreements_by_party_year_kind_and_topic(tmp_path: Path) -> None:
    """Each index lists exactly the agreements that belong to its key."""
    content = assemble(tmp_path)
    _agreement_file(
        content,
        "co-chu-de",
        ["ldld-nghe-an", "ubnd-nghe-an"],
        "topics:\n  - Thi đua yêu nước\n  - thi đua yêu nước\n",
    )
    register = load(content, today=TODAY).register
    assert register is not None
    assert set(register.by_party["ldld-nghe-an"]) == {"co-chu-de", "quy-che-nghe-an"}
    assert register.by_year == {2023: ("quy-che-nghe-an", "co-chu-de")}
    assert register.by_kind["program"] == ("co-chu-de",)
    assert register.by_topic == {"thi-dua-yeu-nuoc": ("co-chu-de",)}
    assert register.topic_names == {"thi-dua-yeu-nuoc": "Thi đua yêu nước"}
    assert register.in_force_by_year[2027] == ("quy-che-nghe-an",)
    assert 2028 not in register.in_force_by_year


def test_the_as_of_date_comes_from_the_option_then_site_yaml_then_today(tmp_path: Path) -> None:
    """No hidden clock: the caller's today is used only when nothing fixes the date."""
    content = assemble(tmp_path)
    assert load(content, today=TODAY).register.as_of == TODAY
    with (content / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("as_of: 2020-01-02\n")
    assert load(content, today=TODAY).register.as_of == dt.date(2020, 1, 2)
    fixed = load(content, today=TODAY, as_of=dt.date(2021, 3, 4))
    assert fixed.register.as_of == dt.date(2021, 3, 4)


def test_drafts_are_checked_but_not_published(tmp_path: Path) -> None:
    """A draft with a mistake is reported; a valid draft stays out of the register."""
    content = assemble(tmp_path)
    _agreement_file(content, "ban-nhap", ["ldld-nghe-an", "ubnd-nghe-an"], "draft: true\n")
    register = load(content, today=TODAY).register
    assert "ban-nhap" not in register.agreements
    assert [d.slug for d in register.drafts] == ["ban-nhap"]
    _agreement_file(content, "ban-nhap", ["ldld-nghe-an", "khong-co"], "draft: true\n")
    assert [d.code for d in load(content, today=TODAY).errors] == ["unknown-party"]


def test_agreements_are_listed_newest_first_then_by_title(tmp_path: Path) -> None:
    """Same-day agreements follow Vietnamese alphabetical order of their titles (D < Đ < H)."""
    content = assemble(tmp_path)
    for slug, title in (("a-hop-tac", "Hợp tác"), ("b-de-an", "Đề án"), ("c-du-an", "Dự án")):
        _agreement_file(content, slug, ["ldld-nghe-an", "ubnd-nghe-an"])
        path = content / "agreements" / f"{slug}.md"
        path.write_text(
            path.read_text("utf-8").replace(f"title: Văn bản {slug}", f"title: {title}"), "utf-8"
        )
    register = load(content, today=TODAY).register
    assert list(register.agreements) == ["quy-che-nghe-an", "c-du-an", "b-de-an", "a-hop-tac"]
