"""The page in the session's language: ``<html lang>`` and Streamlit's own words.

Streamlit serves every page as ``<html lang="en">`` and writes a few words of
its own that no API lets an app set (the file uploader's "Upload", a
multiselect's "Select all", "No results", the calendar's "Next month").
Number columns of a table (format "localized"), date and time fields (the
separators, month and weekday names, the words a screen reader says for each
part) follow the *browser's* language, ``navigator.language``, not the app's:
a Danish page in an English browser said "hour" and "November". Screen readers pick their voice,
and browsers their spelling and hyphenation, from ``lang``; a Danish user
should not meet English buttons. A tiny ``st.components.v2`` component (inline
JavaScript, no iframe, nothing drawn) sets the attribute, tells the page's
``navigator`` the app's locale (the one :mod:`mapping.formats` uses), and rewrites those
words, listed under ``streamlit.`` in the text catalogue, whenever Streamlit
draws them. Words the app sets itself (placeholders, labels) come from the
catalogue directly and are not touched here.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from mapping import formats
from mapping.catalogue import CATALOGUE

PREFIX = "streamlit."
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

_JS = """
export default function ({ data }) {
  const hk = (window.__helhedskortLanguage = window.__helhedskortLanguage || {});
  hk.rules = (data.rules || []).map(([from, to]) => [new RegExp(from), to]);
  document.documentElement.lang = data.lang;
  // Streamlit formats numbers in tables and lays out date and time fields (their
  // order, separators, month names, screen-reader words) by the browser's
  // language, read from navigator when it draws. Make that the app's language.
  if (data.locale && navigator.language !== data.locale) {
    const one = [data.locale];
    Object.defineProperty(navigator, "language", { configurable: true, get: () => data.locale });
    Object.defineProperty(navigator, "languages", { configurable: true, get: () => one });
    window[Symbol.for("react-aria.i18n.locale")] = data.locale;
    window.dispatchEvent(new Event("languagechange"));
  }
  const say = (text) => {
    const bare = (text || "").trim();
    if (!bare) return null;
    for (const [from, to] of hk.rules) {
      const m = bare.match(from);
      if (m) return text.replace(bare, () => to.replace(/\\$(\\d)/g, (_, i) => m[+i]));
    }
    return null;
  };
  const ATTRS = ["placeholder", "aria-label", "title"];
  const fixText = (n) => {
    const t = say(n.nodeValue);
    if (t !== null) n.nodeValue = t;
  };
  const fixAttr = (el, a) => {
    const t = say(el.getAttribute(a));
    if (t !== null) el.setAttribute(a, t);
  };
  const fix = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) fixText(n);
    for (const el of [root, ...root.querySelectorAll("[placeholder],[aria-label],[title]")]) {
      for (const a of ATTRS) if (el.hasAttribute(a)) fixAttr(el, a);
    }
  };
  if (!hk.observer) {
    hk.observer = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === "childList") r.addedNodes.forEach(fix);
        else if (r.type === "characterData") fixText(r.target);
        else fixAttr(r.target, r.attributeName);
      }
    });
    hk.observer.observe(document.body, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ATTRS,
    });
  }
  fix(document.body);
}
"""

_component: Any = None


def _pattern(template: str) -> str:
    """A catalogue template as an anchored regular expression, placeholders captured."""
    parts = _PLACEHOLDER.split(template)
    # split gives text, name, text, name, …: escape the text, capture each name
    return "^" + "".join(re.escape(p) if i % 2 == 0 else "(.+?)" for i, p in enumerate(parts)) + "$"


def rules(lang: str) -> list[tuple[str, str]]:
    """(pattern of the word in the other language, the word in ``lang``) for each word.

    Both directions are needed: after a switch back to English, words Streamlit
    drew while the page was Danish must turn English again. A placeholder's
    value is carried over as ``$1``, ``$2`` (by its place in the source text).
    """
    other = "en" if lang == "da" else "da"
    out = []
    for key, text in CATALOGUE.items():
        if key.startswith(PREFIX):
            source, target = text.get(other), text.get(lang)
            place = {name: i + 1 for i, name in enumerate(_PLACEHOLDER.findall(source))}

            def number(m: re.Match[str], p: dict[str, int] = place) -> str:
                return f"${p[m.group(1)]}"

            filled = _PLACEHOLDER.sub(number, target)
            out.append((_pattern(source), filled))
    return out


def browser_locale(lang: str) -> str:
    """The BCP 47 tag the browser is told to use: the locale Babel formats ``lang`` with."""
    return formats.LOCALES.get(lang, formats.LOCALES["da"]).replace("_", "-")


def mark_page_language(lang: str) -> None:
    """Set the page's language to ``lang`` and Streamlit's own words with it (invisible)."""
    global _component
    try:
        if _component is None:
            _component = st.components.v2.component("helhedskort.page_language", js=_JS)
        data = {"lang": lang, "locale": browser_locale(lang), "rules": rules(lang)}
        _component(key="page_language", data=data, height=0)
    except Exception:  # a runtime without components (e.g. a bare script): nothing to mark
        return
