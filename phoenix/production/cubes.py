"""Step 9 for integral-field instruments: one SCIENCE.CUBE.IFS + ANCILLARY.IMAGE.WHITELIGHT per cube.

Used by :func:`phoenix.production.publish.prepare_phase3` when the instrument implements
``phoenix_extract_cubes``, and by the deep combination (:mod:`flows.deep_cube`), which passes the
raw exposures of every OB it combined so that the product's PROVi name them all.
"""

from __future__ import annotations

from pathlib import Path

from phoenix import keywords as kw
from phoenix.db.models import Dataset, Frame
from phoenix.headers import read_primary_header
from phoenix.naming import (
    CUBE_CATEGORY,
    PREVIEW_CATEGORY,
    WHITELIGHT_CATEGORY,
    cube_name,
    preview_name,
    whitelight_name,
)
from phoenix.production.context import Context
from phoenix.report.previews import write_whitelight_preview
from phoenix.sdp.cube import CubeProduct, write_cube_product
from phoenix.sdp.cubemeasure import white_light
from phoenix.sdp.validator import check_product

EXTRACT_CUBES = "phoenix_extract_cubes"


def implements(ctx: Context, instrument: str, hook: str) -> bool:
    """True when the plugin serving ``instrument`` implements ``hook``."""
    return any(p.info.name == instrument and hook in p.hooks for p in ctx.instruments.loaded())


def write_cubes(
    ctx: Context,
    instrument: str,
    products: dict[str, tuple[str, ...]],
    exposures: list[Frame],
    out_dir: Path,
    extra: dict,
    suffix: str = "",
) -> dict[str, list[str]]:
    """Write, validate and return (by category) the cube products of ``products``.

    ``exposures`` are the raw science frames combined, in time order: their primary headers give
    the observation cards, their ARCFILEs the provenance. ``suffix`` tells products of another
    kind apart (``DEEP``: a deep cube starts with the same exposure as its first OB's cube).
    """
    cubes = ctx.instruments.call(instrument, EXTRACT_CUBES, products=products)
    headers = tuple(read_primary_header(Path(f.path)) for f in exposures)
    provenance = tuple(str(f.keys.get(kw.ARCFILE) or f.filename) for f in exposures)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, list[str]] = {CUBE_CATEGORY: [], WHITELIGHT_CATEGORY: [], PREVIEW_CATEGORY: []}
    for cube in cubes:
        cards = ctx.instruments.call(
            instrument, "phoenix_prepare_sdp_header", raw_header=headers[0], spectrum=cube
        )
        date_obs = str(headers[0].get(kw.DATE_OBS, exposures[0].filename))
        label = ".".join(part for part in (cube.label or "CUBE", suffix) if part)
        path = out_dir / cube_name(instrument, date_obs, label)
        light = path.with_name(whitelight_name(path.name))
        product = CubeProduct(
            cube=cube,
            raw_headers=headers,
            provenance=provenance,
            instrument_cards=dict(cards),
            whitelight_name=light.name,
            extra_primary=extra,
        )
        write_cube_product(product, path, light)
        check_product(path)
        check_product(light)
        preview = light.with_name(preview_name(light.name))
        image, _ = white_light(cube)
        title = f"{light.stem}   {headers[0].get(kw.OBJECT, '')}".strip()
        write_whitelight_preview(image, preview, title, cube.flux_unit)
        written[CUBE_CATEGORY].append(str(path))
        written[WHITELIGHT_CATEGORY].append(str(light))
        written[PREVIEW_CATEGORY].append(str(preview))
    return written


def science_exposures(ctx: Context, datasets: list[Dataset]) -> list[Frame]:
    """The trigger (science) frames of ``datasets``, in time order."""
    from phoenix.production.datasets import trigger_frames

    frames = [f for d in datasets for f in trigger_frames(ctx, d)]
    return sorted(frames, key=lambda f: (f.mjd_obs or 0.0, f.filename))
