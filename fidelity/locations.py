"""Where the toolkit keeps things: the database, user scales, exports and settings.

Defaults follow the XDG base directories (via platformdirs); environment variables
``IPS_DB`` (a path or SQLAlchemy URL), ``IPS_DATA_DIR`` and ``IPS_SCALES_PATH`` override them.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "ips-fidelity"


def data_dir() -> Path:
    """Directory for the default database, user scales and exports."""
    override = os.environ.get("IPS_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Directory for settings files."""
    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_database() -> str:
    """The database to open when ``--db`` is not given: ``IPS_DB`` or the data directory."""
    return os.environ.get("IPS_DB") or str(data_dir() / "fidelity.db")


def user_scales_dir() -> Path:
    """Scale files a user adds; they override shipped scales with the same id."""
    return data_dir() / "scales"


def extra_scale_dirs() -> list[Path]:
    """Directories listed in ``IPS_SCALES_PATH`` (separated like PATH)."""
    raw = os.environ.get("IPS_SCALES_PATH", "")
    return [Path(p) for p in raw.split(os.pathsep) if p]


def shipped_scales_dir() -> Path:
    """The ``scales`` package directory installed with the toolkit."""
    import scales

    return Path(scales.__file__).parent


def exports_dir() -> Path:
    """Default directory for exported reports and charts."""
    return data_dir() / "exports"
