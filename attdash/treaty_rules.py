"""Article 22 of the Arms Trade Treaty: when the Treaty enters into force for a State.

Art. 22(1): the Treaty entered into force 90 days after the 50th instrument was
deposited (25 Sep 2014 → 24 Dec 2014). Art. 22(2): for a State depositing later,
it enters into force on the 90th day after that State's deposit.
"""

from __future__ import annotations

import datetime as dt

from attdash.vocab import FIRST_COHORT_LAST_DEPOSIT, TREATY_ENTRY_INTO_FORCE


def entry_into_force(deposit: dt.date) -> dt.date:
    """Entry-into-force date for a State whose instrument was deposited on ``deposit``."""
    if deposit <= FIRST_COHORT_LAST_DEPOSIT:
        return TREATY_ENTRY_INTO_FORCE
    return deposit + dt.timedelta(days=90)
