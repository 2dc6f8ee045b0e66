"""Section 7 of the RGA: programmes d'aide au développement international (art. 27 to 31).

Six programmes on one frame — « le montant de l'aide est compris entre X et Y », not above the
contribution of the project holders, 25 % of the budget when the master owner has no stable
establishment in France, yearly caps shared by the international programmes — but the articles
are not identical: what is common lives in :mod:`.figures` (figures, expense categories, texts)
and :mod:`.rules` (rule functions and steps, the differing thresholds as parameters); each
definition spells out its own (:mod:`.classiques` art. 27-28, :mod:`.jazz` art. 29 and 29-1,
:mod:`.actuelles` art. 30-31).

None of these articles gives a rate: the maximum aid is the lowest of the eligible expenses the
aid can cover, the programme's maximum, the holders' contribution and the caps; the amount asked
must lie between the programme's minimum and maximum.
"""

from aides.programmes.international import actuelles, classiques, jazz
from aides.programmes.international.figures import CLASSIQUES, INTERNATIONAL, JAZZ

__all__ = ["CLASSIQUES", "INTERNATIONAL", "JAZZ", "actuelles", "classiques", "jazz"]
