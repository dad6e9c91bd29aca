"""The user's choices: which corpus to read and how to shape Arabic, read once.

``Config.load()`` reads ``config.toml`` (the platform's config folder) once;
the CLI and the TUI pass the result on rather than reading the file again.
For each choice the first that is set wins:

- corpus: ``--corpus DIR`` (repeatable), ``READER_CORPUS`` (folders
  separated by ``:``), ``corpus = [...]`` in the file, else the five seed
  articles bundled with the package;
- shape: ``--shape``, ``READER_SHAPE``, ``shape = "..."`` in the file, else
  ``auto``;
- bidi, who reorders Arabic on a terminal when shape is auto (reader.display.terminal):
  ``READER_BIDI``, ``bidi = "..."`` in the file (`reader terminal` writes
  it), else ``auto``: reader, unless the terminal's variables name one that
  reorders by itself;
- how files are read: ``outlet_folders = false`` stops naming an article's
  outlet after its first folder under the corpus root; a ``[json_fields]``
  table gives the names of an export's fields, tried before the common ones
  (``title = ["عنوان"]``, also text, date, source, url, author), and of a
  metadata table's columns; ``metadata = ["manifest.tsv"]``: the tables of
  the articles' metadata (index.files.metadata), relative to the file's folder;
  ``file_days = true`` counts a file's modification time as its articles'
  publication day when nothing else gives one (off: such articles are undated);
  ``ocr = false`` leaves scanned PDFs unread where Tesseract would read them;
- ``entities = false``: no entity recognizer: no entity pass, no names lit,
  and ``person:`` and the like say how to turn them on (``--no-entities``
  does the same for one command);
- ``entity_model = "~/models/snn"``: another entity model, a folder with its
  ``ner.npz`` and ``clusters.tsv`` (``READER_ENTITY_MODEL`` wins);
- ``with_skip = ["واس"]``: the names ``reader entities --with`` leaves out
  (default: the news agencies every wire story names; ``[]`` none);
- ``latin_names = false``: a Latin-letter word of a query (Najran) searches
  itself only, not also the Arabic spellings of the name (index.engine.latin);
  an ``[outlet_aliases]`` table: an outlet's other spellings, which
  ``source:`` and ``reader outlets`` count as one (``okaz = ["صحيفة عكاظ"]``);
- the limits a file is read under (index.files.formats.limits): ``READER_READ_SECONDS``
  and the others, else a ``[limits]`` table (``read_seconds = 60``, the
  variable's name less READER_, in lower case), else their defaults.
"""

from __future__ import annotations

import os
from collections import namedtuple
from pathlib import Path

from reader import paths
from reader.errors import ReaderError

SHAPE_MODES = ("auto", "always", "never")
BIDI_MODES = ("auto", "reader", "terminal", "words")
KEYS = ("corpus", "shape", "bidi", "outlet_folders", "outlet_aliases", "json_fields", "metadata", "file_days", "ocr", "limits",
        "latin_names", "backend", "entities", "with_skip", "entity_model")  # what config.toml may set
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
            data = paths.read_settings_file(path)
        except paths.SettingsFileError as e:
            raise ConfigError(str(e)) from None
        except OSError as e:
            raise ConfigError(f"cannot read {path}: {e.strerror}") from None
        if data is None:
            return cls(path)
        import tomllib

        try:
            return cls(path, tomllib.loads(data.decode("utf-8")))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"cannot read {path}: {e}") from None

    def check(self, shape_flag: str | None = None) -> None:
        """Every setting's value, checked before a command does any work:
        one ConfigError naming all the bad ones. Whether the corpus folders
        exist is left to the commands that read them."""
        problems = []
        for check in (lambda: self.shape(shape_flag), self._file_shape, self.bidi, self.read_options, self.outlet_aliases,
                      self.latin_names, self.entities, self.with_skip, self.entity_model,
                      self._corpus_values,
                      self._file_limits, _env_limits):
            try:
                check()
            except ConfigError as e:
                if str(e) not in problems:  # the file's shape is checked twice when nothing overrides it
                    problems.append(str(e))
        if problems:
            raise ConfigError("; ".join(problems))

    def unknown_keys(self) -> list[str]:
        """Keys of the file reader does not know (a typo, most often)."""
        return [k for k in self.values if k not in KEYS]

    def unknown_names(self, shown: int = 5) -> str:
        """The unknown keys in a few words: the first few, and how many more."""
        keys = self.unknown_keys()
        more = f" and {len(keys) - shown:,} more" if len(keys) > shown else ""
        return ", ".join(repr(k[:40]) for k in keys[:shown]) + more

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
        env = _env_folders()
        if env is not None:
            return CorpusChoice(_folders(env, "READER_CORPUS"), "READER_CORPUS")
        value = self._corpus_values()
        if value is not None:
            return CorpusChoice(_folders(value, str(self.path)), str(self.path))
        return CorpusChoice([seeds_folder()], "bundled seeds")

    def _corpus_values(self) -> list[str] | None:
        """The folders READER_CORPUS or the file names (None: neither
        does), each a folder; ConfigError if one names none."""
        if _env_folders() is not None or "corpus" not in self.values:
            return None
        value = self.values["corpus"]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigError(f"{self.path}: corpus must be a folder or a list of folders")
        return value

    def read_options(self, metadata: list[str] | None = None):
        """index.files.formats.ReadOptions: how the corpus's files are read;
        metadata: the tables `reader index --metadata` names, in place of
        the file's (paths from the command line are the shell's, from the
        file relative to the file's folder)."""
        from reader.index.files.formats import ReadOptions

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
        tables = [str(Path(p).expanduser().resolve()) for p in metadata] if metadata else self._metadata_tables()
        file_days = self.values.get("file_days", False)
        if not isinstance(file_days, bool):
            raise ConfigError(f"{self.path}: file_days must be true or false")
        ocr = self.values.get("ocr", True)
        if not isinstance(ocr, bool):
            raise ConfigError(f"{self.path}: ocr must be true or false")
        return ReadOptions(json_fields=fields or None, folder_outlets=folders, metadata=tuple(tables), file_days=file_days,
                           ocr=ocr)

    def latin_names(self) -> bool:
        """Whether Latin-letter names also search their Arabic spellings (latin_names, default true)."""
        value = self.values.get("latin_names", True)
        if not isinstance(value, bool):
            raise ConfigError(f"{self.path}: latin_names must be true or false")
        return value

    def entities(self) -> bool:
        """Whether the entity recognizer runs (entities, default true)."""
        value = self.values.get("entities", True)
        if not isinstance(value, bool):
            raise ConfigError(f"{self.path}: entities must be true or false")
        return value

    def entity_model(self) -> Path | None:
        """Another entity model's folder (entity_model; READER_ENTITY_MODEL wins), or None: the shipped one."""
        value = os.environ.get("READER_ENTITY_MODEL") or self.values.get("entity_model")
        if not value:
            return None
        if not isinstance(value, str):
            raise ConfigError(f"{self.path}: entity_model must be a folder's path")
        folder = Path(value).expanduser()
        missing = [f for f in ("ner.npz", "clusters.tsv") if not (folder / f).is_file()]
        if missing:
            raise ConfigError(f"entity model {folder}: no {' or '.join(missing)} there "
                              "(entities/model/README.md says how to build one)")
        return folder

    def with_skip(self) -> tuple[str, ...] | None:
        """The names `reader entities --with` leaves out (with_skip), or None
        for the shipped list (reader.core.cooccurrence.SKIP)."""
        if "with_skip" not in self.values:
            return None
        value = self.values["with_skip"]
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise ConfigError(f'{self.path}: with_skip must be a list of names, as with_skip = ["واس", "رويترز"]')
        return tuple(value)

    def backend(self) -> str:
        """Where the corpus is indexed: "" (the embedded index) or sphinx://HOST:PORT (backend)."""
        value = self.values.get("backend", "")
        if not isinstance(value, str):
            raise ConfigError(f'{self.path}: backend must be a string, as backend = "sphinx://127.0.0.1:9306"')
        return value

    def outlet_aliases(self) -> dict[str, list[str]]:
        """The [outlet_aliases] table: an outlet -> its other spellings
        (okaz = ["صحيفة عكاظ", "Okaz Newspaper"]); ConfigError names a bad one."""
        table = self.values.get("outlet_aliases", {})
        if not isinstance(table, dict):
            raise ConfigError(f'{self.path}: outlet_aliases must be a table, as [outlet_aliases] okaz = ["صحيفة عكاظ"]')
        out = {}
        for name, spellings in table.items():
            spellings = [spellings] if isinstance(spellings, str) else spellings
            if not isinstance(spellings, list) or not all(isinstance(x, str) for x in spellings):
                raise ConfigError(f"{self.path}: outlet_aliases.{name} must be a spelling or a list of them")
            out[name] = spellings
        return out

    def _metadata_tables(self) -> list[str]:
        value = self.values.get("metadata", [])
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError(f'{self.path}: metadata must be a file or a list of files, as metadata = ["manifest.tsv"]')
        return [str((self.path.parent / Path(v).expanduser()).resolve()) for v in value]

    def _file_limits(self) -> dict[str, float]:
        """The [limits] table: {environment variable: value}; ConfigError
        names a key it does not know or a value that is not a positive number."""
        from reader.index.files.formats.limits import SETTINGS

        table = self.values.get("limits", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{self.path}: limits must be a table, as [limits] read_seconds = 60")
        known = {limit_key(env): env for env, _default, _unit, _what in SETTINGS.values()}
        chosen = {}
        for key, value in table.items():
            if key not in known:
                raise ConfigError(f"{self.path}: limits.{key[:40]} is not one of {', '.join(known)}")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
                raise ConfigError(f"{self.path}: limits.{key} must be a positive number")
            chosen[known[key]] = value
        return chosen

    def apply_limits(self) -> None:
        """The file's limits put in the environment, under the variables a
        user has not set: the reader processes of a build inherit them there."""
        for env, value in self._file_limits().items():
            if not os.environ.get(env, "").strip():
                os.environ[env] = f"{value:g}"

    def apply_entity_model(self) -> None:
        """entity_model put in the environment (READER_ENTITY_MODEL, when the
        user has not set it): the tagger, and the workers of the entity pass,
        read it there."""
        folder = self.entity_model()
        if folder is not None and not os.environ.get("READER_ENTITY_MODEL"):
            os.environ["READER_ENTITY_MODEL"] = str(folder)

    def entity_model_source(self) -> str:
        """Where the entity model comes from, for `reader config` (after apply_entity_model)."""
        chosen = os.environ.get("READER_ENTITY_MODEL")
        if not chosen:
            return "default: the model in the package"
        file = self.values.get("entity_model")
        return str(self.path) if isinstance(file, str) and str(Path(file).expanduser()) == chosen else "READER_ENTITY_MODEL"

    def limit_source(self, env: str) -> str:
        """Where a limit comes from, for `reader config` (after apply_limits)."""
        if env in self._file_limits() and os.environ.get(env) == f"{self._file_limits()[env]:g}":
            return f"{self.path} [limits] {limit_key(env)}"
        return env if os.environ.get(env, "").strip() else "default"

    def shape(self, flag: str | None = None) -> str:
        for value, source in ((flag, "--shape"), (os.environ.get("READER_SHAPE"), "READER_SHAPE")):
            if value:
                return _check_shape(value.strip().lower(), source)
        return self._file_shape() or "auto"

    def bidi(self) -> tuple[str, str]:
        """Who reorders on a terminal (auto, reader, terminal), and where
        that was set."""
        env = os.environ.get("READER_BIDI", "").strip().lower()
        if env:
            return _check_choice("bidi", env, BIDI_MODES, "READER_BIDI"), "READER_BIDI"
        if "bidi" not in self.values:
            return "auto", "default"
        value = self.values["bidi"]
        if not isinstance(value, str):
            raise ConfigError(f"{self.path}: bidi must be one of {', '.join(BIDI_MODES)}")
        return _check_choice("bidi", value.strip().lower(), BIDI_MODES, str(self.path)), str(self.path)

    def _file_shape(self) -> str | None:
        if "shape" not in self.values:
            return None
        value = self.values["shape"]
        if not isinstance(value, str):
            raise ConfigError(f"{self.path}: shape must be one of {', '.join(SHAPE_MODES)}")
        return _check_shape(value.strip().lower(), str(self.path))


def write_setting(path: Path, key: str, value: str) -> None:
    """key = "value" at the top level of config.toml, in place of the line
    that set it, else before everything; the rest of the file kept as it is."""
    import re
    import tomllib

    from reader.atomic import write_atomic

    try:
        data = paths.read_settings_file(path)
    except (paths.SettingsFileError, OSError) as e:
        raise ConfigError(f"cannot read {path}: {e.args[0] if isinstance(e, paths.SettingsFileError) else e.strerror}") from None
    text = data.decode("utf-8", errors="strict") if data else ""
    line = f'{key} = "{value}"'
    lines = text.splitlines(keepends=True)
    top = next((i for i, x in enumerate(lines) if x.lstrip().startswith("[")), len(lines))  # first table
    own = re.compile(rf"\s*{re.escape(key)}\s*=")
    at = next((i for i in range(top) if own.match(lines[i])), None)
    if at is None:
        lines.insert(0, line + "\n")
    else:
        lines[at] = line + "\n"
    new = "".join(lines)
    try:
        tomllib.loads(new)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path} does not read as TOML ({e}); mend it, or add the line {line} yourself") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_atomic(path, new)
    except OSError as e:
        raise ConfigError(f"cannot write {path}: {e.strerror or e}") from None


def limit_key(env: str) -> str:
    """A limit's key in the [limits] table: READER_READ_SECONDS -> read_seconds."""
    return env.removeprefix("READER_").lower()


def _env_limits() -> None:
    from reader.index.files.formats.limits import LimitError, current

    try:
        current()
    except LimitError as e:
        raise ConfigError(str(e)) from None


def seeds_folder() -> Path:
    """The bundled seed articles, wherever the package is installed.

    An installed package has them as reader/seeds (package data); a source
    checkout has the top-level seeds/ folder.
    """
    here = Path(__file__).resolve().parents[1]  # the reader package
    for candidate in (here / "seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise ConfigError("the bundled seed articles are missing from this installation")


def _env_folders() -> list[str] | None:
    """READER_CORPUS's folders; None if it is unset or blank; ConfigError
    if it names none (READER_CORPUS=:)."""
    env = os.environ.get("READER_CORPUS", "").strip()
    if not env:
        return None
    folders = [p for p in env.split(":") if p.strip()]
    if not folders:
        raise ConfigError(f"READER_CORPUS={env!r} names no folder (folders are separated by ':')")
    return folders


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
    return _check_choice("shape", value, SHAPE_MODES, source)


def _check_choice(name: str, value: str, choices: tuple[str, ...], source: str) -> str:
    if value not in choices:
        raise ConfigError(f"{name} {value!r} ({source}) is not one of {', '.join(choices)}")
    return value
