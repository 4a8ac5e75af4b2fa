"""Sites: the IPS services (teams) that are reviewed."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import col, select

from fidelity.errors import InvalidInputError
from fidelity.service.base import ServiceBase
from fidelity.service.views import SiteView
from fidelity.store.models import Review, Site


class SiteService(ServiceBase):
    def add_site(self, name: str, organisation: str = "", region: str = "") -> SiteView:
        """Create a site; names are unique."""
        name = name.strip()
        if not name:
            raise InvalidInputError("site name is empty. Please give the team's name.")
        with self.store.session() as session:
            if session.exec(select(Site).where(Site.name == name)).first() is not None:
                raise InvalidInputError(f"site '{name}' already exists. Please use another "
                                        "name or the existing site.")
            site = Site(name=name, organisation=organisation.strip(), region=region.strip())
            session.add(site)
            session.flush()
            self._audit(session, review_id=None, entity="site", entity_id=site.id,
                        field="created", old=None, new=name)
            return SiteView(id=site.id or 0, name=site.name, organisation=site.organisation,
                            region=site.region)

    def list_sites(self, region: str | None = None) -> list[SiteView]:
        with self.store.session() as session:
            stats = (select(col(Review.site_id), func.count(col(Review.id)).label("n"),
                            func.max(col(Review.visit_date)).label("latest"))
                     .group_by(col(Review.site_id)).subquery())
            query = (select(Site, stats.c.n, stats.c.latest)
                     .join(stats, stats.c.site_id == Site.id, isouter=True)
                     .order_by(Site.name))
            if region:
                query = query.where(Site.region == region)
            return [SiteView(id=site.id or 0, name=site.name, organisation=site.organisation,
                             region=site.region, reviews=n or 0, latest_review_date=latest)
                    for site, n, latest in session.exec(query).all()]

    def get_site(self, site: str | int) -> SiteView:
        with self.store.session() as session:
            found = self._site(session, site)
            return SiteView(id=found.id or 0, name=found.name, organisation=found.organisation,
                            region=found.region)
