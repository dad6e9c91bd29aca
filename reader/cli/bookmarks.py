"""`reader bookmarks add|list|rm|note|export`."""

from __future__ import annotations

import sys
from pathlib import Path

from reader.userdata.bookmarks import BookmarkStore, StoreError
from reader.cli.common import display_mode, library, say
from reader.display.safe import clean_line, dumps_json


def run(args) -> int:
    from reader.core.library import Library

    if args.action == "export" and args.salvage:
        return salvage(args)
    store = Library.bookmark_store()
    try:
        return ACTIONS[args.action](store, args)
    finally:
        store.close()


def add(store: BookmarkStore, args) -> int:
    lib = library(args, open_it=False)
    doc = lib.resolve(args.doc)
    root, rel = lib.where(doc)
    if args.quote is not None:
        if args.start is not None or args.end is not None:
            raise StoreError("give either --quote or --start/--end, not both")
        start = doc.text.find(args.quote)
        if not args.quote or start < 0:
            raise StoreError(f"the quote does not occur in {args.doc}")
        end = start + len(args.quote)
    elif args.start is None or args.end is None:
        raise StoreError("give --start and --end (offsets into the document), or --quote TEXT")
    else:
        start, end = args.start, args.end
    bm = store.add(root, rel, doc, start, end, note=args.note, tags=args.tag)
    print(f"bookmark {bm.id}: {clean_line(bm.doc)} [{bm.start}-{bm.end}]")
    return 0


def list_(store: BookmarkStore, args) -> int:
    marks = _reanchored(store, _selected(store, args))
    if args.json:
        print(dumps_json([b.as_json() for b in marks]))
        return 0
    from reader.cli.output import output_for, paragraph_lines

    out = output_for(sys.stdout, display_mode(args), args.color)
    for b in marks:
        tags = f"  [{', '.join(clean_line(t) for t in b.tags)}]" if b.tags else ""
        print(f"#{b.id}  {b.status:<8} {clean_line(b.doc)} [{b.start}-{b.end}]  {b.created[:10]}{tags}")
        for line in paragraph_lines(b.exact, out, max(10, out.width - 4)):
            print("    " + line)
        if b.note:
            for i, line in enumerate(paragraph_lines(b.note, out, max(10, out.width - 10))):
                print(("    note: " if i == 0 else " " * 10) + line)
    if not marks:
        say("no bookmarks" + (" match" if args.tag or args.doc else
                              " yet: `reader bookmarks add DOC --quote TEXT`, or b in the TUI"))
    return 0


def _selected(store: BookmarkStore, args):
    for b in store.all():
        if args.tag and args.tag not in b.tags:
            continue
        if args.doc and args.doc not in (b.doc, b.path):
            continue
        yield b


def remove(store: BookmarkStore, args) -> int:
    bm = store.remove(args.id)
    print(f"removed bookmark {bm.id}: {clean_line(bm.doc)} [{bm.start}-{bm.end}]")
    return 0


def note(store: BookmarkStore, args) -> int:
    bm = store.set_note(args.id, args.text)
    print(f"bookmark {bm.id}: note set")
    return 0


def export(store: BookmarkStore, args) -> int:
    return _export(_reanchored(store, store.all()), args)


def _reanchored(store: BookmarkStore, marks) -> list:
    """The bookmarks checked against their files; those whose file cannot be
    read now stay as last saved, told in one line (they cost no other)."""
    marks = [store.reanchor(b) for b in marks]
    if store.unreadable:
        count = sum(b.status == "unreadable" for b in marks)
        (file, why), more = next(iter(store.unreadable.items())), len(store.unreadable) - 1
        say(f"{count} bookmark{'s' if count > 1 else ''} shown as last saved, unchecked: cannot read {file} ({why})"
            + (f" and {more} other file{'s' if more > 1 else ''}" if more else ""))
    return marks


def salvage(args) -> int:
    """export --salvage: a damaged store read-only, the bookmarks as they
    were (re-anchoring would write)."""
    marks, lost = BookmarkStore.salvage()
    print(f"salvaged {len(marks)} bookmarks" + (f"; {lost} could not be read" if lost else ""), file=sys.stderr)
    return _export(marks, args)


def _export(marks, args) -> int:
    from reader.atomic import NotRegularFile, write_atomic
    from reader.userdata.export import render

    text = render(marks, args.format)
    if args.output:
        try:
            write_atomic(Path(args.output), text)
        except NotRegularFile as e:
            raise StoreError(f"not written: {e}") from None
        except OSError as e:
            raise StoreError(f"cannot write {args.output}: {e.strerror or e}") from None
        print(f"{len(marks)} bookmarks written to {args.output}", file=sys.stderr)
    elif args.format == "json":  # to a terminal, maybe: escape what could drive it
        from reader.userdata.export import fields

        print(dumps_json([fields(b) for b in marks]))
    else:
        sys.stdout.write(text)
    return 0


ACTIONS = {"add": add, "list": list_, "rm": remove, "note": note, "export": export}
