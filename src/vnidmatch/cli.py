"""The ``vnidmatch`` command: link, dedupe, check, normalize, explain, demo on CSV/Parquet files.

Exit codes: 0 ok, 1 bad input (a file that cannot be read, no rows), 2 usage, 3 an internal
error (set ``VNIDMATCH_DEBUG=1`` for its traceback).

>>> main(["--version"]) == 0
vnidmatch 0.1.0.dev0
True
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import vnidmatch
from vnidmatch.exceptions import VnidmatchError
from vnidmatch.io import Reject, Table, output_format, read_table, write_csv, write_table
from vnidmatch.io._rows import (
    address_2025,
    dedupe_report,
    dedupe_summary,
    mask_digits,
    with_columns,
)
from vnidmatch.match import LinkResult, MatchConfig, dedupe, link
from vnidmatch.records import describe_columns, map_columns, records_from
from vnidmatch.score import FellegiSunter

__all__ = ["main"]


class _Progress:
    """A one-line progress note on stderr for anything longer than a second."""

    def __init__(self, quiet: bool, encoding: str | None = None) -> None:
        self.quiet = quiet
        self.encoding = encoding
        self.start = time.perf_counter()

    def step(self, text: str) -> None:
        if self.quiet:
            return
        elapsed = time.perf_counter() - self.start
        print(f"\r[{elapsed:6.1f}s] {text}\033[K", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if not self.quiet:
            print(file=sys.stderr)


def _parse_map(text: str | None) -> dict[str, str]:
    if not text:
        return {}
    out = {}
    for part in text.split(","):
        if "=" not in part:
            raise SystemExit(f"vnidmatch: --map takes field=column pairs, got {part!r}")
        k, v = part.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def _show_columns(path: str, table: Table, mapping: dict[str, str], id_column: str | None,
                  quiet: bool) -> None:
    """Print the mapping used (header → field) on stderr: the first thing a run says."""
    explicit = {**mapping, **({"id": id_column} if id_column else {})}
    text = describe_columns(table.columns, explicit)  # raises for a field that does not exist
    if not quiet:
        print(f"\rcolumns of {path}: {text}\033[K", file=sys.stderr, flush=True)


def _load(path: str, mapping: dict[str, str], id_column: str | None, name: str,
          progress: _Progress, rejects: list[tuple[str, Reject]],
          show: bool | None = None) -> list[dict[str, Any]]:
    return _records(path, mapping, id_column, progress, rejects, show, name)[1]


def _records(path: str, mapping: dict[str, str], id_column: str | None, progress: _Progress,
             rejects: list[tuple[str, Reject]], show: bool | None = None, name: str = "file",
             encoding: str | None = None) -> tuple[Table, list[dict[str, Any]]]:
    """Read a file into records; without an id column a record's id is its data-row number
    in the file (1 = the first record after the header, rejected records counted)."""
    progress.step(f"reading {name} {path}")
    table: Table = read_table(path, encoding=encoding or progress.encoding)
    rejects.extend((path, r) for r in table.rejects)
    if not table.rows:
        raise VnidmatchError(f"{path}: no readable rows ({len(table.rejects):,} rejected)")
    _show_columns(path, table, mapping, id_column, progress.quiet if show is None else not show)
    records = records_from(table.rows, mapping=mapping, id_column=id_column, keep_other=True)
    explicit = {**mapping, **({"id": id_column} if id_column else {})}
    if "id" not in map_columns(table.columns, explicit).values():
        for rec, number in zip(records, table.row_numbers):
            rec["id"] = str(number)
    progress.step(f"read {len(records):,} rows from {path} ({table.encoding}"
                  + (f", {len(table.rejects):,} rejected" if table.rejects else "") + ")")
    return table, records


def _read(args: argparse.Namespace, rejects: list[tuple[str, Reject]]
          ) -> tuple[Table, list[dict[str, Any]]]:
    return _records(args.file, _parse_map(args.map), args.id, _Progress(True, args.encoding),
                    rejects, not args.quiet)


def _finish(args: argparse.Namespace, what: str, rejects: list[tuple[str, Reject]]) -> int:
    rej = _write_rejects(args.rejects, args.output, rejects, args.mask_rejects)
    if not args.quiet:
        print(f"wrote {what}" + (f"; rejects in {rej}" if rej else ""), file=sys.stderr)
    return 0


def _write_rejects(path: str | None, out: str, rejects: list[tuple[str, Reject]],
                   masked: bool = False) -> str | None:
    if not rejects:
        return None
    target = path or str(Path(out).with_suffix(".rejects.csv"))
    write_csv(target, ({"file": f, "line": r.line, "reason": r.reason,
                        "text": mask_digits(r.text) if masked else r.text}
                       for f, r in rejects))
    return target


def _config(args: argparse.Namespace) -> MatchConfig:
    kw: dict[str, Any] = {}
    if getattr(args, "threshold", None) is not None:
        kw["match_threshold"] = args.threshold
    if getattr(args, "possible_threshold", None) is not None:
        kw["possible_threshold"] = args.possible_threshold
    if getattr(args, "one_to_one", False):
        kw["one_to_one"] = True
    if getattr(args, "right_has_duplicates", False):
        kw["right_unique"] = False
    return MatchConfig(**kw)


def _summary(result: LinkResult, rejects: list[tuple[str, Reject]], elapsed: float) -> str:
    status = Counter(s for _, s, _ in result.status())
    problems = Counter(p.split(":")[0] for r in result.left for p in r.problems)
    generic = any(c.field == "address_text" for c in result.config.comparisons)
    if generic:
        problems.pop("address", None)  # generic data: its addresses are compared as text
    lines = [
        f"left records: {len(result.left):,}   right records: {len(result.right):,}   "
        f"candidate pairs: {result.candidate_pairs:,}",
        "left records by best decision: " + ", ".join(f"{k} {v:,}" for k, v in
                                                      sorted(status.items())),
        f"pairs written: {len(result.pairs):,}   time: {elapsed:.1f}s "
        + " ".join(f"{k} {v:.1f}s" for k, v in result.timings.items()),
    ]
    if generic:
        lines.append("most family names are not Vietnamese: compared generically (names by "
                     "Jaro-Winkler, addresses as text, one link per record)")
    if problems:
        lines.append("unreadable values (kept, compared as missing): "
                     + ", ".join(f"{k} {v:,}" for k, v in problems.most_common()))
    if rejects:
        lines.append(f"rejected rows: {len(rejects):,} ("
                     + ", ".join(f"{k} {v}" for k, v in
                                 Counter(r.reason.split(",")[0] for _, r in rejects).items())
                     + ")")
    return "\n".join(lines)


def _cmd_link(args: argparse.Namespace) -> int:
    progress = _Progress(args.quiet, args.encoding)
    t0 = time.perf_counter()
    rejects: list[tuple[str, Reject]] = []
    output_format(args.output)  # refuse an output name before any work
    base = _parse_map(args.map)
    ltable, left = _records(args.left, {**base, **_parse_map(args.left_map)}, args.left_id,
                            progress, rejects, name="left")
    rtable, right = _records(args.right, {**base, **_parse_map(args.right_map)}, args.right_id,
                             progress, rejects, name="right")
    model = None
    if args.model:
        model = FellegiSunter.from_json(Path(args.model).read_text(encoding="utf-8"))
    progress.step("normalising, blocking, training and scoring")
    result = link(left, right, _config(args), model=model, labels=args.labels)
    rows: Iterable[dict[str, Any]] = result.rows(best=args.best)
    if args.keep_columns:
        rows = with_columns(rows, (ltable, left), (rtable, right))
    n = write_table(args.output, rows)
    if args.save_model:
        Path(args.save_model).write_text(result.model.to_json(), encoding="utf-8")
    if args.truth and not args.report:
        raise VnidmatchError("--truth is only used by --report: add --report FILE.html")
    if args.report:  # useful without truth; with it, the precision-recall curve too
        truth = {(r["id"], str(r[args.truth])) for r in left
                 if str(r.get(args.truth) or "").strip()} if args.truth else None
        result.to_html(args.report, truth=truth)
        print(f"wrote the link report {args.report}", file=sys.stderr)
    if args.review:
        k = len(result.review_table(args.review))
        print(f"wrote {k:,} pairs to review to {args.review} (personal data: fill in the "
              "label column, then pass it back with --labels)", file=sys.stderr)
    progress.done()
    if not args.quiet:
        print(_summary(result, rejects, time.perf_counter() - t0), file=sys.stderr)
    return _finish(args, f"{n:,} rows to {args.output}", rejects)


def _cmd_dedupe(args: argparse.Namespace) -> int:
    progress = _Progress(args.quiet, args.encoding)
    rejects: list[tuple[str, Reject]] = []
    output_format(args.output)
    records = _load(args.file, _parse_map(args.map), args.id, "file", progress, rejects)
    progress.step("normalising, blocking, training and scoring")
    result = dedupe(records, _config(args))
    n = write_table(args.output, result.rows())
    progress.done()
    summary = dedupe_summary(result, rejects)
    if not args.quiet:
        print(summary, file=sys.stderr)
    if args.report:
        Path(args.report).write_text(dedupe_report(result, summary), encoding="utf-8")
    return _finish(args, f"{n:,} rows to {args.output}", rejects)


def _cmd_normalize(args: argparse.Namespace) -> int:
    from vnidmatch.records import prepare_record

    rejects: list[tuple[str, Reject]] = []
    progress = _Progress(args.quiet, args.encoding)
    output_format(args.output)
    table, records = _read(args, rejects)
    out = []
    for raw, rec in zip(table.rows, records):
        p = prepare_record(rec)
        row = dict(raw)
        row.update({
            "vn_id": rec["id"],
            "vn_full_name": p.full_name or "",
            "vn_birth_date": p.birth.iso if p.birth else "",
            "vn_sex": p.sex or "",
            "vn_id_number": " ".join(i.number for i in p.ids if i.is_valid),
            "vn_phone": p.phone or "",
            **address_2025(p.address),
            "vn_problems": "; ".join(p.problems),
        })
        out.append(row)
    n = write_table(args.output, out)
    progress.done()
    return _finish(args, f"{n:,} rows to {args.output}", rejects)


def _cmd_check(args: argparse.Namespace) -> int:
    from vnidmatch.rules import CheckOptions, check_dataset
    from vnidmatch.rules.engine import resolve_options

    progress = _Progress(args.quiet, args.encoding)
    rejects: list[tuple[str, Reject]] = []
    table, records = _read(args, rejects)
    # keep the columns the rules read that are not canonical fields (dates, flags)
    for raw, rec in zip(table.rows, records):
        for k in ("event_date", "vaccination_date", "registered_at", "ngay_tiem", "deceased",
                  "da_mat", "ngay_mat", "date_of_death", "updated_at"):
            if k in raw:
                rec[k] = raw[k]
    # a required field is a field, a header that maps to one (Họ và tên) or a column of the
    # file; check_dataset fails with the valid list for anything else
    opts = CheckOptions(required=tuple(n.strip() for n in args.required.split(",")
                                       if n.strip())) if args.required else None
    if opts is not None:  # before any progress line: the error stands on its own
        opts = resolve_options(opts, records[0].keys() if records else table.columns)
    progress.step(f"checking {len(records):,} records")
    report = check_dataset(records, args.rules.split(",") if args.rules else None,
                           options=opts, duplicates=not args.no_duplicates)
    progress.done()
    out = Path(args.output)
    if out.suffix.lower() in (".html", ".htm"):
        out.write_text(report.to_html(), encoding="utf-8")
    elif out.suffix.lower() == ".csv":
        report.to_csv(str(out))
    else:
        out.write_text(str(report) + "\n", encoding="utf-8")
    if not args.quiet:
        print(str(report), file=sys.stderr)
    return _finish(args, str(out), rejects)


def _cmd_explain(args: argparse.Namespace) -> int:
    rejects: list[tuple[str, Reject]] = []
    progress = _Progress(True, args.encoding)
    left = _load(args.left, _parse_map(args.map), args.left_id, "left", progress, rejects, True)
    right = _load(args.right, _parse_map(args.map), args.right_id, "right", progress, rejects,
                  True)
    model = FellegiSunter.from_json(Path(args.model).read_text(encoding="utf-8")) \
        if args.model else None
    result = link(left, right, model=model)
    print(result.explain(args.left_id_value, args.right_id_value))
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from vnidmatch.evaluate import confusion
    from vnidmatch.synth import derive_register, generate_population

    t0 = time.perf_counter()
    pop = generate_population(args.n, seed=args.seed)
    reg = derive_register(pop, seed=args.seed + 1)
    t1 = time.perf_counter()
    if args.save_registers:
        _save_registers(Path(args.save_registers), pop, reg)
    print(f"synthetic population register: {len(pop):,} people; vaccination register: "
          f"{len(reg):,} hand-typed records ({sum(1 for r in reg if not r['true_id']):,} "
          f"of people missing from the population register)   [{t1 - t0:.1f}s]")
    print("examples of the vaccination records:")
    for r in reg[:3]:
        print("  ", {k: r[k] for k in ("full_name", "birth_date", "id_number", "phone",
                                        "address")})
    result = link(reg, pop)
    t2 = time.perf_counter()
    truth = {(r["id"], r["true_id"]) for r in reg if r["true_id"]}
    best = [(p.left_id, p.right_id) for p in result.best() if p and p.decision == "match"]
    c = confusion(best, truth)
    print(f"linked in {t2 - t1:.1f}s (" + ", ".join(f"{k} {v:.1f}s"
                                                    for k, v in result.timings.items()) + ")")
    print(f"best match per record: {c}")
    first = next((p for p in result.best() if p), None)
    if first is not None:
        print("why the first record matched:")
        print(result.explain(first.left_id, first.right_id))
    if args.output:
        result.to_csv(args.output, best=True)
        print(f"wrote {args.output}")
    if args.report:
        _write_report(args.report, result, truth)
    return 0


#: the headers of the example files (as Vietnamese registers name their columns)
_HEADERS = {"id": "Mã", "full_name": "Họ và tên", "birth_date": "Ngày sinh", "sex": "Giới tính",
            "id_number": "Số CCCD", "old_id_number": "Số CMND", "phone": "SĐT",
            "address": "Địa chỉ thường trú", "true_id": "true_id"}


def _save_registers(folder: Path, pop: list[dict[str, Any]], reg: list[dict[str, Any]]) -> None:
    """Write the synthetic registers as a clerk gets them: population.csv, vaccinations.csv
    (its ``true_id`` column is the ground truth, for ``link --truth true_id``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("population.csv", pop), ("vaccinations.csv", reg)):
        cols = [c for c in _HEADERS if c in rows[0]]
        write_csv(folder / name, ({_HEADERS[c]: r.get(c) or "" for c in cols} for r in rows),
                  [_HEADERS[c] for c in cols])
        print(f"wrote {folder / name} ({len(rows):,} rows)")


def _write_report(path: str, result: LinkResult, truth: set[tuple[str, str]]) -> None:
    from vnidmatch.evaluate import html_report

    scored = [((p.left_id, p.right_id), p.match_weight) for p in result.pairs]
    Path(path).write_text(html_report(scored, truth), encoding="utf-8")
    print(f"wrote the evaluation report {path}", file=sys.stderr)


def _link_parser(sub: Any, common: Any) -> None:
    p = sub.add_parser("link", help="link LEFT (e.g. vaccinations) to RIGHT (population)")
    p.add_argument("left")
    p.add_argument("right")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--left-map")
    p.add_argument("--right-map")
    p.add_argument("--left-id", help="id column of LEFT (default: auto, or row number)")
    p.add_argument("--right-id", help="id column of RIGHT")
    p.add_argument("--best", action="store_true", help="one row per LEFT record")
    p.add_argument("--one-to-one", action="store_true", help="at most one link per record")
    p.add_argument("--right-has-duplicates", action="store_true",
                   help="RIGHT may hold a person more than once: a LEFT record's candidates "
                   "do not compete (by default a record matches at most one RIGHT record)")
    p.add_argument("--threshold", type=float, help="match probability (default 0.9)")
    p.add_argument("--possible-threshold", type=float, help="possible probability (default 0.5)")
    p.add_argument("--model", help="load trained parameters from this JSON file")
    p.add_argument("--save-model", help="save the trained parameters to this JSON file")
    p.add_argument("--truth", help="LEFT column holding the true RIGHT id (for --report)")
    p.add_argument("--report", help="write the HTML link report (what was linked, how "
                   "confidently, what to review; with --truth also precision-recall)")
    p.add_argument("--review", help="write the uncertain pairs side by side to this CSV, "
                   "with an empty label column to fill in")
    p.add_argument("--labels", help="a filled-in --review CSV: estimate m from its answers")
    p.add_argument("--keep-columns", action="store_true",
                   help="write the input columns of both records beside each pair "
                   "(left_<column>, right_<column>)")
    common(p)
    p.set_defaults(func=_cmd_link)



def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="vnidmatch", description=__doc__.splitlines()[0])
    ap.add_argument("--version", action="store_true", help="print the version and exit")
    sub = ap.add_subparsers(dest="command")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("-q", "--quiet", action="store_true", help="no progress or summary")
        p.add_argument("--map", help="field=column,... for columns not recognised by name")
        p.add_argument("--rejects", help="where to write malformed rows (default "
                       "OUT.rejects.csv; it holds the rows as read: personal data)")
        p.add_argument("--mask-rejects", action="store_true",
                       help="mask ids and phone numbers (runs of 8-13 digits) in the rejects file")
        p.add_argument("--encoding", help="the input files' encoding (default: guessed line by "
                       "line: UTF-8, UTF-16, Windows-1258, cp1252 with VNI/TCVN3 font text)")

    _link_parser(sub, common)

    p = sub.add_parser("dedupe", help="cluster the duplicates within one file")
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--id", help="id column")
    p.add_argument("--threshold", type=float)
    p.add_argument("--possible-threshold", type=float)
    p.add_argument("--report", help="write a text report: the summary and the largest clusters")
    common(p)
    p.set_defaults(func=_cmd_dedupe)

    p = sub.add_parser("check", help="the đúng/đủ/sạch/sống data-quality report of a file")
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True,
                   help="REPORT.html (charts), REPORT.csv (one row per issue) or a text file")
    p.add_argument("--id", help="id column")
    p.add_argument("--rules", help="codes or words (dung,du,sach,song), comma-separated")
    p.add_argument("--required", help="required fields, comma-separated: field names "
                   "(full_name, birth_date, ...), headers that map to them (Họ và tên) or "
                   "other columns of the file; anything else fails with the valid list")
    p.add_argument("--no-duplicates", action="store_true", help="skip the dedupe-based rules")
    common(p)
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("normalize", help="add normalised columns (vn_*) to a file")
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--id", help="id column")
    common(p)
    p.set_defaults(func=_cmd_normalize)

    p = sub.add_parser("explain", help="the field-by-field weights of one pair")
    p.add_argument("left")
    p.add_argument("right")
    p.add_argument("left_id_value")
    p.add_argument("right_id_value")
    p.add_argument("--model")
    p.add_argument("--map")
    p.add_argument("--left-id")
    p.add_argument("--right-id")
    p.add_argument("--encoding")
    p.set_defaults(func=_cmd_explain)

    p = sub.add_parser("demo", help="generate synthetic registers, link them, print accuracy")
    p.add_argument("--n", type=int, default=5000, help="people in the population register")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("-o", "--output", help="also write the best-match CSV here")
    p.add_argument("--report", help="write an HTML evaluation report (PR curve, weights)")
    p.add_argument("--save-registers", metavar="DIR",
                   help="also write the two synthetic registers as CSV files in DIR")
    p.set_defaults(func=_cmd_demo)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    >>> main(["link", "no-such-file.csv", "b.csv", "-o", "out.csv", "-q"])
    1
    """
    ap = _parser()
    args = ap.parse_args(argv)
    if args.version:
        print(f"vnidmatch {vnidmatch.__version__}")
        return 0
    if not getattr(args, "command", None):
        ap.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except VnidmatchError as exc:
        print(f"vnidmatch: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"vnidmatch: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug, not bad input: one line, the traceback on request
        if os.environ.get("VNIDMATCH_DEBUG"):
            raise
        print(f"vnidmatch: internal error ({type(exc).__name__}); run again with "
              "VNIDMATCH_DEBUG=1 for the traceback and please report it", file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
