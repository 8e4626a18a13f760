"""Write a large, valid, deterministic register for benchmarks and scale tests."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PROVINCES = [
    "Hà Nội",
    "Nghệ An",
    "Lạng Sơn",
    "Đà Nẵng",
    "Thanh Hóa",
    "Hải Phòng",
    "Cần Thơ",
    "Quảng Ninh",
    "Bình Dương",
    "Đồng Nai",
    "Huế",
    "Khánh Hòa",
    "Lâm Đồng",
    "Bắc Ninh",
]
KINDS = ["program", "regulation", "plan", "memorandum", "agreement", "other"]
TOPICS = [
    "chăm lo đời sống người lao động",
    "bảo vệ quyền, lợi ích hợp pháp",
    "thông tin, tuyên truyền",
    "thi đua yêu nước",
    "xây dựng công đoàn cơ sở",
    "phát triển đoàn viên",
    "kiểm tra, giám sát",
    "quy chế dân chủ cơ sở",
]


def write_register(folder: Path, agreements: int, seed: int = 1) -> Path:
    """Write site.yaml, two parties per province and `agreements` agreements; return the folder."""
    rng = random.Random(seed)
    (folder / "parties").mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text("title: Sổ đăng ký thử tải\nbase_url: /\n", encoding="utf-8")
    parties = []
    for index, province in enumerate(PROVINCES):
        for prefix, kind, name in (
            ("ldld", "labour-federation", "Liên đoàn Lao động tỉnh"),
            ("ubnd", "peoples-committee", "Ủy ban nhân dân tỉnh"),
        ):
            party_id = f"{prefix}-{index:02d}"
            parties.append(f"{name} {province}")
            (folder / "parties" / f"{party_id}.md").write_text(
                f"---\nname: {name} {province}\nkind: {kind}\nprovince: {province}\n---\n"
                f"Mô tả {name.lower()} {province}.\n",
                encoding="utf-8",
            )
    for number in range(agreements):
        year = 2005 + number % 20
        first, second = rng.sample(parties, 2)
        topics = "".join(f"  - {t}\n" for t in rng.sample(TOPICS, 3))
        related = ""
        if number >= 20 and number % 7 == 0:
            related = f"related:\n  - rel: follows\n    slug: van-ban-{number - 20:05d}\n"
        path = folder / "agreements" / str(year) / f"van-ban-{number:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\ntitle: Chương trình phối hợp số {number} giữa {first} và {second}\n"
            f"kind: {KINDS[number % len(KINDS)]}\nparties:\n  - {first}\n  - {second}\n"
            f"signed: {year}-{1 + number % 12:02d}-{1 + number % 28:02d}\n"
            f"period:\n  start: {year}\n  end: {year + 1 + number % 5}\n"
            f"summary: Hai bên phối hợp trong các lĩnh vực được nêu.\ntopics:\n{topics}{related}"
            f"sources:\n  - publisher: Báo thử tải\n    title: Bài số {number}\n---\n"
            + "Hai bên cam kết phối hợp chặt chẽ. " * 40
            + "\n",
            encoding="utf-8",
        )
    return folder


def main() -> None:
    """`python -m benchmarks.synthetic DIR --agreements N`"""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--agreements", type=int, default=10_000)
    args = parser.parse_args()
    write_register(args.folder, args.agreements)


if __name__ == "__main__":
    main()
