"""A one-line progress indicator for long batches, drawn only on a terminal.

On a pipe or in a CI log it writes nothing at all, so reports on stdout and logs on stderr stay clean.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

MIN_TOTAL = 50
"""Batches smaller than this finish too fast to need a progress line."""

INTERVAL = 0.1
"""The shortest time between two redraws, in seconds."""

BAR_WIDTH = 24


def is_tty(stream: TextIO | None) -> bool:
    """True when the stream is an open terminal; False for files, pipes, closed or missing streams."""
    if stream is None:
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class Progress:
    """`with Progress(total) as progress: ... progress.advance()` draws `[####    ] 37/101 files`."""

    def __init__(
        self,
        total: int,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        *,
        label: str = "files",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Count to `total` on `stream` (stderr by default); `enabled` None draws on a TTY for big batches."""
        self.total = max(total, 0)
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            enabled = self.total >= MIN_TOTAL and is_tty(self.stream)
        self.enabled = enabled
        self.done = 0
        self.label = label
        self._clock = clock
        self._last_draw: float | None = None
        self._width = 0

    def __enter__(self) -> Progress:
        """Draw the empty bar."""
        self._draw(force=True)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Clear the line, whether the batch ended or broke off."""
        self.close()

    def advance(self, n: int = 1) -> None:
        """Count `n` more items done; redraw if the last redraw is old enough or the batch is complete."""
        self.done = min(self.done + n, self.total) if self.total else self.done + n
        self._draw(force=self.done >= self.total)

    def line(self) -> str:
        """The progress line as it is drawn, without the carriage return."""
        filled = BAR_WIDTH * self.done // self.total if self.total else BAR_WIDTH
        bar = "#" * filled + " " * (BAR_WIDTH - filled)
        return f"[{bar}] {self.done}/{self.total} {self.label}"

    def close(self) -> None:
        """Erase the progress line, leaving the cursor at the start of an empty line."""
        if self.enabled and self._width:
            self._write("\r" + " " * self._width + "\r")
            self._width = 0

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = self._clock()
        if not force and self._last_draw is not None and now - self._last_draw < INTERVAL:
            return
        self._last_draw = now
        text = self.line()
        self._write("\r" + text + " " * max(self._width - len(text), 0))
        self._width = max(self._width, len(text))

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken terminal ends the drawing, not the run
            self.enabled = False
