"""Side panel: live total, level (provisional while items are unscored), sub-scores."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from fidelity.scoring.totals import GroupScore, ScoreSummary


def _pct(group: GroupScore) -> str:
    if group.mean is None:
        return "  -"
    return f"{group.mean:.1f} {group.percent_of_max or 0:3.0f}%"


class ScorePanel(Static):
    """Renders a ``ScoreSummary``; call ``show`` after every change."""

    DEFAULT_CSS = """
    ScorePanel { height: 1fr; }
    """

    def show(self, summary: ScoreSummary, heading: str) -> None:
        text = Text()
        text.append(f"{heading}\n", style="bold")
        text.append(f"Total {summary.total}/{summary.total_max}\n", style="bold")
        if summary.unscored:
            text.append(f"{summary.unscored} unscored (final "
                        f"{summary.possible_min}-{summary.possible_max})\n", style="yellow")
        level = summary.level_name or "-"
        text.append("Level: ")
        text.append(level, style="bold green" if not summary.provisional else "bold yellow")
        text.append(" (provisional)\n" if summary.provisional and summary.level_name else "\n")
        text.append("\nSections     mean  %max\n", style="underline")
        for group in summary.sections:
            text.append(f"{group.name[:12]:<12} {_pct(group)}\n")
        if summary.principles:
            text.append("\nPrinciples   mean  %max\n", style="underline")
            for group in summary.principles:
                text.append(f"{group.id:<3}{group.name[:9]:<9} {_pct(group)}\n")
        self.update(text)
