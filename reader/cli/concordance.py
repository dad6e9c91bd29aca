"""`reader kwic QUERY`: a concordance, every occurrence in its context.

To a terminal each occurrence is a line laid out by reader.display.kwic (the form
in a column, its context on both sides, shaped and reordered). To a pipe
or a file: tab-separated, logical order (id, offset, before, form,
after); --json: everything.
"""

from __future__ import annotations

import sys

from reader.cli.common import EXIT_NO_MATCH, EXIT_OK, display_mode, library, say
from reader.display.safe import clean_line, dumps_json

def cmd_kwic(args) -> int:
    from reader.core.library import CONCORDANCE_DOCS
    from reader.index.request import Request

    request = Request.of(" ".join(args.query), since=args.since, until=args.until)
    text = request.text
    found = library(args).concordance(request, max_docs=None if args.all else CONCORDANCE_DOCS)
    if found.notice:
        say(found.notice)
    lines = found.sorted({"before": "left", "after": "right"}.get(args.sort, args.sort))
    if args.json:
        print(dumps_json({"format": 1, "query": text, "documents": found.documents, "read": found.read,
                          "occurrences": len(lines), "sort": args.sort, "lines": [x.as_json() for x in lines]}))
    elif lines:
        from reader.cli.output import output_for

        out = output_for(sys.stdout, display_mode(args), args.color, args.width)
        print_kwic(lines, sys.stdout, out)
    say(_summary(found, lines))
    return EXIT_OK if lines else EXIT_NO_MATCH


def _summary(found, lines) -> str:
    holding = len({x.doc_id for x in lines})
    line = f"{_count(len(lines), 'occurrence')} in {_count(holding, 'document')}"
    if found.read < found.documents:
        line += f"; read the first {found.read:,} of {found.documents:,} matching (--all for every one)"
    return line + f", {found.seconds * 1000:.0f} ms"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def print_kwic(lines, stream, out) -> None:
    if not out.shape:
        for x in lines:
            print("\t".join((clean_line(x.doc_id), str(x.start), clean_line(x.before), clean_line(x.match),
                             clean_line(x.after))), file=stream)
        return
    from reader.cli.output import painted
    from reader.display.kwic import rows

    for row in rows(lines, out.width):
        a, b = row.form_start, row.form_end
        print(row.text[:a] + painted(row.text[a:b], "hit", out.color) + row.text[b:], file=stream)
