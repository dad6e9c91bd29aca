"""Every place reader keeps something, in the platform's directories.

Linux: ~/.cache/reader (indexes), ~/.local/share/reader (bookmarks),
~/.config/reader (config.toml, entities.tsv), ~/.local/state/reader
(session); the XDG_*_HOME variables move them, which is how the tests run
in a temporary home. platformdirs is imported on first use: `reader
--version` needs none of it.
"""

from __future__ import annotations

from pathlib import Path

APP = "reader"


def _dirs():
    import platformdirs

    return platformdirs


def cache_dir() -> Path:
    return Path(_dirs().user_cache_dir(APP, appauthor=False))


def indexes_dir() -> Path:
    """One folder per corpus: its text index, entity store and name index."""
    return cache_dir() / "indexes"


def config_dir() -> Path:
    return Path(_dirs().user_config_dir(APP, appauthor=False))


def config_file() -> Path:
    return config_dir() / "config.toml"


def entities_file() -> Path:
    """The user's own entity list (reader entities add/rm)."""
    return config_dir() / "entities.tsv"


def bookmarks_file() -> Path:
    return Path(_dirs().user_data_dir(APP, appauthor=False)) / "bookmarks.sqlite3"


def crash_log() -> Path:
    """Where the traceback of a crash is kept (the terminal gets one line)."""
    return Path(_dirs().user_state_dir(APP, appauthor=False)) / "crash.log"


def session_file() -> Path:
    return Path(_dirs().user_state_dir(APP, appauthor=False)) / "session.json"
