"""A step bar for long CLI commands, on a terminal only.

``helhedskort db import`` of a national map reads a large file, checks it and
writes tens of thousands of rows: seconds in which a bare prompt looks hung.
:class:`Steps` draws ``[#####.....] 2/3 writing to the database (1.4 s)`` on
stderr while the command runs and clears it at the end. When stderr is not a
terminal (a pipe, a log, a test) it writes nothing, so output stays parseable.

>>> import io
>>> with Steps(2, io.StringIO()) as step:
...     step("reading")
...     step("writing")
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

WIDTH = 20


class Steps:
    """Numbered steps of one command, drawn as a bar on a terminal's stderr."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = max(1, total)
        self.stream = stream if stream is not None else sys.stderr
        self.shown = bool(getattr(self.stream, "isatty", lambda: False)())
        self.done = 0
        self.start = time.monotonic()

    def __call__(self, label: str) -> None:
        """Start the next step, called ``label``."""
        self.done = min(self.total, self.done + 1)
        if not self.shown:
            return
        filled = WIDTH * (self.done - 1) // self.total
        bar = "#" * filled + "." * (WIDTH - filled)
        took = time.monotonic() - self.start
        self.stream.write(f"\r\x1b[2K[{bar}] {self.done}/{self.total} {label} ({took:.1f} s)")
        self.stream.flush()

    def __enter__(self) -> Steps:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")  # the command's own message follows on a clean line
            self.stream.flush()
