"""The Secretariat's files: templates, reading XLSX/CSV uploads, the reviewed diff, publishing a snapshot.

- :mod:`attdash.sources.catalog`: which tables the Secretariat feeds and how an upload replaces their rows.
- :mod:`attdash.sources.template`: the Excel template of a table, generated from the schema.
- :mod:`attdash.sources.reading`: an uploaded XLSX/CSV → raw rows per table (messy files accepted, each
  conversion noted).
- :mod:`attdash.sources.staging`: the upload merged into a staging copy of the sources, validated with the
  rules of ``snapshot build``, the diff and what it changes for users.
- :mod:`attdash.sources.publish`: write the sources and build the snapshot (atomic), the audit log, withdrawal.
"""
