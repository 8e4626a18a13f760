"""Planning pages: pagination items, the per-year chart, Vietnamese order of parties."""

from __future__ import annotations

from generator.core.model import Party, PartyKind
from generator.site.pages import CHART_SPAN, by_name, chart, pagination


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
    """Years with no signing get an empty row, so no year is missing; the longest bar
    (sure and possible together) takes the whole span; only years with a page link."""
    drawn = chart({2019: ("a", "b"), 2022: ("c",)}, {2021: ("d",), 2022: ("d",)}, {2019, 2022})
    assert drawn is not None
    assert [(bar.year, bar.count, bar.maybe) for bar in drawn.bars] == [
        (2019, 2, 0),
        (2020, 0, 0),
        (2021, 0, 1),
        (2022, 1, 1),
    ]
    widths = [(bar.sure_width, bar.maybe_width) for bar in drawn.bars]
    assert widths[0] == (CHART_SPAN, 0) and widths[1] == (0, 0)
    assert widths[3] == (CHART_SPAN / 2, CHART_SPAN / 2)
    assert [bar.linked for bar in drawn.bars] == [True, False, False, True]
    assert [bar.y for bar in drawn.bars] == [0, drawn.row, 2 * drawn.row, 3 * drawn.row]
    assert drawn.row >= 24 and drawn.any_maybe
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
