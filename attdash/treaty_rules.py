"""Article 22 of the Arms Trade Treaty: when the Treaty enters into force for a State.

Art. 22(1): "This Treaty shall enter into force ninety days following the date of the deposit of the
fiftieth instrument of ratification, acceptance or approval with the Depositary." The fiftieth was
deposited on 25 Sep 2014, so the Treaty entered into force on 24 Dec 2014 — for every State whose
instrument had been deposited by then, including those deposited between 25 Sep and 24 Dec 2014.

Art. 22(2): "For any State that deposits its instrument of ratification, acceptance, approval or accession
subsequent to the entry into force of this Treaty, this Treaty shall enter into force for that State ninety
days following the date of its deposit of its instrument of ratification, acceptance, approval or accession."
Only a deposit *after* 24 Dec 2014 waits 90 days; a deposit on 24 Dec 2014 itself is not "subsequent to"
the entry into force, so the Treaty is in force for that State from that day.

The same rule is the ``entry_into_force`` macro of ``queries/_definitions.sql`` (a test checks they agree);
every stored or displayed entry-into-force date derives from it.
"""

from __future__ import annotations

import datetime as dt

from attdash.vocab import TREATY_ENTRY_INTO_FORCE


def entry_into_force(deposit: dt.date) -> dt.date:
    """Entry-into-force date for a State whose instrument was deposited on ``deposit``."""
    if deposit <= TREATY_ENTRY_INTO_FORCE:  # Art. 22(1): deposited before the Treaty entered into force
        return TREATY_ENTRY_INTO_FORCE
    return deposit + dt.timedelta(days=90)  # Art. 22(2)
