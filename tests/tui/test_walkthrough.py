"""A whole review through the keyboard, asserting on the database after each step.

Requirements:
- TU001: create a site and start a review with two raters from the start screen.
- TU002: each rater scores every item with digit keys; each key press is committed at once
  (checked through a second, independent connection) and an ItemRated message is posted.
- TU003: an evidence note typed in the item screen is saved as it is typed.
- TU004: consensus: agreed items accepted in one step, disagreements set by hand.
- TU005: an action item is added from the action plan screen.
- TU006: finalize asks first, then locks; a score key on a locked review changes nothing and
  says why; reopening asks for a reason.
- TU007: a rating made in one app is there when a fresh app opens the same file.
- TU008: a score outside the scale's range is refused on screen.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.message import Message
from textual.pilot import Pilot

from fidelity.service import FidelityService
from tests.tui.conftest import make_test_app
from tui.messages import ItemRated, ReviewStatusChanged
from tui.screens.actions import ActionsScreen
from tui.screens.consensus import ConsensusScreen
from tui.screens.home import HomeScreen
from tui.screens.item import ItemScreen
from tui.screens.review import ReviewScreen

ANN = [1, 2, 3, 4, 5] * 5
BO = [1, 2, 3, 4, 5] * 4 + [3, 3, 3, 3, 3]  # items 21, 22, 24, 25 differ


async def _type(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def _score_all(pilot: Pilot[None], scores: list[int]) -> None:
    for score in scores:
        await pilot.press(str(score))


async def _open_review_as(pilot: Pilot[None], downs: int) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, HomeScreen)
    if screen.focused is screen.query_one("#sites"):
        await pilot.press("enter")  # from the site to its reviews
    await pilot.press("enter")
    await pilot.pause()
    for _ in range(downs):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def test_full_review(db_path: Path) -> None:  # TU001-TU006
    app, check = make_test_app(db_path)
    messages: list[Message] = []
    async with app.run_test(size=(100, 32), message_hook=messages.append) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # TU001: site, then review
        await pilot.press("s")
        await _type(pilot, "North Team")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [s.name for s in check.list_sites()] == ["North Team"]
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("tab", "enter")  # the scale list: ips-15, ips-25
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        for _ in range(3):  # scale -> type -> date -> raters
            await pilot.press("tab")
        await _type(pilot, "Ann,Bo")
        await pilot.press("ctrl+s")
        await pilot.pause()
        reviews = check.list_reviews()
        assert len(reviews) == 1
        review_id = reviews[0].id
        assert reviews[0].raters == ["Ann", "Bo"]
        assert reviews[0].visit_date == date.today()

        # TU002: Ann scores every item; every key press is in the database at once
        await _open_review_as(pilot, 0)
        assert isinstance(app.screen, ReviewScreen) and app.screen.rater == "Ann"
        for index, score in enumerate(ANN):
            await pilot.press(str(score))
            saved = check.review_detail(review_id).by_rater["Ann"]
            assert saved[index].score == score
        # a message is seen at each node it bubbles through; count each once
        rated = list({id(m): m for m in messages if isinstance(m, ItemRated)}.values())
        assert len(rated) == 25 and rated[0].rater == "Ann"

        # TU003: evidence on item 25 (the cursor stays on the last item)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ItemScreen)
        await pilot.press("e")
        await _type(pilot, "Outreach log seen")
        await pilot.pause()
        assert check.review_detail(review_id).by_rater["Ann"][24].evidence == \
            "Outreach log seen"
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

        # Bo scores on his own; he does not see Ann's scores
        await _open_review_as(pilot, 1)
        assert isinstance(app.screen, ReviewScreen) and app.screen.rater == "Bo"
        assert all(r.score is None for r in app.screen.ratings.values())
        await _score_all(pilot, BO)
        assert [r.score for r in check.review_detail(review_id).by_rater["Bo"]] == BO

        # TU004: consensus
        await pilot.press("c")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConsensusScreen)
        assert check.get_review(review_id).status == "consensus"
        await pilot.press("A")
        await pilot.pause()
        consensus = [r.score for r in check.review_detail(review_id).consensus]
        assert consensus[:20] == ANN[:20] and consensus[20:] == [None, None, 3, None, None]
        # disagreements come first, widest first: 21 (1 v 3), 25 (5 v 3), 22, 24
        await _score_all(pilot, [2, 4, 3, 3])
        detail = check.review_detail(review_id)
        assert detail.summary.unscored == 0
        assert detail.agreement is not None and detail.agreement.exact_percent == 84.0
        await pilot.press("escape")
        await pilot.pause()

        # TU005: action plan
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("tab", "tab")
        await _type(pilot, "Recruit a second ES")
        await pilot.press("tab")
        await _type(pilot, "Manager")
        await pilot.press("tab")
        await _type(pilot, "2027-01-31")
        await pilot.press("enter")
        await pilot.pause()
        actions = check.review_actions(review_id)
        assert [(a.what, a.owner, a.due_date) for a in actions] == [
            ("Recruit a second ES", "Manager", date(2027, 1, 31))]
        assert actions[0].item_id == "caseload_size"  # weakest item offered first
        await pilot.press("escape")
        await pilot.pause()

        # TU006: finalize, then the lock
        total = check.get_review(review_id).total
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert check.get_review(review_id).status == "final"
        assert any(isinstance(m, ReviewStatusChanged) and m.status == "final"
                   for m in messages)
        await pilot.press("up", "5")
        await pilot.pause()
        assert check.get_review(review_id).total == total
        assert any("locked" in n.message for n in app._notifications)
        await pilot.press("o")
        await pilot.pause()
        await _type(pilot, "Typo in item 24")
        await pilot.press("enter")
        await pilot.pause()
        assert check.get_review(review_id).status == "consensus"
        assert check.audit_log(review_id)[-1].reason == "Typo in item 24"
    check.store.dispose()


async def test_rating_survives_a_new_app(db_path: Path) -> None:  # TU007
    first, check = make_test_app(db_path)
    check.add_site("South Team")
    review_id = check.start_review("South Team", "ips-25", date(2026, 1, 10),
                                   raters=["Ann"]).id
    async with first.run_test(size=(80, 24)) as pilot:
        first.push_screen(ReviewScreen(review_id, "Ann"))
        await pilot.pause()
        await pilot.press("4", "2")
    second, _ = make_test_app(db_path)
    async with second.run_test(size=(80, 24)) as pilot:
        second.push_screen(ReviewScreen(review_id, "Ann"))
        await pilot.pause()
        screen = second.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.ratings["caseload_size"].score == 4
        assert screen.ratings["employment_services_staff"].score == 2


async def test_out_of_range_key(db_path: Path, service: FidelityService) -> None:  # TU008
    app, check = make_test_app(db_path)
    check.add_site("East Team")
    review_id = check.start_review("East Team", "ips-25", date(2026, 1, 10),
                                   raters=["Ann"]).id
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ReviewScreen(review_id, "Ann"))
        await pilot.pause()
        await pilot.press("7", "0")
        await pilot.pause()
        assert all(r.score is None for r in check.review_detail(review_id).by_rater["Ann"])
        assert any("run from 1 to 5" in n.message for n in app._notifications)


async def test_export_from_review_screen(db_path: Path, tmp_path: Path) -> None:
    from fidelity import locations
    from tui.messages import ExportWritten

    app, check = make_test_app(db_path)
    check.add_site("West Team")
    review_id = check.start_review("West Team", "ips-25", date(2026, 4, 4),
                                   raters=["Ann"]).id
    messages: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        app.push_screen(ReviewScreen(review_id, "Ann"))
        await pilot.pause()
        await pilot.press("3", "4")
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
    written = sorted(p.name for p in locations.exports_dir().iterdir())
    assert written == [f"west-team-2026-04-04-review-{review_id}-radar.png",
                       f"west-team-2026-04-04-review-{review_id}.xlsx"]
    assert len({id(m) for m in messages if isinstance(m, ExportWritten)}) == 2


async def test_conflict_shown_and_resolved_on_consensus_screen(tmp_path: Path) -> None:
    from fidelity.scale import ScaleRegistry
    from fidelity.service import open_service
    from tests.conftest import ROOT

    laptop_b = open_service(str(tmp_path / "b.db"), registry=ScaleRegistry([ROOT / "scales"]))
    app, check = make_test_app(tmp_path / "a.db")
    check.add_site("North Team")
    review_id = check.start_review("North Team", "ips-25", date(2026, 5, 5),
                                   raters=["Ann", "Bo"]).id
    check.rate_item(review_id, "disclosure", 2, "Ann")
    check.export_bundle(review_id, tmp_path / "start.ipsbundle")
    laptop_b.import_bundle(tmp_path / "start.ipsbundle")
    check.rate_item(review_id, "disclosure", 3, "Ann")
    b_id = laptop_b.list_reviews()[0].id
    laptop_b.rate_item(b_id, "disclosure", 5, "Ann")
    laptop_b.export_bundle(b_id, tmp_path / "back.ipsbundle")
    assert check.import_bundle(tmp_path / "back.ipsbundle").conflicts == 1
    check.start_consensus(review_id)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(ConsensusScreen(review_id))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConsensusScreen)
        assert "1 conflict(s)" in str(screen.query_one("#agreement").render())
        table = screen.query_one("DataTable")
        row = table.get_row_index("disclosure")  # type: ignore[attr-defined]
        table.move_cursor(row=row)  # type: ignore[attr-defined]
        await pilot.press("T")
        await pilot.pause()
    assert check.conflicts(review_id) == []
    assert check.review_detail(review_id).by_rater["Ann"][12].score == 5
