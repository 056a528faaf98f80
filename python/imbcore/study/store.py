"""Where a study's records go as chunks finish: a Parquet dataset that survives interruption.

The results of a study are a folder (``results.parquet``) of Parquet files,
one per finished chunk, each written to a temporary name and renamed into
place, so a study stopped at any moment (Ctrl-C, a killed job, a lost
machine) leaves only whole files behind. Read the folder as one table with
``pandas.read_parquet(path)`` or ``pyarrow.parquet.read_table(path)``.

Every file carries the study's design and its fingerprint in its Parquet
metadata (key ``imbcore.study``). Resuming reads which fits are done and
runs only the others; a folder holding another design's results is refused.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

import numpy as np

from ..errors import ImbcoreError
from .design import Design

__all__ = ["ResultStore", "META_KEY"]

META_KEY = b"imbcore.study"


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise ImbcoreError("invalid path: got a results path, but writing Parquet needs "
                           "pyarrow: pip install 'imbcore[study]'") from None
    return pyarrow


class ResultStore:
    """The Parquet folder of one study (see the module doc)."""

    def __init__(self, path: str | os.PathLike[str], design: Design) -> None:
        self.path = os.fspath(path)
        self.design = design
        self._pa = _pyarrow()

    def parts(self) -> list[str]:
        """The finished chunk files, in name order."""
        if not os.path.exists(self.path):
            return []
        if not os.path.isdir(self.path):
            raise ImbcoreError(f"invalid path: got {self.path!r}, a file; a study writes its "
                               "results to a folder of Parquet files: give a new or a study's "
                               "folder")
        return sorted(os.path.join(self.path, f) for f in os.listdir(self.path)
                      if f.startswith("part-") and f.endswith(".parquet"))

    def open(self, entropy: int | None) -> tuple[int, np.ndarray]:
        """Check the stored design; the root entropy to use and the fits already done.

        ``entropy`` is None when the study has no ``random_state`` of its own: a
        resumed study then takes the stored one.
        """
        pq = self._pa.parquet
        done = []
        stored_entropy = None
        for part in self.parts():
            meta = pq.read_schema(part).metadata or {}
            raw = meta.get(META_KEY)
            info = json.loads(raw) if raw else {}
            if info.get("fingerprint") != self.design.fingerprint:
                raise ImbcoreError(
                    f"invalid path: got {self.path!r}, which holds results of a different study "
                    f"design ({_difference(info.get('design'), self.design.describe())}); "
                    "resume with the same design, or write to a new folder")
            if entropy is not None and info.get("entropy") != entropy:
                raise ImbcoreError(
                    f"invalid random_state: the results in {self.path!r} were drawn from "
                    f"another random_state (root entropy {info.get('entropy')}, now {entropy}); "
                    "resume with the same random_state (or None to take the stored one)")
            stored_entropy = info.get("entropy")
            done.append(pq.read_table(part, columns=["fit"]).column("fit").to_numpy())
        if entropy is None:
            entropy = stored_entropy
        fits = np.unique(np.concatenate(done)) if done else np.zeros(0, dtype=np.int64)
        return entropy, fits  # type: ignore[return-value]

    def append(self, columns: dict[str, np.ndarray], entropy: int) -> None:
        """Write one finished chunk (design columns and records) as a file of its own."""
        pa, pq = self._pa, self._pa.parquet
        os.makedirs(self.path, exist_ok=True)
        fits = columns["fit"]
        table = pa.table({k: np.asarray(v) for k, v in columns.items()})
        meta = {"fingerprint": self.design.fingerprint, "entropy": entropy,
                "design": self.design.describe()}
        table = table.replace_schema_metadata({META_KEY: json.dumps(meta).encode()})
        name = f"part-{int(fits.min()):012d}-{uuid.uuid4().hex[:8]}.parquet"
        tmp = os.path.join(self.path, f".tmp-{name}")
        pq.write_table(table, tmp)
        os.replace(tmp, os.path.join(self.path, name))

    def read(self) -> dict[str, np.ndarray]:
        """Every stored record, as columns sorted by fit (duplicates of a fit kept once)."""
        pa = self._pa
        parts = self.parts()
        if not parts:
            return {}
        tables = [pa.parquet.read_table(p) for p in parts]
        table = pa.concat_tables([t.replace_schema_metadata(None) for t in tables])
        cols = {name: table.column(name).to_numpy(zero_copy_only=False)
                for name in table.column_names}
        _, first = np.unique(cols["fit"], return_index=True)
        return {k: v[first] for k, v in cols.items()}


def _difference(stored: Any, now: dict[str, Any]) -> str:
    """The first entries in which two described designs differ, for the error message."""
    if not isinstance(stored, dict):
        return "no design recorded"
    keys = [k for k in sorted(set(stored) | set(now)) if stored.get(k) != now.get(k)]
    if not keys:
        return "same entries, other fingerprint"
    k = keys[0]
    return f"{k}: stored {stored.get(k)!r}, now {now.get(k)!r}"
