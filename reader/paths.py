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


# What a settings file (config.toml, entities.tsv, session.json) may weigh:
# a hand-written one is a few KB; more is a mistake, or /dev/zero behind a link.
SETTINGS_LIMIT = 1 << 20


class SettingsFileError(OSError):
    """A settings file that is not a regular file, or too large; args[0] says which."""


def read_settings_file(path: Path, limit: int = SETTINGS_LIMIT) -> bytes | None:
    """The bytes of a settings file, None if there is none.

    Opened without blocking (a FIFO would wait for a writer forever) and read
    only if it is a regular file of at most limit bytes; anything else raises
    SettingsFileError, a device read until memory runs out among them.
    """
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    with open(fd, "rb") as f:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise SettingsFileError(f"{path} is {kind_of(mode)}; a settings file must be a regular file")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise SettingsFileError(f"{path} is over the {_size(limit)} limit of a settings file; "
                                "it cannot be one: move it away")
    return data


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, for a message: "a FIFO"."""
    import stat

    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _size(n: int) -> str:
    return f"{n >> 20} MiB" if n >= 1 << 20 else f"{n >> 10} KiB"
