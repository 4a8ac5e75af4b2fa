"""``fidelity locate``: where the database, scales, exports and settings live."""

from __future__ import annotations

from fidelity.cli.common import DbOption, JsonOption, emit_json, emit_table


def locate(db: DbOption = None, json: JsonOption = False) -> None:
    """Print where everything lives.

    Example: fidelity locate --json
    """
    from fidelity import locations

    places = {
        "database": db or locations.default_database(),
        "data directory": str(locations.data_dir()),
        "shipped scales": str(locations.shipped_scales_dir()),
        "user scales": str(locations.user_scales_dir()),
        "extra scale directories (IPS_SCALES_PATH)":
            ", ".join(str(p) for p in locations.extra_scale_dirs()) or "-",
        "exports": str(locations.exports_dir()),
        "settings": str(locations.config_dir()),
    }
    if json:
        emit_json(places)
    else:
        emit_table(None, ["what", "where"], list(places.items()))
