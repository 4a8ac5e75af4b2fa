"""User key remapping: a YAML file of ``binding-id: keys`` passed to ``App.set_keymap``.

Example ``~/.config/ips-fidelity/keymap.yaml``::

    review.next-unscored: "u,space"
    item.next: "n,right"
"""

from __future__ import annotations

from pathlib import Path

import yaml

from fidelity import locations
from fidelity.errors import InvalidInputError


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The keymap in ``path`` (default: ``keymap.yaml`` in the config dir), or {}."""
    path = path or locations.config_dir() / "keymap.yaml"
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path} line {mark.line + 1}" if mark is not None else str(path)
        raise InvalidInputError(f"{where}: the keymap cannot be read. Please fix the file "
                                "or remove it.") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InvalidInputError(f"{path}: a keymap maps binding ids to keys, e.g. "
                                "'item.next: n,right'. Please fix the file or remove it.")
    return {str(k): str(v) for k, v in data.items()}
