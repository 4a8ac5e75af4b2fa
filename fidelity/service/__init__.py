"""The one service layer the CLI, the TUI and the exports call.

``FidelityService`` gathers the per-topic services (sites, reviews, ratings, actions). Each
public method is one transaction; errors are ``fidelity.errors`` exceptions.
"""

from __future__ import annotations

from fidelity.scale.registry import ScaleRegistry
from fidelity.service.bundles import BundleService
from fidelity.service.reviews import CONSENSUS
from fidelity.store.engine import Store, open_store


class FidelityService(BundleService):
    """Every operation on the review store."""


def open_service(database: str, *, create: bool = True, registry: ScaleRegistry | None = None,
                 actor: str | None = None) -> FidelityService:
    """Open (and migrate) ``database`` and wrap it in a service."""
    return FidelityService(open_store(database, create=create), registry=registry, actor=actor)


__all__ = ["CONSENSUS", "FidelityService", "Store", "open_service"]
