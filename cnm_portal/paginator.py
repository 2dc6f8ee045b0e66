"""Admin lists over big tables: no full COUNT(*) (shared/DESIGN.md, performance budgets)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 10_000


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
