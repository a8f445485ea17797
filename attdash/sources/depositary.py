"""The depositary refresh (``untc import``) for the Data updates page: the saved UN Treaty Collection page or
XML is planned against a staging copy of the sources, the grouped diff is reviewed, then applied to the copy
and published with the same atomic build as an upload (:func:`attdash.sources.publish.publish_folder`)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from attdash.sources.publish import publish_folder
from attdash.sources.staging import STAGING_PREFIX, clean_stale, fingerprint
from attdash.depositary.importer import Plan, apply_plan, plan_import
from attdash.depositary.page import read_page

MAX_BYTES = 20 * 1024 * 1024


@dataclass
class DepositaryStaged:
    plan: Plan
    staging: Path
    sources: Path
    base_fingerprint: str
    file_name: str
    sha256: str

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def stage(file_name: str, data: bytes, sources: Path, status_as_at: dt.date | None = None) -> DepositaryStaged:
    """Read the page and plan the import against a staging copy. Raises BadPage / CannotImport (one line)."""
    import hashlib

    from attdash.depositary.page import BadPage
    if len(data) > MAX_BYTES:
        raise BadPage(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB: not a status page")
    table = read_page(data, status_as_at)
    clean_stale(sources)
    base = fingerprint(sources)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=sources.parent))
    shutil.copytree(sources, staging / "sources", ignore=shutil.ignore_patterns("research", ".*"))
    try:
        plan = plan_import(table, staging / "sources")
    except Exception:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return DepositaryStaged(plan, staging, sources, base, Path(file_name).name[:200],
                            hashlib.sha256(data).hexdigest())


def publish(st: DepositaryStaged, username: str, as_of: dt.date | None = None, store=None,
            dest: Path | None = None) -> Path:
    """Apply the plan to the staging copy and publish it as the snapshot ``as_of`` (default today)."""
    as_of = as_of or dt.date.today()
    apply_plan(st.plan)
    (st.staging / "sources" / "AS_OF").write_text(as_of.isoformat() + "\n")
    path, files = publish_folder(st.staging / "sources", st.sources, as_of, st.base_fingerprint, dest)
    if store is not None:
        from attdash.register import data_audit
        data_audit.record(store, username=username, action="depositary", snapshot=path.name,
                          file_name=st.file_name, sha256=st.sha256, tables=[f.removesuffix(".csv") for f in files],
                          summary={"files": files})
    st.discard()
    return path
