"""Import og eksport: upload with a preview before writing; template and map downloads."""

import datetime as dt
import functools
import tempfile
from pathlib import Path
from typing import Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from mapping import storage
from mapping.storage.imports import Mode
from mapping.ui import state
from mapping.ui.common import md
from mapping.ui.errors import describe, guard
from mapping.ui.forms import flash, show_flash
from mapping.ui.i18n import lang, lk, localized, t
from mapping.ui.transfer_view import (
    PARSED_KEY,
    PREVIEW_SEEN_KEY,
    change_lines,
    problems_frame,
    repreview_label,
    summary_frame,
)

PREVIEW_LINES = 200  # per action; a national import would list 10^5 records

st.title(t("transfer.title"))
cur = state.require_current()

with guard(stop=True):
    from mapping.readwrite import MapValidationError, map_to_bytes, write_template
    from mapping.readwrite.sandbox import read_upload
    from mapping.visual.export import export_filename

    show_flash()
    importer = state.can("import_merge")
    if importer:
        st.header(t("transfer.import"))
        upload = st.file_uploader(
            t("transfer.upload"), type=["xlsx", "zip", "json"], key="imp_file"
        )
        # Merging is the default: replacing deletes whatever the file lacks (owners only).
        modes: list[Mode] = ["merge", "replace"] if state.can("import_replace") else ["merge"]

        def _mode_label(v: str) -> str:
            return t(f"transfer.mode_{v}")

        mode = st.radio(
            t("transfer.mode"),
            modes,
            format_func=localized(_mode_label),
            horizontal=True,
            key=lk("imp_mode"),
            help=t("transfer.mode_help"),
        )
    else:
        upload = None
    if upload is not None:
        # Read once per upload, in a limited child process (a heavy file must not hold a
        # server thread or slow other users); reruns of the page reuse the result.
        parsed = st.session_state.get(PARSED_KEY)
        bar = None
        if parsed is None or parsed[0] != upload.file_id:
            # A national workbook takes seconds to read and compare: say what is happening.
            bar = st.progress(0.1, text=t("transfer.step_read", file=md(upload.name)))
            try:
                parsed = (upload.file_id, read_upload(upload.getvalue(), upload.name), [])
            except MapValidationError as exc:
                parsed = (upload.file_id, None, exc.problems)
            st.session_state[PARSED_KEY] = parsed
        _, incoming, problems = parsed
        if bar is not None:
            if incoming is None:
                bar.empty()
            else:
                bar.progress(0.6, text=t("transfer.step_compare"))
        if incoming is None:
            st.error(t("transfer.invalid", file=md(upload.name), n=len(problems)))
            st.dataframe(problems_frame(problems, lang()), hide_index=True)
            st.info(t("transfer.unchanged"))
        else:
            summary = storage.preview_import(state.engine(), cur.map_id, incoming, mode)
            if bar is not None:
                bar.empty()
            # The map version of the preview the user is looking at: the one shown by the
            # previous run, since the run started by the click has re-previewed already.
            seen_key = (cur.map_id, upload.file_id, mode)
            seen = st.session_state.get(PREVIEW_SEEN_KEY)
            st.markdown(f"**{t('transfer.preview', file=md(upload.name))}**")
            st.dataframe(summary_frame(summary), hide_index=True)
            for action, lines in change_lines(summary, cur.map, incoming).items():
                if lines:
                    with st.expander(f"{t(f'transfer.{action}')} ({len(lines)})"):
                        shown = lines[:PREVIEW_LINES]
                        st.markdown("\n".join(f"- {md(line)}" for line in shown))
                        if len(lines) > len(shown):
                            st.caption(t("transfer.more_lines", n=len(lines) - len(shown)))
            if st.button(t("transfer.apply"), type="primary", key="imp_apply"):
                base = seen[1] if seen and seen[0] == seen_key else summary.map_version
                saving = st.progress(0.5, text=t("transfer.step_save"))
                try:
                    storage.import_map(
                        state.engine(),
                        cur.map_id,
                        incoming,
                        mode,
                        author=state.actor(),
                        base_map_version=base,
                    )
                except storage.MapChangedError as exc:
                    saving.empty()
                    st.error(md(describe(exc)))
                    st.button(repreview_label(lang()), key="imp_repreview")  # a rerun re-previews
                except Exception as exc:
                    saving.empty()
                    st.error(t("transfer.failed", detail=md(describe(exc))))
                else:
                    st.session_state.pop(PREVIEW_SEEN_KEY, None)
                    flash(t("transfer.done", file=md(upload.name)), "import")
                    st.rerun()
            else:
                st.session_state[PREVIEW_SEEN_KEY] = (seen_key, summary.map_version)
            show_flash("import")  # next to the button that imported

    st.header(t("transfer.export"))
    m = cur.map
    today = dt.date.today()
    cols = st.columns(4)
    exports: tuple[tuple[DeltaGenerator, Literal["xlsx", "json", "zip"], str], ...] = (
        (cols[0], "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (cols[1], "json", "application/json"),
        (cols[2], "zip", "application/zip"),
    )
    for col, fmt, mime in exports:
        col.download_button(
            t(f"transfer.download_{fmt}"),
            data=functools.partial(map_to_bytes, m, fmt),  # what `helhedskort export` writes
            file_name=export_filename(m.name, today, f".{fmt}"),
            mime=mime,
            on_click="ignore",
            key=f"exp_{fmt}",
        )

    def _template() -> bytes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "helhedskort-skabelon.xlsx"
            write_template(path)
            return path.read_bytes()

    cols[3].download_button(
        t("transfer.template"),
        data=_template,
        file_name="helhedskort-skabelon.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key="exp_template",
    )
