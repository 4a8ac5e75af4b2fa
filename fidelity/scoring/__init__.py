"""Pure scoring functions: totals, levels, sub-scores, metric suggestions, rater agreement."""

from __future__ import annotations

from fidelity.scoring.agreement import Agreement, agreement
from fidelity.scoring.metrics import suggest_score
from fidelity.scoring.totals import GroupScore, ScoreSummary, summarize

__all__ = ["Agreement", "GroupScore", "ScoreSummary", "agreement", "suggest_score", "summarize"]
