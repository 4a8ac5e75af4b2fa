"""A realistic demo database: three sites, reviews over three years, two raters each.

Everything goes through the service layer, so the demo also exercises the real code paths.
Random choices use a fixed seed: the same demo every time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fidelity.scale.model import Item, ScaleDefinition
from fidelity.service import FidelityService


@dataclass(frozen=True)
class DemoSite:
    name: str
    organisation: str
    region: str
    start_mean: float
    yearly_gain: float


SITES = (
    DemoSite("Riverside CMHT IPS", "Riverside NHS Foundation Trust", "North", 3.0, 0.45),
    DemoSite("Northgate Early Intervention", "Northgate Mental Health Partnership", "North",
             3.6, 0.3),
    DemoSite("Hillview Recovery Team", "Hillview Community Health", "South", 2.6, 0.35),
)
VISITS = (date(2023, 11, 14), date(2024, 5, 21), date(2024, 11, 26), date(2025, 11, 18),
          date(2026, 11, 10))
RATERS = (("Amira Khan", "Ben Walsh"), ("Claire Dunn", "Amira Khan"), ("Ben Walsh", "Dev Patel"))

EVIDENCE = {
    1: "MIS caseload list checked on the day; {value} active clients per FTE ES.",
    2: "Job plans and diaries for 3 ES: about {value}% of time on employment work.",
    15: "Sampled 10 recent starters: mean {value} days to first employer meeting.",
    17: "Employer contact log, last 4 weeks: {value} face-to-face contacts per ES per week.",
    24: "Diaries for 2 weeks: {value}% of scheduled hours out in the community.",
}
GENERIC = (
    "Interviewed ES and supervisor; consistent with records reviewed.",
    "Observed the team meeting; employment discussed for several clients.",
    "Chart review of 8 clients supports this score.",
    "Leaders described the approach clearly; minutes of the steering group seen.",
)
ACTIONS = (
    ("Agree a caseload cap with commissioners and recruit a further ES.", "Service manager"),
    ("Start weekly group supervision using client-based case review.", "IPS team leader"),
    ("Book benefits-planning training for all ES; offer every client a session.", "IPS lead"),
    ("Set a target of 6 face-to-face employer contacts per ES per week and track it.",
     "IPS team leader"),
    ("Add employment questions to the trust's intake assessment form.", "Clinical lead"),
)


def seed_demo(service: FidelityService, scale_id: str = "ips-25",
              today: date | None = None) -> list[int]:
    """Add the demo sites and their reviews; returns the review ids created."""
    rng = random.Random(25)
    today = today or date.today()
    review_ids = []
    scale = service.registry.get(scale_id)
    for site_index, site in enumerate(SITES):
        service.add_site(site.name, site.organisation, site.region)
        strengths = {item.id: rng.uniform(-0.9, 0.9) for item in scale.items}
        visits = VISITS if site_index != 2 else VISITS[1:]
        for visit_index, visit in enumerate(visits):
            years = (visit - VISITS[0]).days / 365.0
            mean = site.start_mean + site.yearly_gain * years
            review_type = "self-assessment" if visit_index == 1 and site_index == 0 else (
                "external" if visit_index == 0 else "follow-up")
            raters = RATERS[site_index] if review_type != "self-assessment" else ("Team lead",)
            review = service.start_review(site.name, scale_id, visit, review_type, raters)
            review_ids.append(review.id)
            last = visit_index == len(visits) - 1
            _score_review(service, scale, review.id, raters, mean, strengths, rng,
                          finish=not (last and site_index == 0))
            if not (last and site_index == 0):
                # Plans of the two newest reviews stay open: they are carried forward to
                # the next review, and the older ones are overdue by now.
                _add_actions(service, review.id, visit, today, rng,
                             done=visit_index < len(visits) - 2)
    return review_ids


def _true_score(scale: ScaleDefinition, mean: float, strength: float,
                rng: random.Random) -> int:
    low, high = scale.score_range.min, scale.score_range.max
    return max(low, min(high, round(mean + strength + rng.uniform(-0.5, 0.5))))


def _score_review(service: FidelityService, scale: ScaleDefinition, review_id: int,
                  raters: tuple[str, ...], mean: float, strengths: dict[str, float],
                  rng: random.Random, finish: bool) -> None:
    low, high = scale.score_range.min, scale.score_range.max
    for position, item in enumerate(scale.items):
        truth = _true_score(scale, mean, strengths[item.id], rng)
        for rater in raters:
            # The site's newest review is mid-visit: the second rater is still scoring.
            if not finish and rater == raters[-1] and position >= 15:
                break
            noise = rng.choices((0, 1, -1, 2), weights=(70, 13, 13, 4))[0]
            given = max(low, min(high, truth + noise))
            fields = _figures(item, truth, rng)
            service.update_rating(review_id, item.id, rater, score=given,
                                  evidence=_evidence(item, fields, rng),
                                  data_sources=list(item.data_sources[:2]), **fields)
    if finish:
        service.accept_agreed(review_id)
        detail = service.review_detail(review_id)
        for rating in detail.consensus:
            if rating.score is None:
                scores = [rows[rating.item_number - 1].score
                          for rows in detail.by_rater.values()]
                agreed = round(sum(s for s in scores if s is not None) / len(scores))
                service.reconcile(review_id, rating.item_id, agreed,
                                  "Agreed after discussing the records and interviews.")
        service.finalize(review_id)


def _figures(item: Item, score: int, rng: random.Random) -> dict[str, Any]:
    metric = item.metric
    if metric is None:
        return {}
    band = next((b for b in metric.bands if b.score == score), None)
    if band is None:
        return {}
    if metric.source == "elements":
        low = int(band.min or 0)
        high = int(band.max if band.max is not None else len(item.elements))
        count = rng.randint(low, min(high, len(item.elements)))
        return {"elements": rng.sample(range(len(item.elements)), count)}
    low_v = band.min if band.min is not None else max(metric.lowest or 0.0, (band.max or 0) - 8)
    high_v = band.max if band.max is not None else low_v + 8
    if metric.highest is not None:
        high_v = min(high_v, metric.highest)
    return {"metric_value": float(rng.randint(int(low_v), int(high_v)))}


def _evidence(item: Item, fields: dict[str, Any], rng: random.Random) -> str:
    value = fields.get("metric_value")
    if item.number in EVIDENCE and value is not None:
        return EVIDENCE[item.number].format(value=int(float(str(value))))
    return rng.choice(GENERIC)


def _add_actions(service: FidelityService, review_id: int, visit: date, today: date,
                 rng: random.Random, done: bool) -> None:
    detail = service.review_detail(review_id)
    weakest = sorted((r for r in detail.consensus if r.score is not None),
                     key=lambda r: (r.score or 0, r.item_number))[:2]
    for rating in weakest:
        what, owner = rng.choice(ACTIONS)
        action = service.add_action(review_id, what, owner=owner,
                                    due_date=visit + timedelta(days=rng.choice((60, 90, 150))),
                                    item_id=rating.item_id)
        if done:
            service.update_action(action.id, status="done",
                                  note="Completed; evidence seen at the follow-up visit.")
        elif action.due_date and action.due_date < today:
            service.update_action(action.id, status="in progress",
                                  note="Started; waiting for the recruitment panel.")
