"""The bundle file: a JSON envelope with a format name and version, a SHA-256 checksum of
the canonical payload, and the payload (site, scale copy, review, raters, ratings with their
versions, action items with notes, audit rows).

Reading refuses, with a one-line reason, anything that is not exactly such a file:
truncated or not JSON, another format, a newer format version, a wrong checksum, a payload
that does not fit the model, or a scale copy whose hash is not the one declared.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fidelity.errors import InvalidInputError, ScaleError
from fidelity.files import atomic_target
from fidelity.scale.loader import load_trusted_scale_text, scale_hash

BUNDLE_FORMAT = "ips-fidelity-review-bundle"
BUNDLE_FORMAT_VERSION = 1
MAX_BYTES = 50_000_000  # a review with every note is well under 1 MB


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BundleSite(_Strict):
    name: str = Field(min_length=1)
    organisation: str = ""
    region: str = ""


class BundleScale(_Strict):
    id: str
    version: str
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    content: str


class BundleReview(_Strict):
    uid: str = Field(pattern=r"^[0-9a-f]{32}$")
    scale_id: str
    scale_version: str
    scale_hash: str
    review_type: Literal["external", "self-assessment", "follow-up"]
    visit_date: date
    status: Literal["draft", "consensus", "final"]
    notes: str = ""
    created_at: datetime
    finalized_at: datetime | None = None


class BundleRater(_Strict):
    name: str = Field(min_length=1)
    kind: Literal["rater", "consensus"]


class BundleRating(_Strict):
    rater: str
    item_id: str
    score: int | None
    metric_value: float | None
    elements: str = ""
    data_sources: str = ""
    evidence: str = ""
    updated_at: datetime
    updated_by: str = ""
    version: str = Field(pattern=r"^[0-9a-f]{32}$")
    ancestors: str = ""


class BundleNote(_Strict):
    uid: str = Field(pattern=r"^[0-9a-f]{32}$")
    at: datetime
    author: str = ""
    text: str


class BundleAction(_Strict):
    uid: str = Field(pattern=r"^[0-9a-f]{32}$")
    item_id: str | None = None
    principle_id: str | None = None
    what: str
    owner: str = ""
    due_date: date | None = None
    status: Literal["open", "in progress", "done", "dropped"]
    created_at: datetime
    updated_at: datetime
    notes: list[BundleNote] = []


class BundleAudit(_Strict):
    uid: str = Field(pattern=r"^[0-9a-f]{32}$")
    at: datetime
    actor: str = ""
    entity: str
    entity_id: str
    field: str
    old_value: str | None = None
    new_value: str | None = None
    reason: str = ""


class Bundle(_Strict):
    """The payload of a bundle file."""

    exported_at: datetime
    exported_by: str = ""
    rater_filter: str | None = None
    site: BundleSite
    scale: BundleScale
    review: BundleReview
    raters: list[BundleRater]
    ratings: list[BundleRating]
    actions: list[BundleAction] = []
    audit: list[BundleAudit] = []


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def write_bundle(bundle: Bundle, path: Path) -> Path:
    """Write ``bundle`` to ``path`` atomically (temporary file, then rename)."""
    payload = bundle.model_dump(mode="json")
    envelope = {"format": BUNDLE_FORMAT, "format_version": BUNDLE_FORMAT_VERSION,
                "checksum": "sha256:" + hashlib.sha256(_canonical(payload)).hexdigest(),
                "payload": payload}
    with atomic_target(path) as partial:
        partial.write_text(json.dumps(envelope, ensure_ascii=False, indent=1) + "\n",
                           encoding="utf-8")
    return path


def read_bundle(path: Path) -> Bundle:
    """Read and verify a bundle file; ``InvalidInputError`` says what is wrong."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError(f"{path}: file not found.") from None
    except OSError as exc:
        raise InvalidInputError(f"{path}: cannot be read ({exc.strerror}).") from None
    if len(raw) > MAX_BYTES:
        raise InvalidInputError(f"{name}: {len(raw)} bytes is too large for a review bundle.")
    return parse_bundle(raw, name)


def parse_bundle(raw: bytes, name: str = "<bundle>") -> Bundle:
    """Verify the bytes of a bundle file (see the module docstring)."""
    try:
        text = raw.decode("utf-8")
        envelope = json.loads(text)
    except UnicodeDecodeError:
        raise InvalidInputError(f"{name}: not a review bundle (not UTF-8 text).") from None
    except json.JSONDecodeError as exc:
        looks_like_bundle = text.lstrip().startswith("{")
        cut = ("; it looks truncated" if looks_like_bundle and not text.rstrip().endswith("}")
               else "")
        raise InvalidInputError(f"{name}: not a readable bundle (JSON error at line "
                                f"{exc.lineno}, column {exc.colno}{cut}). Please export "
                                "it again.") from None
    if not isinstance(envelope, dict) or envelope.get("format") != BUNDLE_FORMAT:
        raise InvalidInputError(f"{name}: not an ips-fidelity review bundle. Please choose "
                                "a file made by `fidelity bundle export`.")
    version = envelope.get("format_version")
    if version != BUNDLE_FORMAT_VERSION:
        raise InvalidInputError(f"{name}: bundle format version {version!r} is not one this "
                                f"toolkit reads ({BUNDLE_FORMAT_VERSION}). Please upgrade "
                                "ips-fidelity, or export with the same version.")
    payload = envelope.get("payload")
    checksum = envelope.get("checksum")
    if not isinstance(payload, dict) or not isinstance(checksum, str):
        raise InvalidInputError(f"{name}: the bundle has no payload or checksum.")
    actual = "sha256:" + hashlib.sha256(_canonical(payload)).hexdigest()
    if actual != checksum:
        raise InvalidInputError(f"{name}: checksum does not match: the file was changed or "
                                "damaged after export. Please export it again.")
    try:
        bundle = Bundle.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInputError(f"{name}: field {where}: {first['msg']}. The bundle does "
                                "not fit the format; please export it again.") from None
    try:
        scale = load_trusted_scale_text(bundle.scale.content, f"{name} scale copy")
    except ScaleError as exc:
        raise InvalidInputError(f"{name}: the scale copy in the bundle is not a valid scale "
                                f"({exc.problems[0]}).") from None
    if scale_hash(scale) != bundle.scale.hash or bundle.review.scale_hash != bundle.scale.hash:
        raise InvalidInputError(f"{name}: the scale copy does not match its declared hash "
                                f"({bundle.scale.hash[:12]}...). Please export it again.")
    return bundle
