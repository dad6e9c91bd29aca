"""`reader --completion SHELL` and `reader --man`: made from the parser itself,
so completions, man page and --help never disagree."""

from __future__ import annotations

import sys

from reader.cli.common import EXIT_OK


def print_completion_or_man(parser, args) -> int:
    if args.completion:
        import shtab

        sys.stdout.write(shtab.complete(parser, shell=args.completion))
        return EXIT_OK
    sys.stdout.write(man_page(parser))
    return EXIT_OK


def man_page(parser) -> str:
    from argparse_manpage.manpage import Manpage

    from reader import __version__
    from reader.cli.parser import _config_path

    page = Manpage(parser, _data={"project_name": "reader", "version": __version__,
                                  "description": "read and search Arabic news in a terminal"})
    return str(page).replace("{config}", _config_path())
