"""A writer process for the reliability tests: adds activities one by one and prints each id once committed.

Usage: python -m tests.register.writer URL PREFIX COUNT
A line on stdout means that write was acknowledged (its transaction committed). Synthetic data: tests only.
"""

from __future__ import annotations

import sys

from attdash.register import validation
from attdash.register.store import Viewer, open_store


def main() -> int:
    url, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = open_store(url)
    who = Viewer(f"writer-{prefix}", "member")
    states = frozenset({"KEN", "UGA", "ECU"})
    for i in range(count):
        act = validation.activity({"targets": [("KEN", "UGA", "ECU")[i % 3]], "activity_date": "2026-01-15",
                                   "actor_kind": "champion", "actor_name": f"Writer {prefix}", "kind": "letter_or_demarche",
                                   "summary": f"Submission {prefix}-{i}"}, states)
        uid = f"{prefix}-{i:06d}"
        try:
            store.add(who, act, uid=uid)
        except Exception as exc:  # the server died: stop; nothing after this was acknowledged
            print(f"stopped: {type(exc).__name__}", file=sys.stderr)
            return 1
        sys.stdout.write(uid + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
