"""What every command shares: exit codes, messages, the config and the corpus."""

from __future__ import annotations

import sys

# 0 found, 1 nothing matched (as grep), 2 an error told in one line, 3 a
# crash: a bug in reader, its traceback kept in the crash log.
EXIT_OK, EXIT_NO_MATCH, EXIT_ERROR, EXIT_CRASH = 0, 1, 2, 3


def fail(message: str) -> int:
    from reader.display.safe import clean_line

    print(f"reader: error: {clean_line(message)}", file=sys.stderr)
    return EXIT_ERROR


def say(line: str) -> None:
    """A line for the person at the terminal, on stderr (stdout is data)."""
    from reader.cli.progress import print_above
    from reader.display.safe import clean_line

    print_above(f"reader: {clean_line(line)}", sys.stderr)


def config(args):
    """The config file, read once per command, every value checked: main()
    reads it before a command starts its work."""
    if getattr(args, "_config", None) is None:
        from reader.userdata.config import Config

        conf = Config.load()
        conf.check(getattr(args, "shape", None))
        conf.apply_limits()
        conf.apply_entity_model()
        if conf.unknown_keys():
            from reader.userdata.config import KEYS

            n = len(conf.unknown_keys())
            say(f"{conf.path}: {n:,} unknown setting{'s' if n > 1 else ''} ignored: {conf.unknown_names()} "
                f"(known: {', '.join(KEYS)})")
        args._config = conf
    return args._config


def display_mode(args):
    """The settings that decide how Arabic is written (reader.display.terminal.Mode):
    shape (--shape, READER_SHAPE, the file) and bidi, with their sources."""
    from reader.display.terminal import Mode

    conf, flag = config(args), getattr(args, "shape", None)
    return Mode(conf.shape(flag), conf.shape_source(flag), *conf.bidi())


def entities_on(args) -> bool:
    """Whether the entity recognizer runs: entities in config.toml, less --no-entities."""
    return config(args).entities() and not getattr(args, "no_entities", False)


def library(args, open_it: bool = True):
    """The corpus the command works on (--corpus, READER_CORPUS, the config
    file, else the seeds), opened: indexed first if it never was."""
    from reader.core.library import Library

    conf = config(args)
    options = conf.read_options(getattr(args, "metadata", None))
    lib = Library.of(conf.corpus(args.corpus).folders, notify=say, options=options, outlet_aliases=conf.outlet_aliases(),
                     latin_names=conf.latin_names(), backend=conf.backend(), entities=entities_on(args),
                     with_skip=conf.with_skip())
    if open_it:
        from reader.cli.progress import ProgressBar

        with ProgressBar(sys.stderr) as bar:
            built = lib.open(progress=bar.update)
        if built:  # a first build: its entities come in the background
            lib.find_entities_in_background()
    return lib
