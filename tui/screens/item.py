"""Item screen: what the item looks for, its anchors, the figure and suggested score,
elements, data sources, the evidence note (saved on every keystroke), other raters' view
in consensus mode, and where the site stood at its previous review."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Input, SelectionList, Static, TextArea

from fidelity.errors import FidelityError
from fidelity.scale.model import Item
from fidelity.service.views import RatingView, ReviewDetail
from tui.messages import EvidenceSaved, ItemRated
from tui.screens.base import PaletteEntry, ServiceScreen
from tui.screens.review import score_bindings


class ItemBody(VerticalScroll, can_focus=True):
    """The scrolling body; focused by default so digit keys score."""


class ItemScreen(ServiceScreen):
    BINDINGS = [
        *score_bindings("item"),
        Binding("minus", "clear_score", "Unscore", id="item.clear",
                tooltip="Mark the item unscored (insufficient data)"),
        Binding("n", "step(1)", "Next", id="item.next", tooltip="Go to the next item"),
        Binding("p", "step(-1)", "Previous", id="item.previous",
                tooltip="Go to the previous item"),
        Binding("u", "next_unscored", "Next unscored", id="item.next-unscored",
                tooltip="Go to the next item without a score"),
        Binding("s", "use_suggestion", "Use suggested", id="item.use-suggested",
                tooltip="Take the score the figure or elements suggest"),
        Binding("e", "edit_evidence", "Edit note", id="item.edit-evidence",
                tooltip="Write the evidence note (saved as you type)"),
        Binding("escape", "leave", "Back", id="item.back",
                tooltip="Leave the field, or go back to the item list"),
    ]

    def __init__(self, review_id: int, rater: str | None, item_id: str) -> None:
        super().__init__()
        self.review_id = review_id
        self.rater = rater
        self.item_id = item_id
        self.detail: ReviewDetail | None = None
        self.previous: ReviewDetail | None = None

    # -- data ------------------------------------------------------------------
    @property
    def item(self) -> Item:
        return self.scale.item(self.item_id)

    def rating(self) -> RatingView:
        assert self.detail is not None
        rows = self.detail.consensus if self.rater is None else self.detail.by_rater[self.rater]
        return rows[self.scale.items.index(self.item)]

    def _load(self) -> None:
        self.detail = self.call(self.service.review_detail, self.review_id)

    def _keep(self, view: RatingView) -> None:
        """Put a rating the service just saved into our copy of the review. Re-reading the
        whole review on every keystroke of a note would be wasted work: this screen only
        changes its own item for its own rater."""
        if self.detail is None:
            return
        rows = self.detail.consensus if self.rater is None else self.detail.by_rater[self.rater]
        rows[self.scale.items.index(self.item)] = view

    def on_mount(self) -> None:
        self.query_one(ItemBody).focus()

    # -- layout ----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        if not hasattr(self, "scale"):
            self.scale = self.service.scale_for_review(self.review_id)
            self.previous = self.call(self.service.previous_review, self.review_id)
        self._load()
        item, rating = self.item, self.rating()
        sections = {s.id: s.name for s in self.scale.sections}
        yield Header()
        yield Static(f"Item {item.number}/{len(self.scale.items)} · {sections[item.section]} · "
                     f"{self.rater or 'Consensus'}", id="title", classes="title-line")
        with ItemBody(id="item-body"):
            yield Static(Text(item.name, style="bold"))
            yield Static(item.looks_for)
            yield Static("Anchors (digit keys score, - unscores)", classes="section-label")
            for score in self.scale.score_range.scores:
                yield Static(self._anchor_text(score, rating), id=f"anchor-{score}",
                             classes="anchor chosen" if rating.score == score else "anchor")
            if item.metric is not None and item.metric.source == "value":
                yield Static(f"Figure: {item.metric.name}"
                             + (f" ({item.metric.unit})" if item.metric.unit else ""),
                             classes="section-label")
                with Horizontal(id="metric-row"):
                    yield Input("" if rating.metric_value is None else f"{rating.metric_value:g}",
                                placeholder="figure", id="metric", type="number")
                    yield Static(self._suggestion_text(rating), id="suggestion")
            if item.elements:
                yield Static("Elements present (space ticks; s uses the suggestion)",
                             classes="section-label")
                yield SelectionList[int](*[(text, index, index in rating.elements)
                                           for index, text in enumerate(item.elements)],
                                         id="elements")
                yield Static(self._suggestion_text(rating), id="suggestion")
            if item.data_sources or self.scale.data_sources:
                codes = list(item.data_sources) or list(self.scale.data_sources)
                yield Static("Data sources used", classes="section-label")
                yield SelectionList[str](*[
                    (f"{code}  {self.scale.data_sources.get(code, '')}"[:70], code,
                     code in rating.data_sources) for code in codes], id="sources")
            label = "Evidence note" if self.rater else "Consensus rationale"
            yield Static(f"{label} (e to edit, saved as you type, Esc leaves)",
                         classes="section-label")
            yield TextArea(rating.evidence, id="evidence", soft_wrap=True)
            if self.rater is None and self.detail and self.detail.by_rater:
                yield Static("Raters", classes="section-label")
                yield Static(self._raters_text())
            clashes = [c for c in (self.call(self.service.conflicts, self.review_id) or [])
                       if c.item_id == self.item_id]
            if clashes:
                yield Static("⚡ Conflicting versions from another laptop "
                             "(resolve on the consensus screen: K keeps ours, T takes theirs)",
                             classes="section-label")
                yield Static("\n".join(
                    f"{c.rater}: ours {c.ours_score} '{c.ours_evidence[:40]}' / theirs "
                    f"{c.theirs_score} '{c.theirs_evidence[:40]}' ({c.source})"
                    for c in clashes))
            yield Static("Previous review", classes="section-label")
            yield Static(self._previous_text(), id="previous")
        yield Footer()

    def _anchor_text(self, score: int, rating: RatingView) -> Text:
        text = Text()
        text.append(f"{score} ", style="bold")
        text.append(self.item.anchors[score])
        if rating.suggested_score == score and rating.score != score:
            text.append("  ◆ suggested", style="italic cyan")
        return text

    def _suggestion_text(self, rating: RatingView) -> str:
        if rating.suggested_score is None:
            return "no suggestion yet"
        return f"suggests {rating.suggested_score} (s or Enter to use)"

    def _raters_text(self) -> Text:
        assert self.detail is not None
        index = self.scale.items.index(self.item)
        text = Text()
        for name, rows in self.detail.by_rater.items():
            row = rows[index]
            text.append(f"{name}: ", style="bold")
            text.append("-" if row.score is None else str(row.score))
            if row.evidence:
                text.append(f"  {row.evidence}")
            text.append("\n")
        return text

    def _previous_text(self) -> str:
        if self.previous is None:
            return "No earlier review of this site with this scale."
        index = next((i for i, r in enumerate(self.previous.consensus)
                      if r.item_id == self.item_id), None)
        when = self.previous.review.visit_date
        if index is None:
            return f"{when}: this item was not in that review's scale."
        row = self.previous.consensus[index]
        score = "unscored" if row.score is None else f"score {row.score}"
        note = f" · {row.evidence}" if row.evidence else ""
        return f"{when} ({self.previous.review.review_type}): {score}{note}"

    def _refresh_rating(self, view: RatingView) -> None:
        """Redraw what depends on the rating without rebuilding the screen."""
        for score in self.scale.score_range.scores:
            anchor = self.query_one(f"#anchor-{score}", Static)
            anchor.update(self._anchor_text(score, view))
            anchor.set_class(view.score == score, "chosen")
        for suggestion in self.query("#suggestion").results(Static):
            suggestion.update(self._suggestion_text(view))
        self._keep(view)

    # -- scoring ---------------------------------------------------------------
    def action_score(self, score: int) -> None:
        low, high = self.scale.score_range.min, self.scale.score_range.max
        if not low <= score <= high:
            self.notify(f"Scores on this scale run from {low} to {high}.", severity="warning")
            return
        self._rate(score)

    def action_clear_score(self) -> None:
        self._rate(None)

    def _rate(self, score: int | None) -> None:
        view = self.call(self.service.rate_item, self.review_id, self.item_id, score,
                         self.rater)
        if view is not None:
            self._refresh_rating(view)
            self.post_message(ItemRated(self.review_id, self.item_id, self.rater, score))

    def action_use_suggestion(self) -> None:
        suggested = self.rating().suggested_score
        if suggested is None:
            self.notify("Enter the figure or tick the elements first.")
            return
        self._rate(suggested)

    # -- fields, each saved as it changes ----------------------------------------
    @on(TextArea.Changed, "#evidence")
    def evidence_changed(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        if self.detail is None or text == self.rating().evidence:
            return
        view = self.call(self.service.set_evidence, self.review_id, self.item_id, text,
                         self.rater)
        if view is not None:
            self._keep(view)
            self.post_message(EvidenceSaved(self.review_id, self.item_id, self.rater))

    @on(Input.Changed, "#metric")
    def metric_changed(self, event: Input.Changed) -> None:
        raw = event.value.strip()
        suggestion = self.query_one("#suggestion", Static)
        try:
            value = float(raw) if raw else None
        except ValueError:
            suggestion.update("not a number")
            return
        if value == self.rating().metric_value:
            return
        try:
            view = self.service.set_metric(self.review_id, self.item_id, value, self.rater)
        except FidelityError as exc:
            suggestion.update(str(exc).split(":")[0][:60])
            return
        self._refresh_rating(view)

    @on(Input.Submitted, "#metric")
    def metric_submitted(self, _event: Input.Submitted) -> None:
        self.action_use_suggestion()
        self.query_one(ItemBody).focus()

    @on(SelectionList.SelectedChanged, "#elements")
    def elements_changed(self, event: SelectionList.SelectedChanged[int]) -> None:
        chosen = sorted(event.selection_list.selected)
        if chosen == sorted(self.rating().elements):
            return
        view = self.call(self.service.set_elements, self.review_id, self.item_id, chosen,
                         self.rater)
        if view is not None:
            self._refresh_rating(view)

    @on(SelectionList.SelectedChanged, "#sources")
    def sources_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        chosen = list(event.selection_list.selected)
        if sorted(chosen) == sorted(self.rating().data_sources):
            return
        view = self.call(self.service.set_data_sources, self.review_id, self.item_id, chosen,
                         self.rater)
        if view is not None:
            self._keep(view)

    # -- navigation ------------------------------------------------------------
    async def _show(self, item_id: str) -> None:
        self.item_id = item_id
        await self.recompose()
        self.query_one(ItemBody).focus()

    async def action_step(self, delta: int) -> None:
        index = self.scale.items.index(self.item) + delta
        if 0 <= index < len(self.scale.items):
            await self._show(self.scale.items[index].id)
        else:
            self.notify("That was the last item." if delta > 0 else "This is the first item.")

    async def action_next_unscored(self) -> None:
        assert self.detail is not None
        rows = self.detail.consensus if self.rater is None else self.detail.by_rater[self.rater]
        start = self.scale.items.index(self.item)
        for offset in range(1, len(rows) + 1):
            row = rows[(start + offset) % len(rows)]
            if row.score is None:
                await self._show(row.item_id)
                return
        self.notify("Every item is scored.")

    def action_edit_evidence(self) -> None:
        editor = self.query_one("#evidence", TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)  # add to the note, never type over it

    def action_leave(self) -> None:
        body = self.query_one(ItemBody)
        if self.focused is not None and self.focused is not body:
            body.focus()
        else:
            self.app.pop_screen()

    def palette_commands(self) -> list[PaletteEntry]:
        return [("item: use suggested score", self.action_use_suggestion,
                 "Score from the figure or elements"),
                ("item: mark unscored", self.action_clear_score, "Insufficient data"),
                ("item: edit evidence note", self.action_edit_evidence, "Saved as you type")]
