"""Admin lists over big tables: no full COUNT(*) (shared/DESIGN.md, performance budgets)."""

from collections.abc import Sequence

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.functional import cached_property

CAP = 10_000
# deep OFFSETs walk the index up to the page: nobody reads page 2 000 of a list, they filter
MAX_PAGE = 2_000


class CappedCountPaginator(Paginator):
    """Counts at most ``CAP`` rows (``SELECT COUNT(*) FROM (… LIMIT CAP+1)``): an instructor
    never pages past ten thousand rows, they filter. The list says "10 000+" beyond."""

    @cached_property
    def count(self) -> int:
        try:
            # Without ORDER BY: the list's ordering would sort the whole table before the LIMIT.
            return self.object_list.order_by()[: CAP + 1].count()
        except (AttributeError, TypeError):
            return min(len(self.object_list), CAP + 1)


class LookaheadPage(Sequence):
    """One page of a list read with ``LIMIT per_page + 1 OFFSET …``: no COUNT(*) at all, so the
    cost of a page does not grow with the list (the largest redevable's « Ma taxe » costs what
    the median one does). It knows whether a next page exists, not how many there are."""

    def __init__(self, rows: list, *, number: int, per_page: int, param: str, query=None):
        self.has_next = len(rows) > per_page
        self.object_list = rows[:per_page]
        self.number = number
        self.per_page = per_page
        self.param = param
        self._query = query

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def _url(self, number: int) -> str:
        query = self._query.copy() if self._query is not None else QueryDict(mutable=True)
        query[self.param] = str(number)
        return "?" + query.urlencode()

    @property
    def next_url(self) -> str:
        return self._url(self.number + 1)

    @property
    def previous_url(self) -> str:
        return self._url(self.number - 1)


def page_number(value) -> int:
    """The page asked for, 1 when missing or not a positive number (never an error)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def lookahead_page(queryset, *, per_page: int, param: str = "page", query=None) -> LookaheadPage:
    """The page named by ``query[param]`` of an ordered queryset, in one query."""
    number = page_number(query.get(param) if query is not None else None)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return LookaheadPage(rows, number=number, per_page=per_page, param=param, query=query)
