"""`reader config`: every setting in effect, and where it came from."""

from __future__ import annotations

import os
import sys

from reader.cli.common import EXIT_OK, config
from reader.display.safe import clean_line, dumps_json


def settings(args) -> list[tuple[str, str, str]]:
    """(name, value, source) of every setting, as the commands would see them."""
    from reader import paths
    from reader.cli.output import color_enabled
    from reader.cli.pager import pager_command
    from reader.userdata.config import KEYS

    cfg = config(args)
    corpus = cfg.corpus(args.corpus)
    shape = cfg.shape(None)
    tty = sys.stdout.isatty()
    reading = cfg.read_options()
    rows = [
        ("config file", str(cfg.path), "exists" if cfg.path.exists() else "not there (defaults)"),
        ("corpus", ":".join(str(f) for f in corpus.folders), corpus.source),
        ("shape", shape, cfg.shape_source(None)),
        ("bidi", *cfg.bidi()),
        ("shaped here", *_shaped_here(args, tty)),
        ("color here", "yes" if color_enabled("auto", tty) else "no", _color_source()),
        ("pager", pager_command() or "none", _pager_source()),
        ("outlet folders", "yes" if reading.folder_outlets else "no",
         str(cfg.path) if "outlet_folders" in cfg.values else "default: an article's first folder is its outlet"),
        ("json fields", _json_fields(reading.json_fields), str(cfg.path) if reading.json_fields else "default: the common names"),
        ("outlet aliases", ", ".join(cfg.outlet_aliases()) or "none",
         str(cfg.path) if "outlet_aliases" in cfg.values else "default: none (reader outlets shows the spellings)"),
        ("file days", "yes" if reading.file_days else "no",
         str(cfg.path) if "file_days" in cfg.values else "default: a file's time is no publication day"),
        ("ocr", *_ocr(reading.ocr, cfg)),
        ("latin names", "yes" if cfg.latin_names() else "no",
         str(cfg.path) if "latin_names" in cfg.values else "default: Najran also searches نجران"),
        ("entities", "yes" if cfg.entities() else "no",
         str(cfg.path) if "entities" in cfg.values else "default: names found, lit and searchable"),
        ("entity model", str(cfg.entity_model() or "shipped (ANERcorp)"), cfg.entity_model_source()),
        ("with skip", (", ".join(cfg.with_skip()) or "none") if cfg.with_skip() is not None else "the news agencies",
         str(cfg.path) if "with_skip" in cfg.values else "default: entities --with leaves out the news agencies"),
        ("backend", *_backend(cfg)),
        ("metadata", ", ".join(reading.metadata) or "none",
         str(cfg.path) if reading.metadata else "default: none, or what `reader index --metadata` gave the index"),
        *_limits(cfg),
        ("indexes", str(paths.indexes_dir()), "platform cache folder"),
        ("bookmarks", str(paths.bookmarks_file()), "platform data folder"),
        ("entity list", str(paths.entities_file()), "platform config folder"),
        ("session", str(paths.session_file()), "platform state folder"),
        ("crash log", str(paths.crash_log()), "platform state folder"),
    ]
    if cfg.unknown_keys():
        rows.append(("unknown keys", cfg.unknown_names(), f"ignored: not settings of {cfg.path} (known: {', '.join(KEYS)})"))
    return rows


def _backend(cfg) -> tuple[str, str]:
    """Where the corpus is indexed, and which setting said so."""
    if os.environ.get("READER_BACKEND"):
        return os.environ["READER_BACKEND"], "READER_BACKEND"
    if cfg.backend():
        return cfg.backend(), str(cfg.path)
    return "embedded", "default: the embedded index, no server"


def _shaped_here(args, tty: bool) -> tuple[str, str]:
    """Whether this output is shaped, and the rule that decided it."""
    from reader.cli.common import display_mode
    from reader.display.terminal import layout

    lay = layout(display_mode(args), tty)
    return ("yes" if lay.shape else "no"), lay.rule


def _ocr(on: bool, cfg) -> tuple[str, str]:
    """Whether scanned PDFs are read, and what decided it."""
    from reader.index.files.formats import ocr

    if not on:
        return "no", f"{cfg.path}: ocr = false"
    engine = ocr.engine()
    if engine is None:
        return "no", f"not installed: {ocr.missing_line()}"
    return "yes", f"scanned PDFs read by {engine}" + (f" ({cfg.path})" if "ocr" in cfg.values else "")


def _limits(cfg) -> list[tuple[str, str, str]]:
    """A row for each limit a file is read under."""
    from reader.userdata.config import limit_key
    from reader.index.files.formats.limits import SETTINGS, current

    now = current()
    return [(f"limits.{limit_key(env)}", f"{getattr(now, name):g} {unit}", cfg.limit_source(env))
            for name, (env, _default, unit, _what) in SETTINGS.items()]


def _json_fields(fields: dict | None) -> str:
    if not fields:
        return "title, text, date, source, url, author"
    return "; ".join(f"{key}: {', '.join(names)}" for key, names in fields.items())


def _color_source() -> str:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        if os.environ.get(name):
            return name
    return "TERM=dumb" if os.environ.get("TERM") == "dumb" else "auto: when stdout is a terminal"


def _pager_source() -> str:
    for name in ("READER_PAGER", "PAGER"):
        if name in os.environ:
            return name
    return "default; LESS=FRX unless LESS is set"


def print_settings(args) -> int:
    rows = settings(args)
    if args.json:
        print(dumps_json({name: {"value": value, "source": source} for name, value, source in rows}))
        return EXIT_OK
    width = max(len(name) for name, _v, _s in rows)
    for name, value, source in rows:
        print(f"{name:<{width}}  {clean_line(value)}  ({clean_line(source)})")
    return EXIT_OK
