"""What a command is doing, on stderr: a progress line for work that takes a while."""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

from .options import PROG

__all__ = ["Progress"]


class Progress:
    """A progress line on stderr for work that takes longer than ``delay`` seconds.

    On a terminal, a spinner (or a bar when the number of steps is known) is
    redrawn in place and erased when the work ends. Elsewhere (a log, a pipe)
    one plain line is written per step that is still running after ``delay``.
    Nothing at all is written for work that ends sooner.
    """

    _SPIN = "|/-\\"

    def __init__(self, enabled: bool = True, delay: float = 2.0, stream: Any = None) -> None:
        self.enabled = enabled
        self.delay = delay
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._label = ""
        self._done: int | None = None
        self._total: int | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._t0 = 0.0
        self._step_t0 = 0.0
        self._announced: set[str] = set()
        self._drawn = False

    def update(self, label: str, done: int | None = None, total: int | None = None) -> None:
        """Say what is being done now (and, if known, how many of how many steps are done)."""
        with self._lock:
            self._label, self._done, self._total = label, done, total
            self._step_t0 = time.monotonic()
        if self.enabled and self._thread is None:
            self._t0 = time.monotonic()
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="imbcore-progress",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """End the display and erase the progress line."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join()
        self._thread = None
        with self._lock:
            if self._drawn:
                self.stream.write("\r\033[K")
                self.stream.flush()
                self._drawn = False

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        k = 0
        while not self._stop.is_set():
            with self._lock:
                now = time.monotonic()
                if self.tty:
                    self.stream.write("\r\033[K" + self._line(now, k))
                    self._drawn = True
                elif self._label not in self._announced and now - self._step_t0 >= self.delay:
                    self._announced.add(self._label)
                    self.stream.write(f"{PROG}: {self._label} ...\n")
                self.stream.flush()
            k += 1
            self._stop.wait(0.15)

    def _line(self, now: float, k: int) -> str:
        elapsed = f"{now - self._t0:.0f} s"
        if self._total:
            width = 24
            filled = int(width * (self._done or 0) / self._total)
            bar = "#" * filled + "-" * (width - filled)
            return f"[{bar}] {self._done}/{self._total} {self._label}  {elapsed}"
        return f"{self._SPIN[k % 4]} {self._label}  {elapsed}"
