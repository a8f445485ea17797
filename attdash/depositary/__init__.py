"""The depositary: the UN Treaty Collection's status page of the Arms Trade Treaty (XXVI-8) and its importer.

- :mod:`attdash.depositary.page`: reads the saved ViewDetails HTML page or the MTDSG XML (lxml, no entity
  expansion, no fetch) into dated participant rows and header counts.
- :mod:`attdash.depositary.importer`: maps them onto the curated source tables as a grouped diff, written only when
  applied (the depositary wins; losing values go to ``treaty_conflicts.csv``).
- :mod:`attdash.depositary.cli`: ``python -m attdash untc import``.
"""
