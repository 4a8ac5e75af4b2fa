"""YAML reading that remembers where every value came from.

PyYAML's safe loader drops source positions, so we compose the node graph ourselves and
convert it to plain Python while recording the line of every mapping key and sequence entry.
Duplicate keys, which YAML silently accepts (the last one wins), are reported instead:
a reviewer editing a scale by hand would otherwise lose an anchor without noticing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]


@dataclass
class LocatedDocument:
    """A parsed YAML document and the 1-based source line of every path in it."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)

    def line_of(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), None)


class YamlSyntaxError(Exception):
    """The text is not well-formed YAML; ``line`` is 1-based."""

    def __init__(self, message: str, line: int | None) -> None:
        self.message = message
        self.line = line
        super().__init__(message)


def parse_located(text: str) -> LocatedDocument:
    """Parse one YAML document with the safe loader, keeping line numbers."""
    try:
        # The reader checks every character when the loader is made, so this is inside.
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:
        bad_line = text[: exc.position].count("\n") + 1
        raise YamlSyntaxError(f"character {exc.character!r} is not allowed in YAML",
                              bad_line) from exc
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(problem, line) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc).splitlines()[0], None) from exc
    finally:
        loader.dispose()
    doc = LocatedDocument(data=None)
    if node is None:
        return doc
    doc.lines[()] = node.start_mark.line + 1
    try:
        doc.data = _convert(node, (), doc, loader)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise YamlSyntaxError(exc.problem or "unsupported YAML value",
                              mark.line + 1 if mark else None) from exc
    return doc


def _convert(node: yaml.Node, path: Path, doc: LocatedDocument, loader: yaml.SafeLoader) -> Any:
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise YamlSyntaxError("mapping keys must be plain values",
                                      key_node.start_mark.line + 1)
            child = (*path, key if isinstance(key, str | int) else str(key))
            line = key_node.start_mark.line + 1
            if key in result:
                doc.duplicate_keys.append((".".join(str(p) for p in child), line))
            doc.lines[child] = line
            result[key] = _convert(value_node, child, doc, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item_node in enumerate(node.value):
            child = (*path, index)
            doc.lines[child] = item_node.start_mark.line + 1
            items.append(_convert(item_node, child, doc, loader))
        return items
    return loader.construct_object(node, deep=True)
