"""Start screen: the sites, and below them the reviews of the highlighted site with date,
type, status, total and level. Enter on a site moves to its reviews; Enter on a review
opens it."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from tui.dialogs.pick import PickDialog
from tui.dialogs.review_form import ReviewForm
from tui.dialogs.site_form import SiteForm
from tui.screens.base import PaletteEntry, ServiceScreen
from tui.widgets.tables import highlighted_key


class HomeScreen(ServiceScreen):
    BINDINGS = [
        Binding("enter", "open", "Open", id="home.open",
                tooltip="On a site: its reviews; on a review: open it"),
        Binding("n", "new_review", "New review", id="home.new-review",
                tooltip="Start a review of the highlighted site"),
        Binding("s", "new_site", "New site", id="home.new-site", tooltip="Add a site"),
        Binding("escape", "to_sites", "Sites", id="home.sites", tooltip="Back to the sites"),
        Binding("r", "reload", "Reload", id="home.reload", tooltip="Reload the lists"),
        Binding("q", "app.quit", "Quit", id="home.quit", tooltip="Leave (all work is saved)"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="summary", classes="title-line")
        yield DataTable(id="sites", cursor_type="row", zebra_stripes=True)
        yield Static("", id="reviews-title", classes="title-line")
        yield DataTable(id="reviews", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        sites = self.query_one("#sites", DataTable)
        sites.add_column("Site", width=28)
        sites.add_column("Region", width=12)
        sites.add_column("Reviews", width=7)
        sites.add_column("Latest", width=10)
        reviews = self.query_one("#reviews", DataTable)
        reviews.add_column("Date", width=10)
        reviews.add_column("Type", width=9)
        reviews.add_column("Status", width=9)
        reviews.add_column("Total", width=9)
        reviews.add_column("Level", width=30)
        self.reload()
        sites.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    # -- data ------------------------------------------------------------------
    def reload(self, select_site: int | None = None, select_review: int | None = None) -> None:
        table = self.query_one("#sites", DataTable)
        keep = select_site if select_site is not None else self._key("#sites")
        table.clear()
        sites = self.call(self.service.list_sites) or []
        for site in sites:
            table.add_row(site.name[:28], site.region[:12], str(site.reviews),
                          site.latest_review_date.isoformat() if site.latest_review_date
                          else "-", key=str(site.id))
        self.query_one("#summary", Static).update(
            f"{len(sites)} sites   Enter: reviews / open · n new review · s new site · ? help")
        if keep is not None:
            self._select("#sites", keep)
        self.show_reviews(select_review)

    def show_reviews(self, select_review: int | None = None) -> None:
        site_id = self._key("#sites")
        table = self.query_one("#reviews", DataTable)
        keep = select_review if select_review is not None else self._key("#reviews")
        table.clear()
        if site_id is None:
            self.query_one("#reviews-title", Static).update("No sites yet: press s to add one")
            return
        reviews = self.call(self.service.list_reviews, site=site_id) or []
        name = reviews[0].site if reviews else self._site_name(site_id)
        self.query_one("#reviews-title", Static).update(
            f"Reviews of {name}" if reviews else f"{name}: no reviews yet (n starts one)")
        for r in reviews:
            total = f"{r.total}" if r.scored == r.items else f"{r.total} ({r.scored}/{r.items})"
            level = (r.level or "-") + (" (prov.)" if r.provisional and r.level else "")
            table.add_row(r.visit_date.isoformat(), r.review_type[:9], r.status, total,
                          level[:30], key=str(r.id))
        if keep is not None:
            self._select("#reviews", keep)

    def _site_name(self, site_id: int) -> str:
        site = self.call(self.service.get_site, site_id)
        return site.name if site else "?"

    def _key(self, selector: str) -> int | None:
        key = highlighted_key(self.query_one(selector, DataTable))
        return int(key) if key is not None else None

    def _select(self, selector: str, key: int) -> None:
        table = self.query_one(selector, DataTable)
        try:
            table.move_cursor(row=table.get_row_index(str(key)))
        except Exception:  # the row is gone (e.g. another filter); stay where we are
            pass

    @on(DataTable.RowHighlighted, "#sites")
    def _site_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.show_reviews()

    # -- actions ---------------------------------------------------------------
    def action_reload(self) -> None:
        self.reload()

    def action_to_sites(self) -> None:
        self.query_one("#sites", DataTable).focus()

    @on(DataTable.RowSelected)
    def _row_chosen(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        if self.focused is self.query_one("#sites", DataTable):
            reviews = self.query_one("#reviews", DataTable)
            if reviews.row_count:
                reviews.focus()
            else:
                self.notify("No review of this site yet: press n to start one.")
            return
        self.open_review()

    @work
    async def open_review(self) -> None:
        review_id = self._key("#reviews")
        if review_id is None:
            return
        review = self.call(self.service.get_review, review_id)
        if review is None:
            return
        options = [(f"{name} (own scores)", f"rater:{name}") for name in review.raters]
        options.append(("Consensus (agreed scores)", "consensus"))
        choice = options[0][1] if len(options) == 1 else await self.app.push_screen_wait(
            PickDialog(f"{review.site}, {review.visit_date}: who is scoring?", options))
        if choice is None:
            return
        from tui.screens.review import ReviewScreen

        rater = choice.removeprefix("rater:") if choice.startswith("rater:") else None
        self.app.push_screen(ReviewScreen(review_id, rater))

    @work
    async def action_new_site(self) -> None:
        values: dict[str, Any] | None = await self.app.push_screen_wait(SiteForm())
        if not values:
            return
        site = self.call(self.service.add_site, **values)
        if site is not None:
            self.notify(f"Site {site.name} added. Press n to start its review.")
            self.reload(select_site=site.id)

    @work
    async def action_new_review(self) -> None:
        sites = [s.name for s in (self.call(self.service.list_sites) or [])]
        if not sites:
            self.notify("Add a site first (s).", severity="warning")
            return
        scales = [(f"{s.short_name or s.id} - {s.name}"[:60], s.id)
                  for s in self.service.registry.all()]
        site_id = self._key("#sites")
        default = self._site_name(site_id) if site_id is not None else None
        # Offer first the scale this site (or else anyone) last used.
        latest = (self.call(self.service.list_reviews, site=site_id) if site_id else None) or \
            (self.call(self.service.list_reviews) or [])[:1]
        if latest:
            scales.sort(key=lambda pair: pair[1] != latest[0].scale_id)
        values = await self.app.push_screen_wait(ReviewForm(sites, scales, default))
        if not values:
            return
        review = self.call(self.service.start_review, values["site"], values["scale_id"],
                           values["visit_date"], values["review_type"], values["raters"])
        if review is not None:
            self.reload(select_site=review.site_id, select_review=review.id)
            self.query_one("#reviews", DataTable).focus()
            self.notify(f"Review {review.id} started. Enter opens it.")

    def palette_commands(self) -> list[PaletteEntry]:
        return [("review: open", self.open_review, "Open the highlighted review"),
                ("review: new", self.action_new_review, "Start a review of a site"),
                ("site: new", self.action_new_site, "Add a site")]
