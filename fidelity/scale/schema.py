"""The JSON Schema of scale files, generated from the pydantic model."""

from __future__ import annotations

import json

from fidelity.scale.model import ScaleDefinition


def schema_json() -> str:
    """The schema as stable, indented JSON (committed as ``scales/scale.schema.json``)."""
    schema = ScaleDefinition.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://ips-fidelity.example/scale.schema.json"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
