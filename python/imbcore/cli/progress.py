"""What a command is doing, on stderr, drawn by tqdm.

Shown only on a terminal (or when asked with ``--progress``), only for work
that takes longer than about two seconds, and erased when the work ends.
``--quiet`` turns it off. Nothing is ever written to stdout.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

from tqdm import tqdm

__all__ = ["Progress"]

# a bar when the number of steps is known, else what is being done and for how long
_STEPS = "[{bar:24}] {n}/{total} {desc}  {elapsed}"
_ONE_STEP = "{desc}  {elapsed}"


class Progress:
    """A progress line on ``stream`` (stderr) for work that takes longer than ``delay`` seconds.

    Parameters
    ----------
    enabled : bool
        False for ``--quiet``: nothing is ever written.
    delay : float
        Seconds of work before anything is drawn; faster work prints nothing.
    stream : file, optional
        Default: ``sys.stderr``.
    force : bool
        Draw even when ``stream`` is not a terminal (``--progress``).
    """

    def __init__(self, enabled: bool = True, delay: float = 2.0, stream: Any = None,
                 force: bool = False) -> None:
        self.stream = stream if stream is not None else sys.stderr
        tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled and (tty or force)
        self.delay = delay
        self._bar: Any = None
        self._t0 = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._drawn = False

    def update(self, label: str, done: int | None = None, total: int | None = None) -> None:
        """Say what is being done now (and, if known, how many of how many steps are done)."""
        if not self.enabled:
            return
        with self._lock:
            if self._bar is None:
                self._t0 = time.monotonic()
                self._bar = tqdm(desc=label, total=total, file=self.stream, delay=self.delay,
                                 leave=False, ascii="-#", dynamic_ncols=True, mininterval=0.1,
                                 bar_format=_STEPS if total else _ONE_STEP)
                self._stop.clear()
                self._ticker = threading.Thread(target=self._tick, name="imbcore-progress",
                                                daemon=True)
                self._ticker.start()
            bar = self._bar
            bar.set_description_str(label, refresh=False)
            bar.total, bar.n = total, done or 0
            bar.bar_format = _STEPS if total else _ONE_STEP
            self._draw()

    def stop(self) -> None:
        """End the display and erase the progress line."""
        if self._ticker is not None:
            self._stop.set()
            self._ticker.join()
            self._ticker = None
        with self._lock:
            if self._bar is not None:
                if self._drawn:  # tqdm erases only what its own update() drew
                    self._bar.display(msg="")
                    self.stream.write("\r")
                    self.stream.flush()
                self._bar.close()
                self._bar = None
                self._drawn = False

    def _draw(self) -> None:
        if time.monotonic() - self._t0 >= self.delay:
            self._bar.refresh()
            self._drawn = True

    def _tick(self) -> None:
        # tqdm redraws only when told, and a long call into Rust tells it nothing for
        # seconds: this keeps the elapsed time moving (the call releases the GIL)
        while not self._stop.wait(0.2):
            with self._lock:
                if self._bar is not None:
                    self._draw()
