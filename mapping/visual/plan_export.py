"""The action plan as files for the next meeting: an Excel workbook and an A4 PDF.

Both carry every row given (open findings, accepted barriers, closed findings
with their decisions), in Danish by default or English. The workbook has one
sheet with a frozen header and an autofilter, written by openpyxl in
write-only mode; every text is a string cell, so no cell can become a
formula. The PDF is written by fpdf2 with the DejaVu fonts that ship inside
matplotlib, so Danish letters print and nothing is fetched.

>>> plan_filename("Fjordby Kommune", dt.date(2026, 11, 30), "pdf")
'Fjordby-Kommune-handlingsplan-2026-11-30.pdf'
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from mapping import formats
from mapping.actionplan import PlanRow, subject_name, summary
from mapping.catalogue import say
from mapping.chain import level_name
from mapping.gaps.core import ACTS_LABELS, SEVERITY_LABELS, Finding
from mapping.model import Map
from mapping.schema import TABLES

from .export import export_filename

MAX_DETAILS = 12
"""Camps or pairs printed per finding in the PDF (the rest are counted)."""

COLUMNS = (
    "id", "state", "code", "title", "subject", "severity", "acts", "decides", "level",
    "citizens", "message", "details", "action", "question", "status", "owner", "due",
    "decided_on", "decided_by", "note", "closed_at",
)  # fmt: skip


def _t(key: str, lang: str, **kw: object) -> str:
    return say(f"planfile.{key}", lang, **kw)


def plan_filename(map_name: str, day: dt.date, ext: str) -> str:
    """``<kort>-handlingsplan-<dato>.<ext>``, named like every other export."""
    return export_filename(map_name, day, f".{ext}", "handlingsplan")


def format_date(value: dt.date | None, lang: str = "da") -> str:
    """31-12-2026 in Danish, 2026-12-31 in English, empty for none."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return formats.day(value, lang)


def status_label(status: str, lang: str = "da") -> str:
    """A decision status as people read it (``Besluttet``)."""
    col = TABLES["decisions"].column("status")
    return col.choice_label(status, lang)


def _unit_name(m: Map, uid: str | None) -> str:
    u = m.units_by_id.get(uid or "")
    return u.name if u else (uid or "")


def decided_by(m: Map, f: Finding, lang: str) -> str:
    """Where the finding is decided: the unit and its leader, or top management."""
    if f.escalate_to is None:
        return _t("top", lang)
    u = m.units_by_id.get(f.escalate_to)
    if u is None:
        return f.escalate_to
    return f"{u.name} ({u.leader})" if u.leader.strip() else u.name


def details_lines(m: Map, f: Finding, lang: str, limit: int | None = None) -> list[str]:
    """The camps (``»value«: A, B``) or unknown pairs (``A + B``) of a finding."""
    names = m.units_by_id
    out = []
    for d in f.details:
        if isinstance(d, tuple):
            out.append(" + ".join(_unit_name(m, u) for u in d))
        else:
            q = f"»{d.value}«" if lang == "da" else f"“{d.value}”"
            out.append(f"{q}: " + ", ".join(names[u].name if u in names else u for u in d.units))
    total = max(f.detail_total, len(out))
    if limit is not None and total > limit:
        out = [*out[:limit], _t("more", lang, n=total - limit)]
    elif total > len(out):
        out.append(_t("more", lang, n=total - len(out)))
    return out


def _title(m: Map, r: PlanRow, lang: str) -> str:
    from mapping.gaps.registry import rule_by_code

    if r.finding is not None:
        return r.finding.title.get(lang)
    try:
        return rule_by_code(r.code).title.get(lang)
    except KeyError:
        return r.code


def row_values(m: Map, r: PlanRow, lang: str = "da") -> dict[str, object]:
    """One row of the workbook, by column key."""
    f, d = r.finding, r.decision
    return {
        "id": r.finding_id,
        "state": _t(f"state.{r.state}", lang),
        "code": r.code,
        "title": _title(m, r, lang),
        "subject": subject_name(m, r.finding_id),
        "severity": SEVERITY_LABELS[f.severity].get(lang) if f else "",
        "acts": ACTS_LABELS[f.acts].get(lang) if f else "",
        "decides": decided_by(m, f, lang) if f else "",
        "level": level_name(f.escalation_level, lang) if f else "",
        "citizens": f.citizens if f else None,
        "message": f.message.get(lang) if f else "",
        "details": "; ".join(details_lines(m, f, lang)) if f else "",
        "action": f.action.get(lang) if f else "",
        "question": f.question.get(lang) if f else "",
        "status": status_label(d.status.value, lang) if d else _t("no_decision", lang),
        "owner": _unit_name(m, d.owner_unit_id) if d else "",
        "due": d.due if d else None,
        "decided_on": d.decided_on if d else None,
        "decided_by": d.decided_by if d else "",
        "note": d.note if d else "",
        "closed_at": r.closed_at.date() if r.closed_at else None,
    }


def plan_workbook(m: Map, rows: Sequence[PlanRow], lang: str = "da") -> bytes:
    """The rows as one sheet: frozen header, autofilter, string cells only for text."""
    import openpyxl

    from mapping.readwrite.xlsx_io import EXCEL_TEXT_LIMIT, XML_ILLEGAL, add_table_sheet

    def clean(v: object) -> object:
        if isinstance(v, str):
            return XML_ILLEGAL.sub("\ufffd", v)[:EXCEL_TEXT_LIMIT]
        return v

    header = [_t(f"c.{c}", lang) for c in COLUMNS]
    body = [[clean(row_values(m, r, lang)[c]) for c in COLUMNS] for r in rows]
    wb = openpyxl.Workbook(write_only=True)
    add_table_sheet(wb, _t("sheet", lang), header, body)  # frozen header and a filter
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- PDF -----------------------------------------------------------------


def _font_dir() -> Path:
    from .lazy_imports import matplotlib

    return Path(matplotlib().get_data_path()) / "fonts" / "ttf"


def _pdf(lang: str) -> object:
    from fpdf import FPDF

    class Plan(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", "", 8)
            self.set_text_color(110)
            self.cell(0, 6, _t("page", lang, n=self.page_no()), align="C")

    pdf = Plan(orientation="portrait", unit="mm", format="A4")
    fonts = _font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(fonts / "DejaVuSans-Oblique.ttf"))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(_t("title", lang))
    pdf.set_lang("da-DK" if lang == "da" else "en")
    return pdf


def _wrap(pdf: object, text: str, width: float) -> list[str]:
    """Greedy word wrap measured once per word (fpdf2's own wrap is slow on long plans)."""
    widths: dict = pdf.__dict__.setdefault("_word_widths", {})
    font = (pdf.font_family, pdf.font_style, pdf.font_size_pt)  # type: ignore[attr-defined]

    def measure(word: str) -> float:
        # Words repeat across a plan (names, labels): measure each once per font.
        key = (font, word)
        if key not in widths:
            widths[key] = pdf.get_string_width(word)  # type: ignore[attr-defined]
        return widths[key]

    space = measure(" ")
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line, used = "", 0.0
        for word in para.split(" "):
            w = measure(word)
            while w > width and word:  # a word longer than the line: cut it
                cut = max(1, int(len(word) * width / w))
                if line:
                    lines.append(line)
                    line, used = "", 0.0
                lines.append(word[:cut])
                word = word[cut:]
                w = measure(word)
            if line and used + space + w > width:
                lines.append(line)
                line, used = word, w
            else:
                line, used = (f"{line} {word}", used + space + w) if line else (word, w)
        lines.append(line)
    return lines


def _para(pdf: object, text: str, size: float = 10, style: str = "", gap: float = 1.2) -> None:
    pdf.set_font("DejaVu", style, size)  # type: ignore[attr-defined]
    width = pdf.epw  # type: ignore[attr-defined]
    for line in _wrap(pdf, text, width):
        pdf.cell(width, size * 0.5, line, new_x="LMARGIN", new_y="NEXT")  # type: ignore[attr-defined]
    pdf.ln(gap)  # type: ignore[attr-defined]


def _labelled(pdf: object, label: str, text: str, style: str = "") -> None:
    if text:
        _para(pdf, f"{label}: {text}", 9.5, style)


def _decision_line(m: Map, r: PlanRow, lang: str) -> str:
    d = r.decision
    if d is None:
        return _t("no_decision", lang)
    parts = [status_label(d.status.value, lang)]
    if d.owner_unit_id:
        parts.append(f"{_t('owner', lang)}: {_unit_name(m, d.owner_unit_id)}")
    if d.due:
        parts.append(f"{_t('due', lang)}: {format_date(d.due, lang)}")
    if d.decided_on or d.decided_by:
        when = format_date(d.decided_on, lang)
        who = f" {_t('by', lang)} {d.decided_by}" if d.decided_by else ""
        parts.append(f"{_t('decided_on', lang)} {when}{who}".replace("  ", " "))
    return " · ".join(parts)


def _finding_block(pdf: object, m: Map, r: PlanRow, lang: str) -> None:
    f = r.finding
    pdf.set_draw_color(190)  # type: ignore[attr-defined]
    y = pdf.get_y()  # type: ignore[attr-defined]
    pdf.line(18, y, 192, y)  # type: ignore[attr-defined]
    pdf.ln(1.5)  # type: ignore[attr-defined]
    head = f"{r.code} · {_title(m, r, lang)} — {subject_name(m, r.finding_id)}"
    _para(pdf, head, 11, "B", 0.6)
    if f is not None:
        sev = SEVERITY_LABELS[f.severity].get(lang)
        _para(
            pdf,
            f"{_t('severity', lang)}: {sev} · {_t('who', lang)}: {ACTS_LABELS[f.acts].get(lang)} · "
            f"{_t('decides', lang)}: "
            f"{decided_by(m, f, lang)} · {r.finding_id}",
            8.5,
            "",
            0.8,
        )
        _para(pdf, f.message.get(lang), 9.5)
        lines = details_lines(m, f, lang, MAX_DETAILS)
        if lines:
            kind = "pairs" if isinstance(f.details[0], tuple) else "camps"
            _labelled(pdf, _t(kind, lang), "; ".join(lines))
        _labelled(pdf, _t("action", lang), f.action.get(lang))
    if r.state == "closed":
        when = format_date(r.closed_at, lang)
        _para(
            pdf, _t("closed_on", lang, date=when) if when else _t("closed_unknown", lang), 9.5, "B"
        )
    _labelled(pdf, _t("decision", lang), _decision_line(m, r, lang), "B")
    if r.decision is not None and r.decision.note:
        _labelled(pdf, _t("note", lang), r.decision.note)
    if f is not None:
        _labelled(pdf, _t("question", lang), f.question.get(lang), "I")
    pdf.ln(1.5)  # type: ignore[attr-defined]


def plan_pdf(
    m: Map,
    rows: Sequence[PlanRow],
    map_name: str,
    day: dt.date,
    lang: str = "da",
    who: str | None = None,
) -> bytes:
    """An A4 PDF: title, date, map name, counts, then open, accepted and closed findings."""
    pdf = _pdf(lang)
    pdf.add_page()  # type: ignore[attr-defined]
    title = _t("title", lang) + " " + _t("for", lang, who=who or _t("whole", lang))
    _para(pdf, title, 18, "B", 1.5)
    _para(pdf, _t("made", lang, date=format_date(day, lang), map=map_name), 10, "", 0.5)
    _para(pdf, _t("counts", lang, **summary(rows, day)), 10, "", 3)
    for state in ("open", "accepted", "closed"):
        part = [r for r in rows if r.state == state]
        if state != "open" and not part:
            continue
        _para(pdf, _t(state, lang) + f" ({len(part)})", 14, "B", 1.5)
        if not part:
            _para(pdf, _t("none", lang))
        for r in part:
            _finding_block(pdf, m, r, lang)
    return bytes(pdf.output())  # type: ignore[attr-defined]
