"""Loading a scale file in stages: YAML with positions, pydantic model, semantic checks.

Every problem becomes one line of the form
``ips-25.yaml line 42, item 'caseload_size': <what is wrong>. <how to fix it>``
and all of them are raised together in a ``ScaleError``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path as FsPath
from typing import Any

import yaml
from pydantic import ValidationError

from fidelity.errors import ScaleError
from fidelity.scale.checks import check_scale
from fidelity.scale.model import ScaleDefinition
from fidelity.scale.positions import LocatedDocument, YamlSyntaxError, parse_located

_MAX_BYTES = 5_000_000  # a scale is a few hundred lines; anything bigger is not a scale file


def load_scale(path: str | FsPath) -> ScaleDefinition:
    """Read and validate the scale file at ``path``."""
    file = FsPath(path)
    return load_scale_text(read_scale_file(file), name=file.name)


def read_scale_file(file: FsPath) -> str:
    """The text of a scale file, or a ``ScaleError`` saying why it cannot be read."""
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise ScaleError([f"{file}: file not found. Please check the path."]) from None
    except OSError as exc:
        raise ScaleError([f"{file}: cannot be read ({exc.strerror}). "
                          "Please check its permissions."]) from None
    if len(raw) > _MAX_BYTES:
        raise ScaleError([f"{file}: {len(raw)} bytes is too large for a scale file. "
                          "Please check you chose the right file."])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScaleError([f"{file}: byte {exc.start} is not UTF-8. "
                          "Please save the file as UTF-8."]) from None
    return text


def load_scale_text(text: str, name: str = "<scale>") -> ScaleDefinition:
    """Validate scale YAML given as text; ``name`` is used in messages."""
    try:
        doc = parse_located(text)
    except YamlSyntaxError as exc:
        where = f"{name} line {exc.line}" if exc.line else name
        raise ScaleError([f"{where}: YAML syntax error: {exc.message}. "
                          "Please fix the indentation, quoting or punctuation there."]) from None
    if doc.duplicate_keys:
        raise ScaleError([f"{name} line {line}: key '{key}' appears twice. "
                          "Please keep one of them." for key, line in doc.duplicate_keys])
    if not isinstance(doc.data, dict):
        raise ScaleError([f"{name} line {doc.line_of(()) or 1}: the file must be a mapping "
                          "with keys such as id, name, score_range, sections, levels, items. "
                          "Please start from scales/ips-25.yaml."])
    try:
        scale = ScaleDefinition.model_validate(doc.data)
    except ValidationError as exc:
        raise ScaleError(_pydantic_problems(exc, doc, name)) from None
    problems = check_scale(scale)
    if problems:
        raise ScaleError([
            f"{name} line {doc.line_of(p.path) or 1}, {p.where}: {p.what}. {p.fix}"
            for p in problems
        ])
    return scale


class _DuplicateKey(Exception):
    pass


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader, refusing duplicate keys (PyYAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=True) for key, _ in node.value]
        if len(keys) != len({repr(k) for k in keys}):
            raise _DuplicateKey()
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def load_trusted_scale_text(text: str, name: str) -> ScaleDefinition:
    """Load a scale copy that passed validation when it was stored (a review's snapshot).

    Uses libyaml's C loader when present (about 8x faster than reading with line numbers);
    if the text fails (or has duplicate keys, which only the staged loader notices), the
    full staged loader runs to explain where.
    """
    try:
        data = yaml.load(text, Loader=_FastLoader)  # noqa: S506 (a safe loader)
        scale = ScaleDefinition.model_validate(data)
    except (yaml.YAMLError, ValidationError, _DuplicateKey):
        return load_scale_text(text, name)
    if check_scale(scale):
        return load_scale_text(text, name)
    return scale


def scale_hash(scale: ScaleDefinition) -> str:
    """A hash of the scale's content, independent of comments and formatting."""
    canonical = json.dumps(scale.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _pydantic_problems(exc: ValidationError, doc: LocatedDocument, name: str) -> list[str]:
    problems = []
    for error in exc.errors():
        loc = tuple(part for part in error["loc"] if part != "[key]")
        line = doc.line_of(loc) or 1
        field = _describe_loc(loc, doc.data)
        kind = error["type"]
        if kind == "extra_forbidden":
            bad = str(loc[-1])
            known = _known_fields(loc[:-1])
            close = difflib.get_close_matches(bad, known, n=1)
            hint = (f"Did you mean '{close[0]}'?" if close
                    else f"Please remove it; known fields: {', '.join(known)}.")
            problems.append(f"{name} line {line}, {field}: unknown field '{bad}'. {hint}")
        elif kind == "missing":
            problems.append(f"{name} line {line}, {field}: required field is missing. "
                            "Please add it.")
        else:
            problems.append(f"{name} line {line}, {field}: {error['msg']}. "
                            "Please correct the value.")
    return problems


def _describe_loc(loc: tuple[Any, ...], data: Any) -> str:
    """``items[3] 'caseload_size'.anchors`` style description of a pydantic location."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list):
            label = f"[{part}]"
            element = node[part] if part < len(node) else None
            if isinstance(element, dict) and "id" in element:
                label += f" '{element['id']}'"
            if parts:
                parts[-1] += label
            else:
                parts.append(label)
            node = element
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts) or "top level"


def _known_fields(parent: tuple[Any, ...]) -> list[str]:
    model: Any = ScaleDefinition
    for part in parent:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return []
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        candidates = [annotation, *args]
        for inner in list(candidates):
            candidates += list(getattr(inner, "__args__", ()))
        model = next((c for c in candidates if isinstance(c, type)
                      and hasattr(c, "model_fields")), None)
        if model is None:
            return []
    return sorted(model.model_fields)
