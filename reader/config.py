"""The user's choices: which corpus to read and how to shape Arabic, read once.

``Config.load()`` reads ``config.toml`` (the platform's config folder) once;
the CLI and the TUI pass the result on rather than reading the file again.
For each choice the first that is set wins:

- corpus: ``--corpus DIR`` (repeatable), ``READER_CORPUS`` (folders
  separated by ``:``), ``corpus = [...]`` in the file, else the five seed
  articles bundled with the package;
- shape: ``--shape``, ``READER_SHAPE``, ``shape = "..."`` in the file, else
  ``auto``;
- how files are read: ``outlet_folders = false`` stops naming an article's
  outlet after its first folder under the corpus root; a ``[json_fields]``
  table gives the names of an export's fields, tried before the common ones
  (``title = ["عنوان"]``, also text, date, source, url, author).
"""

from __future__ import annotations

import os
from collections import namedtuple
from pathlib import Path

from reader import paths
from reader.errors import ReaderError

SHAPE_MODES = ("auto", "always", "never")
KEYS = ("corpus", "shape", "outlet_folders", "json_fields")  # what config.toml may set
JSON_KEYS = ("title", "text", "date", "source", "url", "author")


class ConfigError(ReaderError):
    pass


# folders, and where the choice came from (for messages).
CorpusChoice = namedtuple("CorpusChoice", "folders source")


class Config:
    """config.toml as read: its path and its values."""

    def __init__(self, path: Path, values: dict | None = None):
        self.path, self.values = path, values or {}

    @classmethod
    def load(cls, path: Path | None = None) -> "Config":
        path = path or paths.config_file()
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            return cls(path)
        except OSError as e:
            raise ConfigError(f"cannot read {path}: {e.strerror}") from None
        import tomllib

        try:
            return cls(path, tomllib.loads(data.decode("utf-8")))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"cannot read {path}: {e}") from None

    def unknown_keys(self) -> list[str]:
        """Keys of the file reader does not know (a typo, most often)."""
        return [k for k in self.values if k not in KEYS]

    def shape_source(self, flag: str | None = None) -> str:
        """Where the shape setting comes from, for `reader config`."""
        if flag:
            return "--shape"
        if os.environ.get("READER_SHAPE"):
            return "READER_SHAPE"
        return str(self.path) if "shape" in self.values else "default"

    def corpus(self, flags: list[str] | None = None) -> CorpusChoice:
        if flags:
            return CorpusChoice(_folders(flags, "--corpus"), "--corpus")
        env = os.environ.get("READER_CORPUS", "").strip()
        if env:
            return CorpusChoice(_folders([p for p in env.split(":") if p], "READER_CORPUS"), "READER_CORPUS")
        if "corpus" in self.values:
            value = self.values["corpus"]
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{self.path}: corpus must be a folder or a list of folders")
            return CorpusChoice(_folders(value, str(self.path)), str(self.path))
        return CorpusChoice([seeds_folder()], "bundled seeds")

    def read_options(self):
        """index.formats.ReadOptions: how the corpus's files are read."""
        from reader.index.formats import ReadOptions

        folders = self.values.get("outlet_folders", True)
        if not isinstance(folders, bool):
            raise ConfigError(f"{self.path}: outlet_folders must be true or false")
        table = self.values.get("json_fields", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{self.path}: json_fields must be a table, as [json_fields] title = [\"headline\"]")
        fields = {}
        for key, names in table.items():
            if key not in JSON_KEYS:
                raise ConfigError(f"{self.path}: json_fields.{key} is not one of {', '.join(JSON_KEYS)}")
            names = [names] if isinstance(names, str) else names
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise ConfigError(f"{self.path}: json_fields.{key} must be a field name or a list of them")
            fields[key] = names
        return ReadOptions(json_fields=fields or None, folder_outlets=folders)

    def shape(self, flag: str | None = None) -> str:
        for value, source in ((flag, "--shape"), (os.environ.get("READER_SHAPE"), "READER_SHAPE")):
            if value:
                return _check_shape(value.strip().lower(), source)
        if "shape" in self.values:
            value = self.values["shape"]
            if not isinstance(value, str):
                raise ConfigError(f"{self.path}: shape must be one of {', '.join(SHAPE_MODES)}")
            return _check_shape(value.strip().lower(), str(self.path))
        return "auto"


def seeds_folder() -> Path:
    """The bundled seed articles, wherever the package is installed.

    An installed package has them as reader/seeds (package data); a source
    checkout has the top-level seeds/ folder.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise ConfigError("the bundled seed articles are missing from this installation")


def _folders(values: list[str], source: str) -> list[Path]:
    folders = []
    for v in values:
        p = Path(v).expanduser()
        if not p.is_dir():
            what = "does not exist" if not p.exists() else "is not a folder"
            raise ConfigError(f"corpus folder {v} ({source}) {what}")
        folders.append(p)
    return folders


def _check_shape(value: str, source: str) -> str:
    if value not in SHAPE_MODES:
        raise ConfigError(f"shape {value!r} ({source}) is not one of {', '.join(SHAPE_MODES)}")
    return value
