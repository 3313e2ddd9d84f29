"""The ``helhedskort`` command line: its parser and the process around the commands
(gaps, validate, export, example and template in :mod:`mapping.cli_commands`, db in
:mod:`mapping.storage.cli`).

Every command validates its input first; invalid input ends with a clear message
on standard error and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib
import os
import sys
import types
from collections.abc import Sequence

from mapping import __version__
from mapping.cli_commands import (
    EXIT_PROBLEMS,
    CliError,
    cmd_example,
    cmd_export,
    cmd_gaps,
    cmd_template,
    cmd_validate,
    parse_date,
)

ONE_SHOT = ("gaps", "validate", "export", "example")
"""Commands that read a map, act once and end."""
READ_ONLY = ("gaps", "validate")
"""One-shot commands that write nothing but standard output and error."""


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
        p.add_argument("--today", type=parse_date, help="date HK501 compares with (default: today)")
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


class _LoadedOnUse(types.ModuleType):
    """Stands in ``sys.modules`` for a module until something reads a name from it;
    the first read loads the real module, which from then on answers every read."""

    def __getattr__(self, name: str) -> object:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        self.__dict__.update(real.__dict__)
        return getattr(real, name)


def _load_inspect_on_use() -> None:
    """``dataclasses`` imports ``inspect`` as it loads, and with it ``ast``, ``dis`` and
    ``tokenize`` (about 4 % of one municipality's ``gaps`` run) for one use: the signature
    it puts in the docstring of a class without one (ours all have one). A one-shot run
    loads ``inspect`` only if something reads from it."""
    if "inspect" not in sys.modules:
        sys.modules["inspect"] = _LoadedOnUse("inspect")


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
        _load_inspect_on_use()
    parser = build_parser(with_db=first == "db", only=first if first in ONE_SHOT else None)
    args = parser.parse_args(argv)
    code = _run(args)
    if as_process and (first in READ_ONLY or getattr(args, "exit_at_once", False)):
        _exit_at_once(code)
    return code


def _exit_at_once(code: int) -> None:
    """End the process without tearing down what the command built: on a national map
    freeing its million objects one by one takes a fifth of a second, and the exit
    frees them anyway. Only for commands that write nothing but their output streams,
    or that say (``args.exit_at_once``) their database file is committed and closed;
    the streams are flushed here first (a failing flush falls back to the ordinary exit)."""
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
