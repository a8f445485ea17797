"""The outreach register: who is engaging which State (work plan ¶8–9). The only mutable data of attdash.

- ``vocab``: fixed choices and limits; ``validation``: every user value is checked here;
- ``store``: the ACID store (SQLAlchemy Core; SQLite by default, PostgreSQL via ATTDASH_DATABASE_URL);
- ``users``: local accounts (argon2), roles, rate-limited sign-in;
- ``planning``: the step approach per UN group, joining snapshot facts with register rows;
- ``cli``: ``python -m attdash register ...`` and ``python -m attdash users ...``.
"""
