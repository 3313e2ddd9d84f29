"""What each one-shot ``helhedskort`` command does: gaps, validate, export, example,
template. The parser and the process around them live in :mod:`mapping.cli`.

Heavy libraries are imported inside the commands that use them, so a run pays
only for its own command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from collections.abc import Sequence
from pathlib import Path

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from typing import Any

    from mapping.model import Map
    from mapping.settings import Settings

REPO_DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE_JSON = REPO_DATA / "example.json"

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A failure to report as one line on stderr (exit code attached)."""

    def __init__(self, message: str, code: int = EXIT_PROBLEMS) -> None:
        super().__init__(message)
        self.code = code


def parse_date(text: str) -> dt.date:
    """``--today``'s value: a date written YYYY-MM-DD, else argparse's usage error."""
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
