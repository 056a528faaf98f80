"""``python -m imbcore.cli``: the ``imbcore`` command."""

from __future__ import annotations

import sys

from . import main

sys.exit(main())
