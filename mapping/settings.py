"""Per-map settings, each declared once as (name, default, help).

The README's settings table is checked against :data:`SETTINGS` by a test, so
adding a setting here and forgetting the docs fails the suite.

>>> s = Settings()
>>> s.leadership_span_threshold
40
>>> Settings.from_dict({"contact_points_threshold": "6"}).contact_points_threshold
6
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

DEFAULT_SECTORS: tuple[str, ...] = (
    "Ældre og pleje",
    "Sundhed",
    "Skole og SFO",
    "Dagtilbud",
    "Børn og familie",
    "Voksen/socialt",
    "Beskæftigelse",
    "Unge og uddannelse",
    "Teknik og miljø",
    "Stab",
    "Ekstern",
)


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """One setting: its name, default, type and a one-line help text."""

    name: str
    default: Any
    help: str


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "leadership_span_threshold",
        40,
        "HK601 fires when a unit's staff_count is above this number.",
    ),
    SettingSpec(
        "contact_points_threshold",
        5,
        "HK602 fires when a citizen group is served by at least this many units.",
    ),
    SettingSpec(
        "weak_rc_threshold",
        3.5,
        "HK402 fires when a relation's rc_score is below this value (scale 1-5).",
    ),
    SettingSpec(
        "sectors",
        DEFAULT_SECTORS,
        "The sectors offered for units; a unit may also use a sector not listed.",
    ),
    SettingSpec("language", "da", "The interface language: da (Danish) or en (English)."),
)


@dataclass(frozen=True, slots=True)
class Settings:
    """The values of :data:`SETTINGS` for one map."""

    leadership_span_threshold: int = 40
    contact_points_threshold: int = 5
    weak_rc_threshold: float = 3.5
    sectors: tuple[str, ...] = DEFAULT_SECTORS
    language: str = "da"

    def __post_init__(self) -> None:
        if self.leadership_span_threshold < 0:
            raise ValueError(
                f"leadership_span_threshold must be >= 0, got {self.leadership_span_threshold!r}"
            )
        if self.contact_points_threshold < 2:
            raise ValueError(
                f"contact_points_threshold must be >= 2, got {self.contact_points_threshold!r}"
            )
        if not 1 <= self.weak_rc_threshold <= 5:
            raise ValueError(
                f"weak_rc_threshold must be within 1-5, got {self.weak_rc_threshold!r}"
            )
        if self.language not in ("da", "en"):
            raise ValueError(f"language must be 'da' or 'en', got {self.language!r}")

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Settings:
        """Build settings from loose values (e.g. strings from a form or database).

        Unknown names raise ``ValueError`` naming them.
        """
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(unknown)}")
        kwargs: dict[str, Any] = {}
        for name, raw in values.items():
            default = getattr(cls(), name)
            try:
                if isinstance(default, tuple):
                    items = raw.split(";") if isinstance(raw, str) else list(raw)
                    kwargs[name] = tuple(s.strip() for s in items if str(s).strip())
                elif isinstance(default, bool):
                    kwargs[name] = bool(raw)
                else:
                    kwargs[name] = type(default)(raw)
            except (TypeError, ValueError):
                raise ValueError(f"setting {name}: {raw!r} is not a valid value") from None
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """Plain values for storage (sectors as a list)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            out[f.name] = list(v) if isinstance(v, tuple) else v
        return out
