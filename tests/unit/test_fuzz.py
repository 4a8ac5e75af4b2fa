"""Random and damaged inputs never escape as tracebacks.

Requirements:
- FZ001: any YAML document (random structures, random edits of a real scale file, random
  bytes) given to the scale loader is either accepted or refused with a ScaleError whose
  every message is one line naming the file.
- FZ002: any bytes given to the bundle reader (random JSON, random edits of a real bundle,
  truncations) are either accepted or refused with an InvalidInputError of one line naming
  the file.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fidelity.bundle.format import parse_bundle
from fidelity.errors import InvalidInputError, ScaleError
from fidelity.scale import ScaleRegistry, load_scale_text
from fidelity.service import open_service
from tests.conftest import ROOT

REAL_SCALE = (ROOT / "tests" / "data" / "mini.yaml").read_text()
IPS25 = (ROOT / "scales" / "ips-25.yaml").read_text()

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 200), st.floats(allow_nan=False),
                    st.text(max_size=20))
keys = st.sampled_from(["id", "name", "version", "score_range", "min", "max", "sections",
                        "levels", "items", "anchors", "metric", "bands", "score", "section",
                        "principles", "number", "looks_for", "format", "elements", "x"])
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)), max_leaves=25)


def _accepted_or_located(text: str) -> None:
    try:
        load_scale_text(text, "fuzz.yaml")
    except ScaleError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.startswith("fuzz.yaml"), problem
            assert "\n" not in problem


@settings(max_examples=150, deadline=None)
@given(documents)
def test_random_yaml_documents(document: object) -> None:  # FZ001
    _accepted_or_located(yaml.safe_dump(document))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_edits_of_a_scale(data: st.DataObject) -> None:  # FZ001
    text = IPS25 if data.draw(st.booleans()) else REAL_SCALE
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        kind = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        piece = data.draw(st.text(alphabet=" :-[]{}'\"\n#&*!|>0123456789abc", max_size=6))
        if kind == "delete":
            text = text[:at] + text[at + len(piece) + 1:]
        elif kind == "insert":
            text = text[:at] + piece + text[at:]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    _accepted_or_located(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_as_scale(raw: bytes) -> None:  # FZ001
    _accepted_or_located(raw.decode("utf-8", errors="replace"))


def _real_bundle(tmp: Path) -> bytes:
    service = open_service(str(tmp / "b.db"), registry=ScaleRegistry([ROOT / "scales"]))
    service.add_site("Fuzz Team")
    review_id = service.start_review("Fuzz Team", "ips-25", date(2026, 1, 1),
                                     raters=["Ann"]).id
    service.rate_item(review_id, "disclosure", 3, "Ann")
    service.add_action(review_id, "Do something", item_id="disclosure")
    path = tmp / "real.ipsbundle"
    service.export_bundle(review_id, path)
    service.store.dispose()
    return path.read_bytes()


def _accepted_or_refused(raw: bytes) -> None:
    try:
        parse_bundle(raw, "fuzz.ipsbundle")
    except InvalidInputError as exc:
        message = str(exc)
        assert message.startswith("fuzz.ipsbundle"), message
        assert "\n" not in message


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_damaged_bundles(tmp_path: Path, data: st.DataObject) -> None:  # FZ002
    real = getattr(test_damaged_bundles, "_cache", None) or _real_bundle(tmp_path)
    test_damaged_bundles._cache = real  # type: ignore[attr-defined]
    raw = bytearray(real)
    how = data.draw(st.sampled_from(["truncate", "flip", "json-edit"]))
    if how == "truncate":
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    elif how == "flip":
        for _ in range(data.draw(st.integers(1, 5))):
            at = data.draw(st.integers(0, len(raw) - 1))
            raw[at] = data.draw(st.integers(0, 255))
    else:
        envelope = json.loads(real)
        payload = envelope["payload"]
        section = data.draw(st.sampled_from(["review", "site", "scale"]))
        field = data.draw(st.sampled_from(sorted(payload[section])))
        payload[section][field] = data.draw(scalars)
        raw = bytearray(json.dumps(envelope).encode())
    _accepted_or_refused(bytes(raw))


@settings(max_examples=100, deadline=None)
@given(st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=15))
def test_random_json_as_bundle(document: object) -> None:  # FZ002
    _accepted_or_refused(json.dumps(document).encode())
