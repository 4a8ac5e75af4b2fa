"""Finding installed scales by id: shipped ones, the user's directory, ``IPS_SCALES_PATH``.

Files are read lazily and parsed once per process; a broken file in a user directory is
reported by ``problems`` rather than making every other scale unavailable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from fidelity import locations
from fidelity.errors import ScaleError, UnknownScaleError
from fidelity.scale.loader import load_trusted_scale_text, read_scale_file
from fidelity.scale.model import ScaleDefinition


@dataclass(frozen=True)
class ScaleFile:
    """A scale file found on disk, before or after full validation."""

    scale_id: str
    path: Path


class ScaleRegistry:
    """The scales available to this process, keyed by scale id."""

    def __init__(self, directories: list[Path] | None = None) -> None:
        if directories is None:
            directories = [locations.shipped_scales_dir(), locations.user_scales_dir(),
                           *locations.extra_scale_dirs()]
        self.directories = directories
        self._files: dict[str, ScaleFile] | None = None
        self._loaded: dict[str, tuple[tuple[int, int], ScaleDefinition, str]] = {}
        self.problems: list[str] = []

    def _scan(self) -> dict[str, ScaleFile]:
        if self._files is not None:
            return self._files
        files: dict[str, ScaleFile] = {}
        for directory in self.directories:
            if not directory.is_dir():
                continue
            for path in sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml")):
                scale_id = _peek_id(path)
                if scale_id is None:
                    self.problems.append(f"{path}: no top-level `id`; file skipped.")
                    continue
                files[scale_id] = ScaleFile(scale_id, path)  # later directories override
        self._files = files
        return files

    def ids(self) -> list[str]:
        return sorted(self._scan())

    def path(self, scale_id: str) -> Path:
        files = self._scan()
        if scale_id not in files:
            known = ", ".join(sorted(files)) or "none"
            raise UnknownScaleError(f"unknown scale '{scale_id}'. Installed scales: {known}. "
                                    "Run `fidelity scale list` to see them.")
        return files[scale_id].path

    def get(self, scale_id: str) -> ScaleDefinition:
        """The validated scale with this id (raises ``ScaleError`` if its file is broken)."""
        return self.load(scale_id)[0]

    def text(self, scale_id: str) -> str:
        return self.load(scale_id)[1]

    def load(self, scale_id: str) -> tuple[ScaleDefinition, str]:
        """The scale and the exact text it was parsed from, re-read when the file changes
        (a long-running app must not start a review with an edited file's old version)."""
        path = self.path(scale_id)
        try:
            stat = path.stat()
        except OSError as exc:
            raise ScaleError([f"{path}: cannot be read ({exc.strerror})."]) from None
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self._loaded.get(scale_id)
        if cached is None or cached[0] != stamp:
            text = read_scale_file(path)
            # Fast C parser first; the line-tracking loader runs only to explain an error.
            self._loaded[scale_id] = (stamp, load_trusted_scale_text(text, name=path.name),
                                      text)
        _, scale, text = self._loaded[scale_id]
        return scale, text

    def all(self) -> list[ScaleDefinition]:
        """Every scale that loads; broken ones are recorded in ``problems``."""
        scales = []
        for scale_id in self.ids():
            try:
                scales.append(self.get(scale_id))
            except ScaleError as exc:
                self.problems.extend(exc.problems)
        return scales


_TOP_LEVEL_ID = re.compile(r"""^id:[ \t]*["']?([A-Za-z0-9_.-]+)["']?[ \t]*(?:#.*)?$""",
                           re.MULTILINE)


def _peek_id(path: Path) -> str | None:
    """The scale id without parsing the file (it is parsed once, when used)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return path.stem
    found = _TOP_LEVEL_ID.search(text)
    if found:
        return found.group(1)
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return path.stem
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return str(data["id"])
    return None
