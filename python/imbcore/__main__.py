"""``python -m imbcore``: the ``imbcore`` command (see :mod:`imbcore.cli`)."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
