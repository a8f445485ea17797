"""Where things live. One place, so tests can point the project at other folders."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"
GEO_DIR = ROOT / "data" / "geo"


def sources_dir() -> Path:
    """The curated, human-edited source tables (override: ATTDASH_SOURCES)."""
    return Path(os.environ.get("ATTDASH_SOURCES", ROOT / "data" / "sources"))


def snapshots_dir() -> Path:
    """Where dated snapshots are written and read (override: ATTDASH_SNAPSHOTS)."""
    return Path(os.environ.get("ATTDASH_SNAPSHOTS", ROOT / "data" / "snapshots"))


def cache_dir() -> Path:
    """Derived, disposable files: each snapshot's computed database (override: ATTDASH_CACHE)."""
    return Path(os.environ.get("ATTDASH_CACHE", ROOT / "data" / "cache"))


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
