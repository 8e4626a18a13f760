"""The register's own content: valid, sourced, and consistent with the editors' guide."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from generator.core.model import Status
from generator.publish.build import load
from generator.site.guide import example_template
from tests.conftest import REPO, run_cli, write

CONTENT = REPO / "content"
AS_OF = dt.date(2026, 11, 24)


def _loaded():
    return load(CONTENT, today=AS_OF)


def test_check_passes_on_the_seed_content_with_no_warning(monkeypatch) -> None:
    """`agreements check` on content/ exits 0 and reports nothing at all."""
    monkeypatch.chdir(REPO)
    result = run_cli("check", "--strict", "--as-of", "2026-11-24")
    assert result.code == 0, result.err
    assert result.err == ""


SEEDS = (
    "ldld-ha-noi-cap-uy-truc-thuoc-thanh-uy-2022-2025",
    "ldld-ha-noi-ldld-nghe-an-2022-2027",
    "ldld-nghe-an-thanh-uy-vinh-chi-dao-hoat-dong-cong-doan",
    "ubnd-lang-son-ldld-lang-son-quy-che-phoi-hop",
    "ubnd-thanh-pho-ldld-thanh-pho-chua-ro",
)
"""The five records entered from ../shared/seeds/ (articles saved without their URLs)."""
REAL_REPORTS = REPO.parent / "shared" / "reports" / "real-reports.md"


def test_one_agreement_per_seed_report_each_with_a_named_source() -> None:
    """Five agreements, each citing a publisher and a title, none with an invented URL."""
    register = _loaded().register
    assert register is not None
    for slug in SEEDS:
        agreement = register.agreements[slug]
        assert agreement.sources, agreement.slug
        for source in agreement.sources:
            assert source.publisher and source.title
            assert source.url is None
        assert agreement.summary, agreement.slug


REPORT_URLS = (
    "https://baobinhduong.vn/lien-doan-lao-dong-tinh-va-toa-an-nhan-dan-tinh-ky-ket-chuong-trinh-phoi-hop-cong-tac-giai-doan-2016-2020-a153156.html",
    "https://baoninhthuan.com.vn/news/85072p24c32/ky-ket-quy-che-phoi-hop-cong-tac-giua-ldld-tinh-va-dang-uy-khoi-doanh-nghiep-tinh.htm",
    "https://baogialai.com.vn/phan-dau-100-nguoi-lao-dong-trong-khu-kinh-te-khu-cong-nghiep-tham-gia-bhxh-bhyt-bhtn-post567058.html",
    "https://dailoc.quangnam.gov.vn/Default.aspx?NewsViews=1034&tabid=107",
    "https://dailoc.quangnam.gov.vn/Default.aspx?NewsViews=2218&tabid=107",
    "http://www.thtg.vn/so-ket-quy-che-phoi-hop-ubnd-tinh-va-ldld-tinh/",
    "http://laocaitv.vn/tin-tuc/tinh-doan-va-lien-doan-lao-dong-tinh-ky-ket-chuong-trinh-phoi-hop-lao-dong",
    "https://beta.baoquangbinh.vn/xa-hoi/202404/cong-doan-khu-kinh-te-dong-nam-nghe-an-tang-qua-cho-hoc-sinh-vung-kho-khan-o-quang-binh-2217289",
    "https://nld.com.vn/cong-doan/tong-ldld-viet-nam-va-ngan-hang-nn-ptnt-ky-quy-che-phoi-hop-de-cham-lo-cho-doan-vien-20200528172326094.htm",
    "http://cand.com.vn/Hoat-dong-LL-CAND/Bo-Cong-an-ky-Quy-che-phoi-hop-voi-Tong-Lien-doan-Lao-dong-Viet-Nam-457734/",
    "http://congan.nghean.gov.vn/tin-tuc-su-kien/thong-tin-chi-dao-dieu-hanh/202304/bo-cong-an-va-tong-lien-doan-lao-dong-viet-nam-ky-ket-quy-che-phoi-hop-976924/",
    "https://nld.com.vn/nang-cao-nang-luc-doi-ngu-can-bo-cd.html",
)
"""The addresses of the twelve reports of ../shared/reports/real-reports.md, in its order."""


def test_every_real_report_is_entered_and_published() -> None:
    """Each report of real-reports.md is the source of a published record, and the register
    holds at least 17 agreements with the seeds."""
    register = _loaded().register
    assert register is not None and not register.drafts
    cited = {
        source.url
        for agreement in register.agreements.values()
        for source in (*agreement.sources, *(e.source for e in agreement.events if e.source))
    }
    assert [url for url in REPORT_URLS if url not in cited] == []
    assert len(register.agreements) >= 17


def test_the_report_list_matches_the_shared_reports() -> None:
    """REPORT_URLS is the list in ../shared/reports/real-reports.md (where it is present)."""
    if not REAL_REPORTS.is_file():
        pytest.skip("the shared reports are not beside this checkout")
    written = re.findall(r"^- url: (\S+)", REAL_REPORTS.read_text(encoding="utf-8"), re.M)
    assert tuple(written) == REPORT_URLS


def test_the_review_meeting_is_an_event_of_the_programme_it_reviews() -> None:
    """The review of the unnamed city's programme (3/3, year inferred) is its event."""
    register = _loaded().register
    agreement = register.agreements["ubnd-thanh-pho-ldld-thanh-pho-chua-ro"]
    assert [(str(e.date), e.kind.value) for e in agreement.events] == [("2022?-03-03", "review")]
    assert register.statuses[agreement.slug] is Status.UNKNOWN


def test_no_seed_date_claims_a_year_its_report_does_not_give() -> None:
    """The five seed reports give no signing year: each record says so (inferred with a
    reason, bounded, or year unknown), and none states a year as fact."""
    register = _loaded().register
    for slug in SEEDS:
        agreement = register.agreements[slug]
        signed = agreement.signed
        assert signed.certainty.value != "stated", agreement.slug
        assert signed.reason, agreement.slug


def test_the_group_of_party_committees_is_a_group_party() -> None:
    """The district Party committees of Hà Nội sign as one group under the city committee."""
    register = _loaded().register
    group = register.parties["ban-thuong-vu-cap-uy-truc-thuoc-thanh-uy-ha-noi"]
    assert group.kind.value == "group"
    assert group.parent == "thanh-uy-ha-noi"
    assert register.by_party[group.id] == ("ldld-ha-noi-cap-uy-truc-thuoc-thanh-uy-2022-2025",)


def test_statuses_follow_the_periods_given() -> None:
    """As of late 2026 the 2022–2027 programme is in force and the 2022–2025 one expired."""
    statuses = _loaded().register.statuses
    assert statuses["ldld-ha-noi-ldld-nghe-an-2022-2027"] is Status.IN_FORCE
    assert statuses["ldld-ha-noi-cap-uy-truc-thuoc-thanh-uy-2022-2025"] is Status.EXPIRED


def test_the_guides_template_is_a_valid_agreement(tmp_path: Path, monkeypatch) -> None:
    """The template the seed register's guide shows passes check, warning only of sources
    and of the body's template text (which `build` would refuse to publish)."""
    loaded = _loaded()
    assert loaded.register is not None and loaded.context is not None
    template, _ = example_template(loaded.register, loaded.context)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    write(tmp_path / template.path, template.text)
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--content", "content", "--as-of", "2026-11-24")
    assert result.code == 0, result.err
    count = len(_loaded().register.agreements)
    assert f"{count + 1} agreements" in result.out
    sources, body = result.err_lines[:-1]
    assert sources.startswith(f"{template.path}:") and "warning: no sources" in sources
    assert body.startswith(f"{template.path}:") and "is the template's text" in body
