"""Storage errors: Danish ``str()`` for the user, English in ``.message_en``.

>>> e = MapNotFoundError(7)
>>> str(e)
'Kortet med id 7 findes ikke.'
>>> e.message_en
'There is no map with id 7.'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mapping.catalogue import say
from mapping.formats import moment
from mapping.text import Text


class StorageError(Exception):
    """Base class: every storage error carries a Danish and an English message."""

    def __init__(self, message_da: str, message_en: str) -> None:
        super().__init__(message_da)
        self.message_da = message_da
        self.message_en = message_en

    @property
    def wording(self) -> Text:
        """The message in both languages."""
        return Text(self.message_da, self.message_en)

    def message(self, lang: str = "da") -> str:
        return self.wording.get(lang)


def _record(table: str, shown: str, lang: str) -> str:
    """A record as ``Enheden bu`` / ``Unit bu``: the table's name for one record, not its key."""
    one = say(f"table_one.{table}", lang)
    return f"{one} {shown}" if one != f"table_one.{table}" else f"{shown} ({table})"


def _at(when: dt.datetime, lang: str) -> str:
    """A stored time (naive UTC) in the reader's local time and language."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
    return moment(aware, lang)


class MapNotFoundError(StorageError, LookupError):
    def __init__(self, map_ref: int | str) -> None:
        what = f"id {map_ref}" if isinstance(map_ref, int) else f"navnet {map_ref!r}"
        what_en = f"id {map_ref}" if isinstance(map_ref, int) else f"the name {map_ref!r}"
        super().__init__(f"Kortet med {what} findes ikke.", f"There is no map with {what_en}.")
        self.map_ref = map_ref


class MapNameTakenError(StorageError, ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"Der findes allerede et kort med navnet {name!r}.",
            f"A map named {name!r} already exists.",
        )
        self.name = name


class ConflictError(StorageError):
    """Someone else changed (or created, or deleted) the record since it was loaded.

    ``changed_by`` and ``changed_at`` name the change that made the stored state
    (from the history), when it is known, so the user learns whom to talk to.
    """

    def __init__(
        self,
        table: str,
        key: tuple[str, ...],
        current: Any,
        current_version: int | None,
        changed_by: str | None = None,
        changed_at: dt.datetime | None = None,
    ) -> None:
        shown = "/".join(key)
        da_rec, en_rec = _record(table, shown, "da"), _record(table, shown, "en")
        who = who_en = ""
        if changed_by and changed_at is not None:
            who = f" ({changed_by}, {_at(changed_at, 'da')})"
            who_en = f" ({changed_by}, {_at(changed_at, 'en')})"
        if current is None and current_version is None:
            da = f"{da_rec} er slettet af en anden{who}, efter du hentede den."
            en = f"{en_rec} was deleted by someone else{who_en} after you loaded it."
        else:
            da = (
                f"{da_rec} er ændret af en anden{who}, efter du hentede den "
                f"(nu version {current_version}). Hent den igen og gentag din ændring."
            )
            en = (
                f"{en_rec} was changed by someone else{who_en} after you loaded it "
                f"(now version {current_version}). Reload it and make your change again."
            )
        super().__init__(da, en)
        self.table = table
        self.key = key
        self.current = current
        self.current_version = current_version
        self.changed_by = changed_by
        self.changed_at = changed_at


class MapChangedError(ConflictError):
    """The whole map changed since a preview (a replace or merge import based on it)."""

    def __init__(self, base_version: int, current_version: int) -> None:
        StorageError.__init__(
            self,
            "Kortet er ændret af en anden, siden du så forhåndsvisningen "
            f"(version {base_version}, nu {current_version}). Importen er ikke gemt; "
            "vis forhåndsvisningen igen, og importér derefter.",
            "The map was changed by someone else since you saw the preview "
            f"(version {base_version}, now {current_version}). The import was not saved; "
            "preview again, then import.",
        )
        self.table = "maps"
        self.key: tuple[str, ...] = ()
        self.current = None
        self.changed_by = None
        self.changed_at = None
        self.base_version = base_version
        self.current_version = current_version


@dataclass(frozen=True, slots=True)
class SettingClash:
    """One setting someone else saved after the user loaded the settings."""

    key: str
    seen: Any  # the value the user's form started from
    theirs: Any  # the value stored now
    yours: Any  # the value the user wanted to save
    author: str  # who stored ``theirs`` ("" when unknown)
    at: dt.datetime | None  # when (naive UTC)


def _when(clash: SettingClash, lang: str = "da") -> str:
    who = clash.author or say("common.anonymous", lang)
    return f"{who}, {_at(clash.at, lang)}" if clash.at else who


class SettingsConflictError(ConflictError):
    """Settings the user changed were saved by someone else in between; nothing was written."""

    def __init__(self, clashes: list[SettingClash]) -> None:
        parts = "; ".join(
            f"{c.key} er nu {c.theirs!r} (gemt af {_when(c, 'da')}), du ville gemme {c.yours!r}"
            for c in clashes
        )
        parts_en = "; ".join(
            f"{c.key} is now {c.theirs!r} (saved by {_when(c, 'en')}), you wanted {c.yours!r}"
            for c in clashes
        )
        StorageError.__init__(
            self,
            f"En anden har ændret indstillingerne, efter du hentede dem: {parts}. "
            "Intet er gemt; hent de nyeste indstillinger og gentag din ændring.",
            f"Someone else changed the settings after you loaded them: {parts_en}. "
            "Nothing was saved; load the newest settings and make your change again.",
        )
        self.table = "settings"
        self.key = tuple(c.key for c in clashes)
        self.current = {c.key: c.theirs for c in clashes}
        self.current_version = None
        self.clashes = clashes


class MapRenamedError(ConflictError):
    """The map was renamed by someone else since the user saw its name; nothing was changed."""

    def __init__(self, seen: str, current: str) -> None:
        StorageError.__init__(
            self,
            f"Kortet er omdøbt af en anden til {current!r}, efter du så det som {seen!r}. "
            "Navnet er ikke ændret; se det nye navn, og prøv igen, hvis du stadig vil omdøbe.",
            f"Someone else renamed the map to {current!r} after you saw it as {seen!r}. "
            "The name was not changed; look at the new name and try again if you still want to.",
        )
        self.table = "maps"
        self.key: tuple[str, ...] = ()
        self.current = current
        self.current_version = None
        self.seen = seen


class DependencyError(StorageError):
    """A delete was refused because other records refer to the record."""

    def __init__(
        self, table: str, key: tuple[str, ...], dependents: list[tuple[str, tuple[str, ...], str]]
    ) -> None:
        shown = "/".join(key)
        listing = "; ".join(d for _, _, d in dependents[:20])
        more = f" (og {len(dependents) - 20} flere)" if len(dependents) > 20 else ""
        more_en = f" (and {len(dependents) - 20} more)" if len(dependents) > 20 else ""
        super().__init__(
            f"{_record(table, shown, 'da')} kan ikke slettes, fordi andre afhænger af den: "
            f"{listing}{more}.",
            f"{_record(table, shown, 'en')} cannot be deleted because others depend on it: "
            f"{listing}{more_en}.",
        )
        self.table = table
        self.key = key
        self.dependents = dependents


class RecordValidationError(StorageError, ValueError):
    """The change would make the map invalid; nothing was written."""

    def __init__(self, problems: list[Any]) -> None:
        texts = [_problem_text(p, "da") for p in problems]
        texts_en = [_problem_text(p, "en") for p in problems]
        super().__init__(
            "Ændringen blev afvist, fordi kortet ville blive ugyldigt: " + " | ".join(texts),
            "The change was refused because the map would become invalid: " + " | ".join(texts_en),
        )
        self.problems = problems


def _problem_text(problem: Any, lang: str) -> str:
    """A record problem says where it is; a field problem of a whole map only what."""
    if getattr(problem, "where", None):
        return str(problem.text(lang))
    wording = getattr(problem, "wording", None)
    return wording.get(lang) if wording is not None else str(problem)


class UnknownTableError(StorageError, ValueError):
    def __init__(self, table: str) -> None:
        super().__init__(f"Ukendt tabel: {table!r}.", f"Unknown table: {table!r}.")
        self.table = table
