"""Review bundles: one self-contained file to carry a review between laptops."""

from __future__ import annotations

from fidelity.bundle.format import (
    BUNDLE_FORMAT,
    BUNDLE_FORMAT_VERSION,
    Bundle,
    read_bundle,
    write_bundle,
)

__all__ = ["BUNDLE_FORMAT", "BUNDLE_FORMAT_VERSION", "Bundle", "read_bundle", "write_bundle"]
