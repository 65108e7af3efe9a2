"""Where Overture keeps its local files, for the settings and the `overture` command alike.

No Django import here: the command needs the folder before the settings can load.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir


def data_dir() -> Path:
    """The data folder: $OVERTURE_DATA_DIR, or a per-user data directory (made if missing)."""
    path = Path(os.environ.get("OVERTURE_DATA_DIR") or user_data_dir("overture", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
