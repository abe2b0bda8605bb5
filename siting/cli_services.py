"""Command line for services: ``python -m siting services`` and ``register-template``.

``services`` lists every service the figures will use (and the candidates they
will not), with source, matched tags, whether it counts and why, and review
flags; thin categories are warned about on stderr. ``register-template``
writes the municipality's register template (CSV or Excel).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .text import t

if TYPE_CHECKING:
    import geopandas as gpd

    from .analysis import Study
    from .config import Config
    from .thin import ThinCategory
    from .transit import Timetable

__all__ = ["add_parsers", "run_register_template", "run_services", "say_quality", "warn_thin"]

log = logging.getLogger("siting")


def add_parsers(sub: Any) -> None:
    """Add the ``services`` and ``register-template`` subcommands to ``sub``."""
    svc = sub.add_parser("services", help="list the services the figures use, with sources "
                         "and review flags; warn about thin categories")
    area = svc.add_mutually_exclusive_group()
    area.add_argument("--osm", type=Path, help="local OSM extract (.osm.pbf, .osm, .osm.bz2)")
    area.add_argument("--place", help='download an area by name, e.g. "Melhus kommune, Norway"')
    area.add_argument("--demo", action="store_true", help="use the built-in demo town")
    svc.add_argument("--out", type=Path, required=True, help="service list: .csv, .gpkg, .xlsx")
    svc.add_argument("--services", type=Path, help="the municipality's own service register")
    svc.add_argument("--gtfs", type=Path, help="GTFS timetable (zip): departures per bus stop")
    svc.add_argument("--config", type=Path, help="settings with [services] exclude/include")
    svc.add_argument("--plots", type=Path,
                     help="candidate plots: also warn where the nearest service is too far")
    svc.add_argument("--profile", choices=["recovery", "active-use"],
                     help="built-in resident profile (default: recovery)")
    svc.add_argument("--crs", help="CRS of x/y coordinates in a CSV, e.g. EPSG:25832")
    svc.add_argument("--lang", choices=["nb", "en"], help="language of the reasons")
    svc.add_argument("--no-cache", action="store_true", help="ignore the network cache")
    svc.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    tpl = sub.add_parser("register-template",
                         help="write the service register template (CSV or Excel)")
    tpl.add_argument("--out", type=Path, required=True, help="template file: .csv or .xlsx")
    tpl.add_argument("--lang", choices=["nb", "en"], help="language of messages")
    tpl.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")


def warn_thin(thin: list[ThinCategory], config: Config) -> None:
    """Log one warning per thin category, in the config's language."""
    from .pipeline import categories_for
    from .thin import thin_text

    cats = categories_for(config)
    for item in thin:
        cat = cats.get(item.category)
        label = cat.label(config.lang) if cat else item.category
        log.warning("%s: %s", t("cli.warning", config.lang), thin_text(item, config.lang, label))


def warn_outside(review: gpd.GeoDataFrame | None, lang: str) -> None:
    """Log one warning per service of the register or the map left out because it lies
    outside the area the data cover (:func:`siting.review.outside_area`)."""
    if review is None or "why_code" not in review:
        return
    for row in review[review["why_code"] == "outside_area"].itertuples():
        log.warning("%s: %s (%s): %s", t("cli.warning", lang), row.name, row.ref, row.why)


def _summary(review: gpd.GeoDataFrame, config: Config) -> None:
    from .pipeline import categories_for
    from .review import counts

    cats = categories_for(config)
    for key, row in counts(review).iterrows():
        label = cats[str(key)].label(config.lang) if str(key) in cats else str(key)
        log.info(t("cli.svc.summary", config.lang, label=label,
                   **{k: int(v) for k, v in row.to_dict().items()}))


def say_quality(review: gpd.GeoDataFrame | None, config: Config) -> None:
    """Log how the GTFS stops were matched (nothing without a timetable)."""
    from .transit_match import match_quality, quality_text

    quality = None if review is None else match_quality(review)
    if quality is not None:
        text = quality_text(quality, config.lang)
        if quality.none > quality.nsr + quality.distance:
            log.warning("%s: %s", t("cli.warning", config.lang), text)
        else:
            log.info("%s", text)


def run_services(args: argparse.Namespace, config: Config, study: Study,
                 register: gpd.GeoDataFrame | None, plots: gpd.GeoDataFrame | None,
                 timetable: Timetable | None = None) -> None:
    """``services``: write the review to ``--out``; warn about thin categories."""
    from .analysis import accessibility
    from .pipeline import review_as_used, review_for, thin_for, walk_categories, with_stations
    from .review import in_force
    from .review_io import write_review

    review = review_for(study, config, register, timetable=timetable)
    say_quality(review, config)
    # the police stations drive times count from, as rank chooses them
    services = with_stations(in_force(review), config, study.osm)
    review = review_as_used(review, services, config.lang)
    warn_outside(review, config.lang)
    table = None
    if plots is not None:
        cats = [*walk_categories(config, services), "police"]
        table = accessibility(study, plots, services, cats,
                              max_snap_m=config.snap_limit_m()).table
    _summary(review, config)
    warn_thin(thin_for(study, services, config, table), config)
    write_review(review, args.out, config.lang)
    log.info(t("cli.svc.wrote", config.lang, n=len(review), path=str(args.out)))


def run_register_template(args: argparse.Namespace) -> None:
    """``register-template``: write the register template to ``--out``."""
    from ._atomic import write_bytes
    from .register import template_bytes

    write_bytes(args.out, template_bytes(args.out, args.lang or "nb"))
    log.info("%s", args.out)
