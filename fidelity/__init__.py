"""IPS fidelity review toolkit: the domain core (scales, scoring, store, services) and the CLI."""

from __future__ import annotations

__version__ = "0.1.0"
