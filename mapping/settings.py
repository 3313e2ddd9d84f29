"""Per-map settings, each declared once: name, default, bounds, label and help.

The :class:`Settings` values, their checks, the settings page's inputs and the
README's settings table all come from :data:`SETTINGS` (a test checks the
README against it), so adding a setting is adding one :class:`SettingSpec`
and its field (with its argument in the written-out ``__init__``).

>>> s = Settings()
>>> s.leadership_span_threshold
40
>>> Settings.from_dict({"contact_points_threshold": "6"}).contact_points_threshold
6
>>> spec("weak_rc_threshold").maximum
5
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from mapping.text import Text
from mapping.value import Value, set_field

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
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
LANGUAGES: tuple[str, ...] = ("da", "en")


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class SettingSpec(Value):
    """One setting: its name, default, bounds, label and help (English ``help`` for docs)."""

    name: str
    default: Any
    help: str
    label: Text
    hint: Text
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def __init__(
        self,
        name: str,
        default: Any,
        help: str,
        label: Text,
        hint: Text,
        minimum: float | None = None,
        maximum: float | None = None,
        choices: tuple[str, ...] = (),
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "default", default)
        set_field(self, "help", help)
        set_field(self, "label", label)
        set_field(self, "hint", hint)
        set_field(self, "minimum", minimum)
        set_field(self, "maximum", maximum)
        set_field(self, "choices", choices)


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "leadership_span_threshold",
        40,
        "HK601 fires when a unit's staff per leader (staff_count / leader_count) is above this.",
        Text(
            "Ledelsesspænd: flest medarbejdere pr. leder (HK601)",
            "Leadership span: most staff per leader (HK601)",
        ),
        Text(
            "Der findes ikke et rigtigt tal; sæt det, I vil drøfte.",
            "There is no right number; set the one you want to discuss.",
        ),
        minimum=0,
    ),
    SettingSpec(
        "contact_points_threshold",
        5,
        "HK602 fires when a citizen group has at least this many contact points.",
        Text("Mange kontaktpunkter fra (HK602)", "Many contact points from (HK602)"),
        Text(
            "En borgergruppe med mindst så mange kontaktpunkter markeres; parallelle enheder "
            "tæller som ét.",
            "A citizen group with at least this many contact points is flagged; parallel units "
            "count as one.",
        ),
        minimum=2,
    ),
    SettingSpec(
        "weak_rc_threshold",
        3.5,
        "HK402 fires when a relation's rc_score is below this value (scale 1-5).",
        Text(
            "Svag relationel koordinering under (HK402)",
            "Weak relational coordination below (HK402)",
        ),
        Text(
            "Skala 1-5 fra en måling af relationel koordinering.",
            "Scale 1-5 from a relational coordination survey.",
        ),
        minimum=1,
        maximum=5,
    ),
    SettingSpec(
        "sectors",
        DEFAULT_SECTORS,
        "The sectors offered for units; a unit may also use a sector not listed.",
        Text("Sektorer (én pr. linje)", "Sectors (one per line)"),
        Text(
            "Tilbydes, når en enhed registreres; en enhed kan også have en anden sektor.",
            "Offered when a unit is registered; a unit may also use another sector.",
        ),
    ),
    SettingSpec(
        "language",
        "da",
        "The interface language: da (Danish) or en (English).",
        Text("Sprog for kortet", "Language of the map"),
        Text("Det sprog, kortet åbner på.", "The language the map opens in."),
        choices=LANGUAGES,
    ),
)

_SPECS: dict[str, SettingSpec] = {s.name: s for s in SETTINGS}


def spec(name: str) -> SettingSpec:
    """The declaration of one setting; ``KeyError`` naming it when unknown."""
    try:
        return _SPECS[name]
    except KeyError:
        raise KeyError(f"unknown setting {name!r}") from None


def _default(name: str) -> Any:
    return _SPECS[name].default


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Settings(Value):
    """The values of :data:`SETTINGS` for one map, checked against their bounds."""

    leadership_span_threshold: int = _default("leadership_span_threshold")
    contact_points_threshold: int = _default("contact_points_threshold")
    weak_rc_threshold: float = _default("weak_rc_threshold")
    sectors: tuple[str, ...] = _default("sectors")
    language: str = _default("language")

    def __init__(
        self,
        leadership_span_threshold: int = _default("leadership_span_threshold"),
        contact_points_threshold: int = _default("contact_points_threshold"),
        weak_rc_threshold: float = _default("weak_rc_threshold"),
        sectors: tuple[str, ...] = _default("sectors"),
        language: str = _default("language"),
    ) -> None:
        set_field(self, "leadership_span_threshold", leadership_span_threshold)
        set_field(self, "contact_points_threshold", contact_points_threshold)
        set_field(self, "weak_rc_threshold", weak_rc_threshold)
        set_field(self, "sectors", sectors)
        set_field(self, "language", language)
        self.__post_init__()

    def __post_init__(self) -> None:
        for s in SETTINGS:
            value = getattr(self, s.name)
            low = s.minimum if s.minimum is not None else value
            high = s.maximum if s.maximum is not None else value
            if isinstance(value, int | float) and not low <= value <= high:
                bounds = f">= {s.minimum:g}" if s.maximum is None else f"within {low:g}-{high:g}"
                raise ValueError(f"{s.name} must be {bounds}, got {value!r}")
            if s.choices and value not in s.choices:
                shown = " or ".join(repr(c) for c in s.choices)
                raise ValueError(f"{s.name} must be {shown}, got {value!r}")

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Settings:
        """Build settings from loose values (e.g. strings from a form or database).

        Unknown names raise ``ValueError`` naming them.
        """
        unknown = sorted(set(values) - set(_SPECS))
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(unknown)}")
        kwargs: dict[str, Any] = {}
        for name, raw in values.items():
            default = _SPECS[name].default
            try:
                if isinstance(default, tuple):
                    items = raw.split(";") if isinstance(raw, str) else list(raw)
                    kwargs[name] = tuple(s.strip() for s in items if str(s).strip())
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
