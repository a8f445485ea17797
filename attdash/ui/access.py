"""Who may see restricted tables (schema.Table.restricted_to) on the pages: the signed-in user's role.

Uses the sign-in of :mod:`attdash.ui.auth` as it is; signed out, the role is None and no restricted row is shown.
"""

from __future__ import annotations

from attdash.sources import schema


def viewer_role() -> str | None:
    from attdash.ui.auth import current_user
    user = current_user()
    return user.role if user is not None else None


def may_see(table_name: str, role: str | None) -> bool:
    return schema.may_see(schema.TABLES_BY_NAME[table_name], role)


def is_secretariat() -> bool:
    return viewer_role() == "secretariat"
