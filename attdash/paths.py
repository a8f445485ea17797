"""Where things live. One place, so tests can point the project at other folders."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"
GEO_DIR = ROOT / "data" / "geo"


#: Settings that name a file or folder. Each is checked by :func:`check_settings` (command line and pages).
PATH_SETTINGS = ("ATTDASH_SOURCES", "ATTDASH_SNAPSHOTS", "ATTDASH_CACHE", "ATTDASH_CACHE_KEY_FILE",
                 "ATTDASH_DATA_DIR")
_MAX_PATH = 1024


class BadSetting(ValueError):
    """An ATTDASH_* setting that cannot name a file or folder; ``args[0]`` is one line naming it."""


def check_settings() -> None:
    """Refuse, in one line, a path setting with control characters or of absurd length (before anything opens).

    An empty setting means the default (as if unset), never the current folder. A setting naming a place that
    does not exist or cannot be written (``/proc/x``) is answered where it is used: no snapshots, no cache, or
    a one-line error naming the folder.
    """
    for name in PATH_SETTINGS:
        value = os.environ.get(name)
        if not value:
            continue
        bad = next((ch for ch in value if ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F), None)
        if bad is not None:
            raise BadSetting(f"{name} contains the control character U+{ord(bad):04X}; it must name a folder or file")
        if len(value) > _MAX_PATH:
            raise BadSetting(f"{name} is {len(value):,} characters long (at most {_MAX_PATH}); it must name a "
                             "folder or file")


def _setting(name: str, default: Path) -> Path:
    return Path(os.environ.get(name) or default)


def sources_dir() -> Path:
    """The curated, human-edited source tables (override: ATTDASH_SOURCES)."""
    return _setting("ATTDASH_SOURCES", ROOT / "data" / "sources")


def snapshots_dir() -> Path:
    """Where dated snapshots are written and read (override: ATTDASH_SNAPSHOTS)."""
    return _setting("ATTDASH_SNAPSHOTS", ROOT / "data" / "snapshots")


def cache_dir() -> Path:
    """Derived, disposable files: each snapshot's computed database (override: ATTDASH_CACHE)."""
    return _setting("ATTDASH_CACHE", ROOT / "data" / "cache")


def cache_mac_key_file() -> Path:
    """The per-installation secret that signs the cache files (override: ATTDASH_CACHE_KEY_FILE).

    Never inside the cache folder: whoever can write the cache must not also hold the key. Default:
    ``$XDG_CONFIG_HOME/attdash/cache-mac.key`` (``~/.config/attdash/cache-mac.key``), created 0600 on first use.
    """
    explicit = os.environ.get("ATTDASH_CACHE_KEY_FILE")
    if explicit:
        return Path(explicit)
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "attdash" / "cache-mac.key"
