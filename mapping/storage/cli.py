"""``helhedskort db``: import, export, list, changes, backup, restore and undelete.

Every command migrates the database first. Errors end as a short message on
standard error (one line, or one line per problem) and exit code 1, never a
traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mapping.storage.errors import StorageError

if TYPE_CHECKING:
    from mapping.model import Map
    from mapping.storage.imports import ImportSummary

EXIT_OK, EXIT_ERROR = 0, 1


def _moment(text: str, end_of_day: bool = False) -> dt.datetime:
    """ISO date or date-time; without an offset it is the machine's local time."""
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ikke et tidspunkt YYYY-MM-DD[THH:MM]: {text!r}"
        ) from None
    if end_of_day and len(text) == 10:
        value += dt.timedelta(days=1, microseconds=-1)
    if value.tzinfo is None:
        value = value.astimezone()  # local time, as a person means it
    return value.astimezone(dt.UTC)


def _engine(args: argparse.Namespace) -> Any:
    from mapping.storage import get_engine, upgrade

    engine = get_engine(args.database)
    upgrade(engine)
    return engine


def _map_id(engine: Any, name: str) -> int:
    from mapping.storage import find_map

    return find_map(engine, name)


def cmd_import(args: argparse.Namespace) -> int:
    from mapping.cli_steps import Steps
    from mapping.readwrite import read_map
    from mapping.storage.sqlite_new import create_if_new

    with Steps(2) as step:
        step(f"reading and checking {args.file}")
        m = read_map(Path(args.file))
        name = args.map or m.name or Path(args.file).stem
        summary = None
        if args.create and create_if_new(args.database, name, m, args.author, step):
            args.exit_at_once = True  # the file is written and closed: nothing to tidy up
        else:
            summary = _import_usual(args, name, m, step)
    if summary is None:
        print(f"Oprettede kortet {name!r} fra {args.file}.")
        return EXIT_OK
    print(f"Importerede {args.file} i {name!r} ({args.mode}): {summary.describe()}.")
    return EXIT_OK


def _import_usual(
    args: argparse.Namespace, name: str, m: Map, step: Callable[[str], None]
) -> ImportSummary | None:
    """Through SQLAlchemy: the import's summary, or None when the map was created."""
    from mapping.storage import MapNotFoundError, create_map, import_map

    engine = _engine(args)
    step("writing to the database")
    try:
        found = _map_id(engine, name)
    except MapNotFoundError:
        if not args.create:
            raise StorageError(
                f"Kortet {name!r} findes ikke. Tilføj --create for at oprette det fra {args.file}.",
                f"There is no map {name!r}. Add --create to create it from {args.file}.",
            ) from None
        create_map(engine, name, m, args.author)
        return None
    return import_map(engine, found, m, args.mode, args.author)


def cmd_export(args: argparse.Namespace) -> int:
    from mapping.readwrite import write_map
    from mapping.storage import MapNotFoundError, load_map

    engine = _engine(args)
    try:
        mid = None if args.id is not None else _map_id(engine, args.name)
    except MapNotFoundError:
        mid = None
    if mid is None or (args.at is not None and not _existed(engine, mid, args.at)):
        return _export_deleted(engine, args, live=mid)
    from mapping.cli_steps import Steps

    with Steps(2) as step:
        step("reading from the database")
        stored = load_map(engine, mid, at=args.at)
        step(f"writing {args.dst}")
        write_map(stored.map, Path(args.dst))
    print(f"Skrev {args.name!r} til {args.dst}.")
    return EXIT_OK


def _export_deleted(engine: Any, args: argparse.Namespace, live: int | None) -> int:
    """Export a deleted map as it was ``--at`` a time before its deletion."""
    from mapping.readwrite import write_map
    from mapping.storage import MapNotFoundError
    from mapping.storage.deleted import deleted_maps, find_deleted, replay

    if args.at is None:
        gone = [d for d in deleted_maps(engine, include_restored=True) if d.name == args.name]
        if not gone:
            raise MapNotFoundError(args.name)
        d = gone[0]
        raise StorageError(
            f"Kortet {args.name!r} findes ikke længere: det blev slettet "
            f"{_shown(d.deleted_at)} af {d.deleted_by or 'ukendt'}. Eksportér det, som det var, "
            "med --at et tidspunkt før sletningen, eller gendan det med "
            f"helhedskort db undelete {args.name!r}.",
            f"The map {args.name!r} no longer exists: it was deleted at {_shown(d.deleted_at)} "
            f"by {d.deleted_by or 'unknown'}. Export it as it was with --at a time before the "
            f"deletion, or bring it back with helhedskort db undelete {args.name!r}.",
        )
    try:
        d = find_deleted(engine, args.name, at=args.at, map_id=args.id, include_restored=True)
    except StorageError:
        if live is not None:
            _check_existed(engine, live, args.name, args.at)  # the clearer message
        raise
    snap = replay(engine, d.id, at=args.at)
    write_map(snap.map.replace(name=d.name), Path(args.dst))
    print(f"Skrev det slettede kort {d.describe()} som det var {_shown(snap.at)} til {args.dst}.")
    return EXIT_OK


def _shown(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC"


def _created(engine: Any, map_id: int) -> dt.datetime:
    from mapping.storage import list_maps

    return next(i.created_at for i in list_maps(engine, counts=False) if i.id == map_id)


def _existed(engine: Any, map_id: int, at: dt.datetime) -> bool:
    from mapping.storage.store import as_utc

    return as_utc(at) >= _created(engine, map_id)


def _check_existed(engine: Any, map_id: int, name: str, at: dt.datetime) -> None:
    """Refuse a time before the map was created (its export would be an empty map)."""
    from mapping.storage.store import as_utc

    created = _created(engine, map_id)
    if as_utc(at) < created:
        raise StorageError(
            f"Kortet {name!r} fandtes ikke {_shown(as_utc(at))}; "
            f"det blev oprettet {_shown(created)}.",
            f"The map {name!r} did not exist at {_shown(as_utc(at))}; "
            f"it was created at {_shown(created)}.",
        )


def cmd_list(args: argparse.Namespace) -> int:
    from mapping.storage import list_maps

    if args.deleted:
        return _list_deleted(args)
    maps = list_maps(_engine(args))
    if args.format == "json":
        rows = [
            {"id": i.id, "name": i.name, "updated_at": i.updated_at.isoformat(), "counts": i.counts}
            for i in maps
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not maps:
        print("Ingen kort i databasen.")
    for i in maps:
        counts = ", ".join(f"{t} {n}" for t, n in i.counts.items())
        print(f"{i.id:>4}  {i.name}  (ændret {i.updated_at:%Y-%m-%d %H:%M} UTC; {counts})")
    return EXIT_OK


def _list_deleted(args: argparse.Namespace) -> int:
    from mapping.storage.deleted import deleted_maps

    gone = deleted_maps(_engine(args), include_restored=True)
    if args.format == "json":
        rows = [
            {
                "id": d.id,
                "name": d.name,
                "deleted_at": d.deleted_at.isoformat(),
                "deleted_by": d.deleted_by,
                "restored_as": d.restored_as,
            }
            for d in gone
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not gone:
        print("Ingen slettede kort.")
    for d in gone:
        back = f"; gendannet som kort id {d.restored_as}" if d.restored_as is not None else ""
        print(
            f"{d.id:>4}  {d.name}  (slettet {d.deleted_at:%Y-%m-%d %H:%M} UTC "
            f"af {d.deleted_by or 'ukendt'}{back})"
        )
    return EXIT_OK


def cmd_undelete(args: argparse.Namespace) -> int:
    from mapping.storage import MapNameTakenError
    from mapping.storage.deleted import find_deleted, undelete_map

    engine = _engine(args)
    gone = find_deleted(engine, args.name, map_id=args.id)
    try:
        new_id = undelete_map(engine, gone.id, args.new_name, args.author)
    except MapNameTakenError as exc:
        raise StorageError(
            f"Der findes allerede et kort med navnet {exc.name!r}. "
            "Giv det gendannede kort et andet navn med --as NYT_NAVN.",
            f"A map named {exc.name!r} already exists. "
            "Give the map you bring back another name with --as NEW_NAME.",
        ) from None
    name = args.new_name or gone.name
    print(
        f"Gendannede det slettede kort {gone.describe()} som {name!r} (id {new_id}), "
        "som det var lige før sletningen."
    )
    return EXIT_OK


def cmd_changes(args: argparse.Namespace) -> int:
    from mapping.storage import compare
    from mapping.storage.store import as_utc

    if args.start > args.end:
        raise StorageError(
            f"--from ({_shown(as_utc(args.start))}) ligger efter --to "
            f"({_shown(as_utc(args.end))}); byt om på dem.",
            f"--from ({_shown(as_utc(args.start))}) is after --to "
            f"({_shown(as_utc(args.end))}); swap them.",
        )
    engine = _engine(args)
    result = compare(engine, _map_id(engine, args.name), args.start, args.end)
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    print(f"{args.name}: {result.t1:%Y-%m-%d %H:%M} -> {result.t2:%Y-%m-%d %H:%M} UTC")
    for title, found in (("Nye fund", result.opened), ("Lukkede fund", result.closed)):
        print(f"\n{title} ({len(found)}):")
        for f in found:
            print(f"  {f.id} {f.title.da}: {f.message.da}")
    print(f"\nÆndrede poster ({len(result.changes)}):")
    for c in result.changes:
        print(f"  {c.action:<8} {c.table}: {'/'.join(c.key)}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from mapping.storage.backup import backup_json, backup_sqlite

    engine = _engine(args)
    dst = Path(args.dst)
    as_json = args.format == "json" or (args.format is None and engine.dialect.name != "sqlite")
    if as_json:
        names = backup_json(engine, dst)
        print(f"Skrev {len(names)} kort som JSON til {dst}/.")
    else:
        backup_sqlite(engine, dst)
        print(f"Kopierede SQLite-databasen til {dst}.")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from mapping.storage.restore import (
        check_sqlite_source,
        is_sqlite_file,
        restore_json,
        restore_sqlite,
    )

    src = Path(args.src)
    if not src.exists():
        raise StorageError(f"{src}: findes ikke", f"{src}: does not exist")
    if is_sqlite_file(src):
        check_sqlite_source(src)  # before the target is even opened
    engine = _engine(args)
    if is_sqlite_file(src):
        restore_sqlite(engine, src)
        print(f"Gendannede SQLite-databasen fra {src}.")
    else:
        names = restore_json(engine, src, args.author)
        print(f"Gendannede {len(names)} kort fra {src}: {', '.join(names)}.")
    return EXIT_OK


def _database_errors() -> tuple[type[Exception], ...]:
    """SQLAlchemy's errors, once it is loaded: not before, as nothing raised them yet
    (a new SQLite file is written without it; its own errors end in the usual path)."""
    loaded = sys.modules.get("sqlalchemy.exc")
    return () if loaded is None else (loaded.SQLAlchemyError,)


def _guard(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn expected failures into a message on stderr and exit code 1.

    A message is one line; a list of problems gets a heading and one line each.
    """

    def run(args: argparse.Namespace) -> int:
        problems: list[Any] = []
        source = getattr(args, "file", None)
        try:
            return func(args)
        except StorageError as exc:
            message = str(exc)
            problems = list(getattr(exc, "problems", None) or [])
            source = getattr(exc, "source", None) or source
        except _database_errors() as exc:
            message = f"databasefejl: {str(exc.orig if hasattr(exc, 'orig') else exc).strip()}"
        except OSError as exc:
            message = f"{exc.filename or ''}: {exc.strerror or exc}"
        except Exception as exc:  # MapValidationError from readwrite, and the unexpected
            problems = list(getattr(exc, "problems", None) or [])
            message = f"uventet fejl ({type(exc).__name__}): {exc}"
        if problems:
            where = f" i {source}" if source else ""
            lines = [f"{len(problems)} problem(er){where}; intet er gemt:"]
            lines += [f"  - {' '.join(str(p).split())}" for p in problems]
            message = "\n".join(lines)
        else:
            message = " ".join(message.split())
        print(f"helhedskort db: {message}", file=sys.stderr)
        return EXIT_ERROR

    return run


def register(subparsers: Any) -> None:
    """Add the ``db`` command group to an argparse sub-parsers object."""
    db = subparsers.add_parser("db", help="the map database: import, export, history, backup")
    cmds = db.add_subparsers(dest="db_command", required=True)

    def add(name: str, help_text: str, func: Callable[[argparse.Namespace], int]) -> Any:
        p = cmds.add_parser(name, help=help_text)
        p.add_argument(
            "--database", metavar="URL", help="database URL (default: see docs/storage.md)"
        )
        p.add_argument("--author", default=getpass.getuser(), help="name recorded in the history")
        p.set_defaults(func=_guard(func))
        return p

    p = add("import", "import a file (.json .xlsx .zip or CSV folder) into a map", cmd_import)
    p.add_argument("file")
    p.add_argument("--map", help="the map's name (default: the file's map name or stem)")
    p.add_argument("--mode", choices=("replace", "merge"), default="replace")
    p.add_argument("--create", action="store_true", help="create the map when it does not exist")

    p = add("export", "write a map (as it is now, or as it was --at a time) to a file", cmd_export)
    p.add_argument("name")
    p.add_argument("dst")
    p.add_argument(
        "--at",
        type=lambda t: _moment(t, end_of_day=True),
        metavar="YYYY-MM-DD[THH:MM]",
        help="the map as it was at this time (a date alone: the end of that day); "
        "also finds a deleted map by the name it had when deleted",
    )
    p.add_argument("--id", type=int, help="a deleted map's id, when several had the name")

    p = add("list", "list the maps in the database", cmd_list)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--deleted", action="store_true", help="list the deleted maps instead")

    p = add("undelete", "bring a deleted map back as it stood just before deletion", cmd_undelete)
    p.add_argument("name", help="the name the map had when it was deleted")
    p.add_argument("--as", dest="new_name", metavar="NEW_NAME", help="a new name for it")
    p.add_argument("--id", type=int, help="the deleted map's id, when several had the name")

    p = add(
        "changes", "findings opened and closed and records changed between two times", cmd_changes
    )
    p.add_argument("name")
    p.add_argument("--from", dest="start", type=_moment, required=True, metavar="DATE")
    p.add_argument(
        "--to",
        dest="end",
        type=lambda t: _moment(t, end_of_day=True),
        required=True,
        metavar="DATE",
    )
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = add("backup", "SQLite: a consistent copy to a file; PostgreSQL: JSON folder", cmd_backup)
    p.add_argument("dst")
    p.add_argument("--format", choices=("sqlite", "json"), default=None)

    p = add("restore", "restore an SQLite copy or a JSON backup folder", cmd_restore)
    p.add_argument("src")
