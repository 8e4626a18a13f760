"""Planning pages: pagination items, the per-year chart, Vietnamese order of parties."""

from __future__ import annotations

from generator.model import Party, PartyKind
from generator.pages import by_name, chart, pagination


def _numbers(current: int, pages: int) -> list[int | None]:
    return [item.number for item in pagination(current, pages)]


def test_pagination_shows_ends_neighbours_and_gaps() -> None:
    """First, last, the current page and its neighbours; an ellipsis for each gap."""
    assert _numbers(1, 3) == [1, 2, 3]
    assert _numbers(5, 10) == [1, None, 4, 5, 6, None, 10]
    assert _numbers(10, 10) == [1, None, 9, 10]
    assert _numbers(3, 5) == [1, 2, 3, 4, 5]
    assert [item.number for item in pagination(5, 10) if item.current] == [5]


def test_chart_fills_years_without_agreements() -> None:
    """Years with no signing get a zero bar, so the axis has no holes; the tallest is full."""
    drawn = chart({2019: ("a", "b"), 2022: ("c",)})
    assert drawn is not None
    assert [(bar.year, bar.count) for bar in drawn.bars] == [
        (2019, 2),
        (2020, 0),
        (2021, 0),
        (2022, 1),
    ]
    heights = [bar.height for bar in drawn.bars]
    assert heights[1] == 0 and heights[0] == 2 * heights[3]
    assert all(bar.y + bar.height == drawn.baseline for bar in drawn.bars)
    assert chart({}) is None


def test_parties_sort_in_vietnamese_order() -> None:
    """Đ comes after D and before H; plain code-point order would put it last."""
    names = ["Hà Nội", "Đà Nẵng", "Dương Kinh", "Ân Thi", "An Giang"]
    parties = {
        str(index): Party(id=str(index), name=name, kind=PartyKind.OTHER)
        for index, name in enumerate(names)
    }
    ordered = [party.name for party in by_name(parties)]
    assert ordered == ["An Giang", "Ân Thi", "Dương Kinh", "Đà Nẵng", "Hà Nội"]
    assert sorted(names) != ordered
