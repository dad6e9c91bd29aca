"""The benchmark's tables, made from the runs kept in bench/runs/*.json.

    python bench/tables.py            # rewrite the tables of docs/benchmark.md
    python bench/tables.py --check    # exit 1, naming each table the data would change

In the doc a table sits between `<!-- table: NAME -->` and `<!-- end table -->`;
NAME is a key of TABLES below, which says which runs of which file it shows
and how. Only what lies between the markers is rewritten: the prose is the
doc's own. A run a script records (`--record LABEL`) shows in the doc once a
table here names it. The shape of the data: bench/runs/README.md.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "bench" / "runs"
DOC = ROOT / "docs" / "benchmark.md"
BLOCK = re.compile(r"(<!-- table: (\S+) -->\n)(.*?)(<!-- end table -->)", re.S)
SPACED_UNITS = ("s", "ms", "MB")  # shown after a value; other units are in the heading or the row's name
FORMAT_LABELS = {"txt-pdf": "txt, pdf's"}  # the pdf row's anchor: plain text of the same articles


class DataError(Exception):
    """The doc names a table, a run or a figure the data does not hold."""


# --- the data -----------------------------------------------------------------------------


def load(runs_dir: Path, bench: str) -> list[dict]:
    path = runs_dir / f"{bench}.json"
    if not path.exists():
        raise DataError(f"no {path}")
    return json.loads(path.read_text("utf-8"))


def pick(runs: list[dict], labels: list[str], bench: str) -> list[dict]:
    by_label = {r["label"]: r for r in runs}
    missing = [label for label in labels if label not in by_label]
    if missing:
        raise DataError(f"{bench}.json has no run {', '.join(map(repr, missing))}")
    return [by_label[label] for label in labels]


def figure_of(run: dict, metric: str, case: str | None = None) -> dict | None:
    return next((r for r in run["rows"] if r["metric"] == metric and r.get("case") == case), None)


def need(run: dict, metric: str, case: str | None = None) -> dict:
    found = figure_of(run, metric, case)
    if found is None:
        raise DataError(f"run {run['label']!r} has no {metric!r}" + (f" for {case!r}" if case else ""))
    return found


def metrics(runs: list[dict]) -> list[str]:
    """The metrics of the runs, in the order they first come."""
    return list(dict.fromkeys(r["metric"] for run in runs for r in run["rows"]))


def cases(run: dict, metric: str) -> list[str]:
    return [r["case"] for r in run["rows"] if r["metric"] == metric]


# --- cells --------------------------------------------------------------------------------


def num(value, digits: int | None = None) -> str:
    """A value as transcribed (2.0 stays 2.0); a pair [low, high] as low-high."""
    if isinstance(value, list):
        return "-".join(num(v, digits) for v in value)
    if digits is not None:
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else repr(value)


def amount(value, unit: str, digits: int | None = None) -> str:
    if unit == "%":
        return f"{num(value, digits)}%"
    return f"{num(value, digits)} {unit}" if unit in SPACED_UNITS else num(value, digits)


def times(ratio: float) -> str:
    """Ratios have two decimals, unless one was written with more."""
    return f"{ratio:.2f}x" if round(ratio, 2) == ratio else f"{ratio}x"


def bold(text: str, on) -> str:
    return f"**{text}**" if on else text


def figure(f: dict | None, first: bool, named: set[str], digits: int | None = None) -> str:
    """A value with its ratio, part and note in brackets. What a ratio is
    against and a part's name are said once, in the first column, and the
    ratio_to not at all when the anchor column names it."""
    if f is None:
        return ""
    brackets = []
    if "ratio" in f:
        to = f.get("ratio_to")
        brackets.append(bold(times(f["ratio"]) + (f" {to}" if first and to and to not in named else ""), f.get("bold")))
    if "part" in f:
        p = f["part"]
        brackets.append((f"{p['name']} " if first else "") + amount(p["value"], p["unit"], digits))
    if "note" in f:
        brackets.append(f["note"])
    value = amount(f["value"], f["unit"], digits)
    return bold(value, f.get("bold") and "ratio" not in f) + "".join(f" ({b})" for b in brackets)


def anchor_text(a: dict, with_name: bool = True) -> str:
    text = (f"{a['name']} " if with_name else "") + amount(a["value"], a["unit"])
    if "ratio" in a:
        text += f" ({times(a['ratio'])} {a['ratio_to']})"
    return text


def verdict(figs: list[tuple[str, dict]], of: str) -> str:
    """The goal and whether it was met: in every run of the table ("all"),
    or in run `of`, in bold when another run of the table says otherwise."""
    goal = next((f["goal"] for _, f in reversed(figs) if "goal" in f), None)
    if goal is None:
        return ""
    met = [label for label, f in figs if f.get("met")]
    if of == "all":
        word = "met" if len(met) == len(figs) else "not met" if not met else "met in " + " and ".join(met)
        last = figs[-1][1]
    else:
        last = dict(figs).get(of, figs[-1][1])
        word = bold("met" if last.get("met") else "not met",
                    any(bool(f.get("met")) != bool(last.get("met")) for _, f in figs if "goal" in f))
    return f"{goal}: {word}" + (f" ({last['why']})" if last.get("why") else "")


def table(head: list[str], rows: list[list[str]]) -> str:
    line = lambda cells: "|" + "|".join(f" {c} " if c else " " for c in cells) + "|"  # noqa: E731
    return "\n".join([line(head), "|" + "---|" * len(head), *map(line, rows)]) + "\n"


# --- the tables ---------------------------------------------------------------------------


def runs_table(runs_dir: Path, bench: str, columns: list[tuple[str, str]], anchors: str = "",
               anchor_row: str = "", goal: str = "all") -> str:
    """One row a metric, one column a run (label, heading); the anchors of the
    last run in a column headed `anchors`, or as one row of their own
    (`anchor_row`: "end", or "after" the last row holding one); the goal."""
    runs = pick(load(runs_dir, bench), [label for label, _ in columns], bench)
    head = ["", *(heading for _, heading in columns), *([anchors] if anchors else []), "goal"]
    rows, anchor_figs = [], []
    for metric in metrics(runs):
        figs = [(run["label"], figure_of(run, metric)) for run in runs]
        present = [(label, f) for label, f in figs if f]
        shown = next((f["anchors"] for _, f in reversed(present) if "anchors" in f), [])
        named = {a["name"] for a in shown}
        first = present[0][0]
        row = [metric, *(figure(f, label == first, named) for label, f in figs)]
        if anchors:
            row.append("; ".join(map(anchor_text, shown)))
        rows.append(row + [verdict(present, goal)])
        if shown:
            anchor_figs += shown
            after = len(rows)
    if anchor_row and anchor_figs:
        unit = anchor_figs[0]["unit"]
        cells = [""] * len(head)
        cells[0] = "anchor: " + " / ".join(a["name"] for a in anchor_figs)
        cells[1] = " / ".join(num(a["value"]) for a in anchor_figs) + (f" {unit}" if unit in SPACED_UNITS else "")
        rows.insert(after if anchor_row == "after" else len(rows), cells)
    return table(head, rows)


def updates_table(runs_dir: Path, label: str, heading: str) -> str:
    """reader beside plain Whoosh, per round of updates."""
    (run,) = pick(load(runs_dir, "updates"), [label], "updates")
    rows = []
    for f in run["rows"]:
        anchor = " ".join(amount(a["value"], a["unit"], 2) for a in f.get("anchors", []))
        rows.append([f["metric"], figure(f, True, {f.get("ratio_to")}, digits=2), anchor])
    return table([heading, "reader", "plain Whoosh"], rows)


def formats_block(runs_dir: Path, label: str) -> str:
    """The speed and recovery tables as bench_formats.py prints them."""
    (run,) = pick(load(runs_dir, "formats"), [label], "formats")
    v = lambda metric, case, key="value": need(run, metric, case)[key]  # noqa: E731
    ratio = lambda r: f"{r:.2f}" if r >= 0.1 else f"{r:.3f}"  # noqa: E731
    lines = [f"{'speed':12}{'docs':>6}{'reader index s':>16}{'docs/s':>8}{'x txt':>7}{'text idx s':>11}"
             f"{'read docs/s':>13}{'x txt':>7}{'MB':>7}"]
    for case in cases(run, "documents"):
        size = figure_of(run, "size", case)
        lines.append(f"{FORMAT_LABELS.get(case, case):12}{v('documents', case):>6}{v('reader index', case):>16.1f}"
                     f"{v('reader index rate', case):>8.0f}{ratio(v('reader index rate', case, 'ratio')):>7}"
                     f"{v('text index', case):>11.1f}{v('read rate', case):>13.0f}{ratio(v('read rate', case, 'ratio')):>7}"
                     f"{format(size['value'], '.1f') if size else '-':>7}")
    lines += ["", f"{'recovery':12}{'listed':>7}{'day':>6}{'±1 day':>7}{'outlet':>7}{'title':>7}   "
                  f"{'days from meta/text/file':>24}{'text whole':>11}{'boiler':>7}"]
    pct = lambda metric, case: f"{v(metric, case):.0f}%"  # noqa: E731
    for case in cases(run, "listed"):
        src = " / ".join(pct(f"days from {s}", case) for s in ("metadata", "text", "file"))
        lines.append(f"{case:12}{pct('listed', case):>7}{pct('day', case):>6}{pct('day ±1', case):>7}"
                     f"{pct('outlet', case):>7}{pct('title', case):>7}   {src:>24}{pct('text whole', case):>11}"
                     f"{pct('boilerplate', case):>7}")
    return "```\n" + "\n".join(lines) + "\n```\n"


def ocr_block(runs_dir: Path, label: str) -> str:
    """The OCR table as bench_ocr.py prints it."""
    (run,) = pick(load(runs_dir, "ocr"), [label], "ocr")
    pct = lambda metric, case: f"{need(run, metric, case)['value']:.1f}%"  # noqa: E731
    lines = [f"{'':12}{'pages':>6}{'by OCR':>8}{'CER':>8}{'letters':>9}{'worst':>8}{'words':>8}"
             f"{'CPU s/pg':>10}{'anchor':>8}{'x':>6}"]
    for case in cases(run, "CER"):
        line = f"{case:12}"
        pages = figure_of(run, "pages", case)
        line += f"{pages['value']:>6}{need(run, 'read by OCR', case)['value']:>8}" if pages else f"{'':>6}{'':>8}"
        line += (f"{pct('CER', case):>8}{pct('CER, letters', case):>9}{pct('worst CER', case):>8}"
                 f"{pct('words', case):>8}")
        cpu = figure_of(run, "CPU", case)
        if cpu:
            line += f"{cpu['value']:>10.2f}{cpu['anchors'][0]['value']:>8.2f}{cpu['ratio']:>6.2f}"
        lines.append(line)
    return "```\n" + "\n".join(lines) + "\n```\n"


def concordance_table(runs_dir: Path, label: str) -> str:
    """Per query: lines, documents, and seconds of each way beside rg."""
    (run,) = pick(load(runs_dir, "concordance"), [label], "concordance")
    rows = []
    for q in cases(run, "lines"):
        kwic = need(run, "`reader kwic`", q)
        conc = need(run, "concordance", q)
        rows.append([q, num(need(run, "lines", q)["value"]), num(need(run, "matching documents", q)["value"]),
                     bold(num(conc["value"], 2), conc.get("bold")), num(kwic["value"], 2),
                     num(need(run, "`reader kwic --all`", q)["value"], 2),
                     " ".join(num(a["value"], 2) for a in kwic.get("anchors", []))])  # no rg, no anchor
    return table(["query", "lines", "matching documents", "concordance", "`reader kwic`", "`--all`", "`rg -o`"], rows)


def copies_cost_table(runs_dir: Path, label: str) -> str:
    """Searches with the copies folded beside the same with --no-group: the
    ratios over every query, then each common word warm, then whole processes."""
    (run,) = pick(load(runs_dir, "copies"), [label], "copies")
    rows = []
    for every in cases(run, "ratio grouped / not, warm process, median"):
        median = need(run, "ratio grouped / not, warm process, median", every)
        largest = need(run, "ratio grouped / not, warm process, largest", every)
        rows.append([f"a search, warm process, {every} ({median['note']})", "", "",
                     f"median {bold(num(median['value']), median.get('bold'))}, largest {num(largest['value'])}"])
    for q in cases(run, "search, warm process"):
        docs, folded = need(run, "documents", q)["value"], need(run, "folded", q)["value"]
        rows.append([f"{q} ({docs:,} documents, {folded:,} folded)", *grouped_cells(need(run, "search, warm process", q))])
    for q in cases(run, "`reader search`, whole process"):
        rows.append([f"`reader search {q}`, whole process", *grouped_cells(need(run, "`reader search`, whole process", q))])
    return table(["", "grouped", "`--no-group` (the anchor)", "ratio"], rows)


def grouped_cells(f: dict) -> list[str]:
    return [amount(f["value"], f["unit"]), anchor_text(f["anchors"][0], with_name=False), f"{f['ratio']:.2f}"]


def copies_bands_table(runs_dir: Path, label: str) -> str:
    """The alignment's measure of the pairs in each band of shared shingles."""
    (run,) = pick(load(runs_dir, "copies"), [label], "copies")
    rows = [[band, num(need(run, "pairs", band)["value"]),
             amount(need(run, "shared words, 10th percentile", band)["value"], "%"),
             amount(need(run, "shared words, median", band)["value"], "%")] for band in cases(run, "pairs")]
    return table(["shared shingles", "pairs", "10th percentile", "median"], rows)


TABLES = {
    "index/runs-1-3": partial(runs_table, bench="index", columns=[("run 1", "run 1"), ("run 2", "run 2"), ("run 3", "run 3")],
                              anchors="anchor in run 3"),
    "index/run-4": partial(runs_table, bench="index", columns=[("run 4 before", "before"), ("run 4", "now")],
                           anchors="anchor (now's run)", goal="run 4"),
    "updates": partial(updates_table, label="run 1", heading="per round, median of 40"),
    "formats": partial(formats_block, label="run 1"),
    "ocr": partial(ocr_block, label="run 1"),
    "display": partial(runs_table, bench="display", columns=[("run 1", "time")], anchor_row="after", goal="run 1"),
    "reading": partial(runs_table, bench="reading", columns=[("issue 26", "now"), ("before issue 26", "before")],
                       anchor_row="end", goal="issue 26"),
    "concordance": partial(concordance_table, label="run 1"),
    "copies/cost": partial(copies_cost_table, label="run 1"),
    "copies/bands": partial(copies_bands_table, label="run 1"),
    "cluster": partial(runs_table, bench="cluster", columns=[("issue 30", "cluster (2 shards)")],
                       anchors="embedded index, same run"),
}


# --- the doc ------------------------------------------------------------------------------


def render(doc: str, runs_dir: Path) -> tuple[str, list[str]]:
    """The doc with every table made again from the data, and the names of those that changed."""
    changed = []

    def again(m: re.Match) -> str:
        name = m.group(2)
        if name not in TABLES:
            raise DataError(f"the doc names a table tables.py does not know: {name}")
        try:
            made = TABLES[name](runs_dir)
        except DataError as e:
            raise DataError(f"table {name}: {e}") from None
        if made != m.group(3):
            changed.append(name)
        return m.group(1) + made + m.group(4)

    return BLOCK.sub(again, doc), changed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if a table differs from the data")
    ap.add_argument("--runs", type=Path, default=RUNS, metavar="DIR", help="the runs (default bench/runs)")
    ap.add_argument("--doc", type=Path, default=DOC, metavar="FILE", help="the doc (default docs/benchmark.md)")
    args = ap.parse_args()
    doc = args.doc.read_text("utf-8")
    try:
        made, changed = render(doc, args.runs)
    except DataError as e:
        print(f"tables: {e}", file=sys.stderr)
        return 2
    if args.check:
        for name in changed:
            print(f"tables: {args.doc}: table {name} differs from the data in {args.runs}", file=sys.stderr)
        if changed:
            diff = difflib.unified_diff(doc.splitlines(), made.splitlines(), "doc", "from the data", lineterm="", n=0)
            print("\n".join(diff), file=sys.stderr)
            print("tables: python bench/tables.py writes them", file=sys.stderr)
        return 1 if changed else 0
    if made != doc:
        args.doc.write_text(made, "utf-8")
        print(f"tables: rewrote {', '.join(changed)} in {args.doc}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
