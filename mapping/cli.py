"""The ``helhedskort`` command line: gaps, validate, export, example, template, db.

Every command validates its input first; invalid input ends with a clear message
on standard error and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mapping import __version__

if TYPE_CHECKING:
    from mapping.model import Map
    from mapping.settings import Settings

REPO_DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE_JSON = REPO_DATA / "example.json"

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
ONE_SHOT = ("gaps", "validate", "export", "example")
"""Commands that read a map, act once and end."""
READ_ONLY = ("gaps", "validate")
"""One-shot commands that write nothing but standard output and error."""


class CliError(Exception):
    """A failure to report as one line on stderr (exit code attached)."""

    def __init__(self, message: str, code: int = EXIT_PROBLEMS) -> None:
        super().__init__(message)
        self.code = code


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _read(path: str) -> Map:
    from mapping.readwrite import MapValidationError, read_map

    p = Path(path)
    if not p.exists():
        raise CliError(f"{path}: no such file or folder")
    try:
        return read_map(p)
    except MapValidationError as exc:
        lines = [f"{path}: {len(exc.problems)} problem(s) in the input:"]
        lines += [f"  - {problem}" for problem in exc.problems]
        raise CliError("\n".join(lines)) from None


def _settings(pairs: Sequence[str]) -> Settings:
    from mapping.settings import Settings

    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise CliError(f"--set expects NAME=VALUE, got {pair!r}", EXIT_USAGE)
        values[name.strip()] = value.strip()
    try:
        return Settings.from_dict(values)
    except ValueError as exc:
        raise CliError(f"--set: {exc}", EXIT_USAGE) from None


# gaps -----------------------------------------------------------------------


def _gaps_table(m: Any, findings: Sequence[Any], lang: str) -> str:
    """Findings for people: title, message, who acts and the action, in ``lang``."""
    import textwrap

    from mapping.chain import level_name
    from mapping.visual.report import acts_label, details_text, severity_label

    en = lang == "en"
    if not findings:
        return "No findings." if en else "Ingen fund."
    names = m.units_by_id
    top = "Top management" if en else "Topledelsen"
    labels = (
        ("Who acts", "Resolved by", "Action", "Question", "Camps or pairs")
        if en
        else ("Hvem handler", "Løses af", "Handling", "Spørgsmål", "Lejre eller par")
    )
    out = io.StringIO()

    def para(label: str, text: str) -> None:
        out.write(textwrap.fill(text, width=96, initial_indent=f"    {label}: ",
                                subsequent_indent="      ") + "\n")  # fmt: skip

    for f in findings:
        target = f.escalate_to
        who = names[target].name if target in names else top
        out.write(f"{f.id}  {severity_label(f.severity, lang)}  {f.title.get(lang)}\n")
        out.write(textwrap.fill(f.message.get(lang), width=96, initial_indent="    ",
                                subsequent_indent="    ") + "\n")  # fmt: skip
        para(labels[0], acts_label(f.acts, lang))
        para(labels[1], f"{who} ({level_name(f.escalation_level, lang)})")
        if f.details:
            para(labels[4], details_text(f, names))
        para(labels[2], f.action.get(lang))
        para(labels[3], f.question.get(lang))
        out.write("\n")
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    shown = ", ".join(f"{n} {severity_label(s, lang).lower()}" for s, n in counts.items())
    total = f"{len(findings)} in all" if en else f"{len(findings)} i alt"
    out.write(f"{shown} — {total}\n")
    return out.getvalue()


def _write_json_list(findings: Sequence[Any], lang: str) -> None:
    """One finding per line (``json.dumps`` of each finding's dict), a thousand at a time."""
    from mapping.gaps.core import finding_json

    if not findings:
        sys.stdout.write("[]\n")
        return
    step = 1000
    for start in range(0, len(findings), step):
        lines = [finding_json(f, lang) for f in findings[start : start + step]]
        sys.stdout.write(("[\n  " if start == 0 else ",\n  ") + ",\n  ".join(lines))
    sys.stdout.write("\n]\n")


def cmd_gaps(args: argparse.Namespace) -> int:
    from mapping.gaps import find_findings

    m = _read(args.path)
    findings = find_findings(m, _settings(args.set), args.today or dt.date.today())
    args.built = (m, findings)  # left for the process exit to free (see _exit_at_once)
    if args.format == "json":
        _write_json_list(findings, args.lang)
    elif args.format == "csv":
        from mapping.visual import gaps_csv

        sys.stdout.flush()
        sys.stdout.buffer.write(gaps_csv(findings, excel_danish=args.excel_danish, lang=args.lang))
    else:
        sys.stdout.write(_gaps_table(m, findings, args.lang))
    return EXIT_OK


# validate -------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    m = args.built = _read(args.path)
    print(
        f"{args.path}: OK — {len(m.units)} units, {len(m.citizen_groups)} citizen groups, "
        f"{len(m.services)} services, {len(m.principles)} principles, "
        f"{len(m.adoptions)} adoptions, {len(m.relations)} relations"
    )
    return EXIT_OK


# export / example / template --------------------------------------------------

INTERCHANGE_SUFFIXES = (".json", ".xlsx", ".zip")


def _is_folder_target(dst: str) -> bool:
    return dst.endswith(("/", "\\")) or Path(dst).is_dir()


def _write(m: Any, dst: str, args: argparse.Namespace) -> None:
    from mapping.readwrite import write_map

    suffix = Path(dst).suffix.lower()
    report = getattr(args, "report", False) and suffix == ".xlsx"
    if _is_folder_target(dst) or (
        suffix in INTERCHANGE_SUFFIXES and not _nodelink(dst) and not report
    ):
        write_map(m, dst, excel_danish=getattr(args, "excel_danish", False))
        return
    from mapping.gaps import find_findings
    from mapping.visual import REPORT_EXTENSIONS, VISUAL_EXTENSIONS, ViewFilter, export_view

    if not (suffix in VISUAL_EXTENSIONS or suffix in REPORT_EXTENSIONS or _nodelink(dst)):
        known = ", ".join(
            sorted({*INTERCHANGE_SUFFIXES, *VISUAL_EXTENSIONS, ".csv", "/ (CSV folder)"})
        )
        raise CliError(f"{dst}: unknown export type {suffix or '(none)'!r}; use one of {known}")
    view = ViewFilter(
        sectors=frozenset(args.sector or ()),
        groups=frozenset(args.group or ()),
        rules=frozenset(args.rule or ()),
        severities=frozenset(args.severity or ()),
    )
    gaps = find_findings(m, _settings(args.set), dt.date.today())
    export_view(
        m,
        gaps,
        Path(dst),
        view=view,
        layout=args.layout,
        title=args.title or m.name,
        lang=args.lang,
    )


def _nodelink(dst: str) -> bool:
    return dst.lower().endswith(".nodelink.json")


def cmd_export(args: argparse.Namespace) -> int:
    from mapping.cli_steps import Steps

    with Steps(2) as step:
        step(f"reading {args.src}")
        m = _read(args.src)
        _check_filters(m, args)
        step(f"writing {args.dst}")
        _write(m, args.dst, args)
    print(f"wrote {args.dst}")
    return EXIT_OK


def _check_filters(m: Any, args: argparse.Namespace) -> None:
    from mapping.gaps import RULE_CODES

    unknown = [g for g in args.group or () if g not in m.groups_by_id]
    if unknown:
        raise CliError(f"--group: unknown citizen group id(s): {', '.join(unknown)}", EXIT_USAGE)
    bad = [r for r in args.rule or () if r not in RULE_CODES]
    if bad:
        raise CliError(f"--rule: unknown rule code(s): {', '.join(bad)}", EXIT_USAGE)


def cmd_example(args: argparse.Namespace) -> int:
    if not EXAMPLE_JSON.exists():
        raise CliError(f"the example municipality is missing: {EXAMPLE_JSON}")
    m = _read(str(EXAMPLE_JSON))
    if Path(args.dst).suffix.lower() == ".json" and not _is_folder_target(args.dst):
        import shutil

        shutil.copyfile(EXAMPLE_JSON, args.dst)
    else:
        _write(m, args.dst, args)
    print(f"wrote {args.dst}")
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from mapping.readwrite import write_template

    if Path(args.dst).suffix.lower() != ".xlsx":
        raise CliError(f"{args.dst}: the template is an Excel workbook; name it *.xlsx", EXIT_USAGE)
    write_template(Path(args.dst))
    print(f"wrote {args.dst}")
    return EXIT_OK


# parser -----------------------------------------------------------------------


def _view_options(p: argparse.ArgumentParser) -> None:
    from mapping.gaps.core import SEVERITIES

    p.add_argument("--group", action="append", help="only this citizen group (repeatable)")
    p.add_argument("--sector", action="append", help="only units of this sector (repeatable)")
    p.add_argument("--rule", action="append", help="only findings of this rule code (repeatable)")
    p.add_argument("--severity", action="append", choices=SEVERITIES, help="only this severity")
    p.add_argument("--layout", choices=("network", "chain"), default="network")
    p.add_argument("--title", default="", help="title on diagrams (default: the map's name)")
    p.add_argument(
        "--report",
        action="store_true",
        help="with .xlsx: add the gap report and a sheet per view to the workbook",
    )
    p.add_argument(
        "--excel-danish",
        action="store_true",
        help="CSV folder or .zip for Danish Excel: ';' between cells and a UTF-8 BOM",
    )


def _help_width() -> int:
    """The width argparse gives help text: ``shutil.get_terminal_size().columns - 2``,
    worked out as shutil does it. argparse would import shutil (and with it bz2 and
    lzma) for every parser it builds, a few milliseconds of each one-shot run."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return (columns or 80) - 2


def build_parser(with_db: bool = True, only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``only`` (the command being run) the other commands are
    listed by name and help but get no options, which a one-shot run need not build."""
    formatter = functools.partial(argparse.HelpFormatter, width=_help_width())
    parser = argparse.ArgumentParser(
        prog="helhedskort",
        description="Map where municipal silos fail the citizens they share.",
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"helhedskort {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser | None:
        if only is not None and only != name:
            return None  # a one-shot run never parses or shows the other commands
        return sub.add_parser(name, help=help, formatter_class=formatter)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=("da", "en"), default="da", help="language of texts")
        p.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="override a setting, e.g. leadership_span_threshold=30 (repeatable)",
        )

    p = command("gaps", "list the gaps of a map (JSON, Excel, CSV folder or zip)")
    if p is not None:
        p.add_argument("path")
        p.add_argument("--format", choices=("json", "table", "csv"), default="table")
        p.add_argument("--today", type=_date, help="date HK501 compares with (default: today)")
        p.add_argument(
            "--excel-danish",
            action="store_true",
            help="with --format csv: ';' between cells and a UTF-8 BOM, as Danish Excel opens it",
        )
        common(p)
        p.set_defaults(func=cmd_gaps)

    p = command("validate", "check a map file and list every problem")
    if p is not None:
        p.add_argument("path")
        p.set_defaults(func=cmd_validate)

    p = command(
        "export",
        "convert a map: .json .xlsx .zip or DIR/ (CSV); draw it: "
        ".html .png .svg .pdf .graphml .gexf .nodelink.json; or list its gaps: .csv",
    )
    if p is not None:
        p.add_argument("src")
        p.add_argument("dst")
        _view_options(p)
        common(p)
        p.set_defaults(func=cmd_export)

    p = command("example", "write the example municipality to DST (any export type)")
    if p is not None:
        p.add_argument("dst")
        _view_options(p)
        common(p)
        p.set_defaults(func=cmd_example)

    p = command("template", "write the blank Excel template with instructions")
    if p is not None:
        p.add_argument("dst")
        p.set_defaults(func=cmd_template)

    if with_db:
        from mapping.storage.cli import register

        register(sub)
    elif only is None:  # keep SQLAlchemy and Alembic out of the other commands' start-up
        sub.add_parser("db", help="work with the database: import, export, list, changes, backup")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (also used by ``python -m mapping``)."""
    as_process = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    first = argv[0] if argv else None
    one_shot = first in ONE_SHOT or argv[:2] in (["db", "import"], ["db", "export"])
    if as_process and one_shot:
        # One-shot commands build ~10^6 acyclic objects on a national map; the cyclic
        # garbage collector would scan them repeatedly for nothing (~20% of the run).
        gc.disable()
    parser = build_parser(with_db=first == "db", only=first if first in ONE_SHOT else None)
    args = parser.parse_args(argv)
    code = _run(args)
    if as_process and first in READ_ONLY:
        _exit_at_once(code)
    return code


def _exit_at_once(code: int) -> None:
    """End the process without tearing down what the command built: on a national map
    freeing its million objects one by one takes a fifth of a second, and the exit
    frees them anyway. Only for commands that write nothing but their output streams,
    flushed here first (a failing flush falls back to the ordinary exit)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        return
    os._exit(code)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"helhedskort: {exc}", file=sys.stderr)
        return exc.code
    except OSError as exc:
        print(f"helhedskort: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: a clear line, never a traceback
        print(f"helhedskort: unexpected error ({type(exc).__name__}): {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
