"""Which corpus to read, from flags, the environment, the config file or the seeds.

The first that is set wins: ``--corpus DIR`` (repeatable), ``READER_CORPUS``
(folders separated by ``:``), ``corpus = [...]`` in ``config.toml`` in the
platform's config directory, else the five seed articles bundled with the
package.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


class ConfigError(ValueError):
    pass


@dataclass
class CorpusChoice:
    folders: list[Path]
    source: str  # where the choice came from, for messages


def config_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("reader", appauthor=False)) / "config.toml"


def load_config() -> dict:
    path = config_path()
    if not path.exists():
        return {}
    import tomllib

    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"cannot read {path}: {e}") from None


def seeds_folder() -> Path:
    """The bundled seed articles, wherever the package is installed.

    An installed package has them as reader/seeds (package data); a source
    checkout or editable install has the top-level seeds/ folder.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise ConfigError("the bundled seed articles are missing from this installation")


def choose_corpus(flags: list[str] | None) -> CorpusChoice:
    if flags:
        return CorpusChoice(_folders(flags, "--corpus"), "--corpus")
    env = os.environ.get("READER_CORPUS", "").strip()
    if env:
        return CorpusChoice(_folders([p for p in env.split(":") if p], "READER_CORPUS"), "READER_CORPUS")
    config = load_config()
    if "corpus" in config:
        value = config["corpus"]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{config_path()}: corpus must be a folder or a list of folders")
        return CorpusChoice(_folders(value, str(config_path())), str(config_path()))
    return CorpusChoice([seeds_folder()], "bundled seeds")


def _folders(values: list[str], source: str) -> list[Path]:
    folders = []
    for v in values:
        p = Path(v).expanduser()
        if not p.is_dir():
            what = "does not exist" if not p.exists() else "is not a folder"
            raise ConfigError(f"corpus folder {v} ({source}) {what}")
        folders.append(p)
    return folders


SHAPE_MODES = ("auto", "always", "never")


def shape_mode(flag: str | None) -> str:
    """--shape, else READER_SHAPE, else `shape = ...` in the config file, else auto."""
    for value, source in ((flag, "--shape"), (os.environ.get("READER_SHAPE"), "READER_SHAPE")):
        if value:
            return _check_shape(value.strip().lower(), source)
    config = load_config()
    if "shape" in config:
        value = config["shape"]
        if not isinstance(value, str):
            raise ConfigError(f"{config_path()}: shape must be one of {', '.join(SHAPE_MODES)}")
        return _check_shape(value.strip().lower(), str(config_path()))
    return "auto"


def _check_shape(value: str, source: str) -> str:
    if value not in SHAPE_MODES:
        raise ConfigError(f"shape {value!r} ({source}) is not one of {', '.join(SHAPE_MODES)}")
    return value
