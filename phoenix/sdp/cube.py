"""Write a ``SCIENCE.CUBE.IFS`` product and its ``ANCILLARY.IMAGE.WHITELIGHT`` (ESO-044286 v6).

Layout, as ESO's MUSE IDPs: a primary HDU without data holding the Table 7 ``M`` keywords, a
``DATA`` extension (the cube, 3-D WCS, BUNIT, ``HDUCLASS``/``HDUCLAS1-2``/``HDUDOC``/``HDUVERS``,
ERRDATA → STAT) and a ``STAT`` extension (the variance: ``HDUCLAS2 = 'ERROR'``, ``HDUCLAS3 =
'MSE'``, SCIDATA → DATA). The white-light image is a separate file on the same spatial grid,
associated through ASSOC1/ASSON1 (note 30: a cube is always associated with one). SKY_RES,
PIXNOISE and ABMAGLIM are measured (:mod:`.cubemeasure`); a plugin's SKY_RES is used only when no
point source is bright enough to measure it. Both files are validated before they are renamed
into place (:mod:`.cubevalidate`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits

from phoenix.errors import ValidationError
from phoenix.sdp import keywords as kw
from phoenix.sdp.cards import COMMENTS, to_fits_card
from phoenix.sdp.cubemeasure import CubeMeasures, ab_mag_limit, measure_cube, white_light
from phoenix.sdp.writer import _publish as _publish_checked
from phoenix.types import Cube, frozen_mapping

PRODCATG_CUBE = "SCIENCE.CUBE.IFS"
PRODCATG_WHITELIGHT = "ANCILLARY.IMAGE.WHITELIGHT"
HDUCLASS, HDUDOC, HDUVERS = "ESO", "DICD", "DICD version 6"
DATA, STAT = "DATA", "STAT"
# cards the plugin must give (besides what the engine computes)
PLUGIN_REQUIRED = ("OBSTECH", "PROCSOFT", "SPECSYS", "SPEC_RES")


@dataclass(frozen=True)
class CubeProduct:
    """Everything needed to write one cube product.

    :param cube: the cube (flux and variance, WCS, spectral axis in nm).
    :param raw_headers: primary headers of the raw exposures combined, in time order.
    :param provenance: ARCFILE names of those exposures (PROV1..n, NCOMBINE).
    :param instrument_cards: the plugin's cards (OBSTECH, PROCSOFT, SPECSYS, SPEC_RES; SKY_RES and
        SKY_RERR as a fallback when no source can be measured), a value or ``(value, comment)``.
    :param whitelight_name: file name of the associated white-light image (ASSON1).
    :param extra_primary: further primary cards (e.g. release date, OB grade).
    """

    cube: Cube
    raw_headers: tuple[Mapping[str, Any], ...]
    provenance: tuple[str, ...]
    instrument_cards: Mapping[str, Any]
    whitelight_name: str
    flux_calibrated: bool = True
    extra_primary: Mapping[str, Any] = field(default_factory=frozen_mapping)

    def __post_init__(self) -> None:
        if not self.raw_headers or not self.provenance:
            raise ValueError("a cube product needs its raw headers and provenance")
        object.__setattr__(self, "instrument_cards", frozen_mapping(self.instrument_cards))
        object.__setattr__(self, "extra_primary", frozen_mapping(self.extra_primary))


def _value(card: Any) -> Any:
    return card[0] if isinstance(card, tuple) else card


def _sky_res(product: CubeProduct, m: CubeMeasures, problems: list[str]) -> tuple[float, float]:
    if m.source is not None:
        fwhm = m.source.fwhm_px * m.spaxel_arcsec
        return round(fwhm, 3), round(max(m.source.fwhm_err_px * m.spaxel_arcsec, 0.01 * fwhm), 3)
    cards = product.instrument_cards
    if "SKY_RES" not in cards:
        problems.append("SKY_RES: no point source to measure and the plugin gives none")
        return 0.0, 0.0
    return float(_value(cards["SKY_RES"])), float(_value(cards.get("SKY_RERR", 0.0)))


def _observation(product: CubeProduct, m: CubeMeasures) -> list[tuple[str, Any]]:
    headers = product.raw_headers
    first, last = headers[0], headers[-1]
    exptime = float(sum(float(h.get("EXPTIME", 0.0)) for h in headers))
    wcs = product.cube.celestial_wcs
    ny, nx = np.asarray(product.cube.data).shape[1:]
    ra, dec = _centre(wcs, nx, ny)
    obids = sorted({int(h[kw.RAW_OBS_ID]) for h in headers if kw.RAW_OBS_ID in h})
    progs = sorted({str(h[kw.RAW_OBS_PROG_ID]) for h in headers if kw.RAW_OBS_PROG_ID in h})
    cards: list[tuple[str, Any]] = [
        (kw.PRODCATG, PRODCATG_CUBE),
        (kw.ORIGIN, "ESO"),
        (kw.TELESCOP, str(first.get("TELESCOP", ""))),
        (kw.INSTRUME, str(first.get("INSTRUME", ""))),
        (kw.OBJECT, str(product.cube.metadata.get("OBJECT", first.get("OBJECT", "")))),
        (kw.RA, ra),
        (kw.DEC, dec),
        (kw.EQUINOX, 2000.0),
        (kw.RADESYS, str(wcs.get("RADESYS", "FK5"))),
        (kw.DATE_OBS, str(first.get("DATE-OBS", ""))),
        (kw.MJD_OBS, float(first["MJD-OBS"])),
        (kw.MJD_END, float(last["MJD-OBS"]) + float(last.get("EXPTIME", 0.0)) / 86400.0),
        (kw.EXPTIME, exptime),
        (kw.TEXPTIME, exptime),
        (kw.PROG_ID, progs[0] if len(progs) == 1 else "MULTI"),
    ]
    cards += [(f"OBID{i}", obid) for i, obid in enumerate(obids, 1)]
    if len(progs) > 1:
        cards += [(f"PROGID{i}", prog) for i, prog in enumerate(progs, 1)]
    cards += [(kw.NCOMBINE, len(product.provenance))]
    cards += [(f"PROV{i}", name) for i, name in enumerate(product.provenance, 1)]
    return cards


def _centre(wcs: Mapping[str, Any], nx: int, ny: int) -> tuple[float, float]:
    from astropy.wcs import WCS

    header = fits.Header()
    for key, value in wcs.items():
        header[key] = value
    world = WCS(header, naxis=2).all_pix2world([[(nx - 1) / 2.0, (ny - 1) / 2.0]], 0)[0]
    return round(float(world[0]), 7), round(float(world[1]), 7)


def cube_cards(product: CubeProduct, m: CubeMeasures, problems: list[str]) -> list[tuple[str, Any]]:
    """The primary cards of the cube product, computed values first, then the plugin's."""
    plugin = product.instrument_cards
    missing = [key for key in PLUGIN_REQUIRED if key not in plugin]
    if missing:
        problems.append(f"the plugin gives no {', '.join(missing)} (needed for {PRODCATG_CUBE})")
    sky_res, sky_rerr = _sky_res(product, m, problems)
    centre_nm = (m.wavelmin_nm + m.wavelmax_nm) / 2.0
    abmaglim = (
        ab_mag_limit(m.noise_whitelight, sky_res, m.spaxel_arcsec, product.cube.flux_unit, centre_nm)
        if sky_res > 0 and m.noise_whitelight > 0
        else float("nan")
    )
    cards = _observation(product, m)
    cards += [(key, _value(plugin[key])) for key in ("OBSTECH", "PROCSOFT") if key in plugin]
    cards += [
        (kw.FLUXCAL, "ABSOLUTE" if product.flux_calibrated else "UNCALIBRATED"),
        (kw.REFERENC, ""),
        (kw.BUNIT, product.cube.flux_unit),
        (kw.WAVELMIN, round(m.wavelmin_nm, 4)),
        (kw.WAVELMAX, round(m.wavelmax_nm, 4)),
    ]
    cards += [(key, _value(plugin[key])) for key in ("SPECSYS", "SPEC_RES") if key in plugin]
    cards += [
        ("SKY_RES", sky_res),
        ("SKY_RERR", sky_rerr),
        ("PIXNOISE", float(f"{m.pixnoise:.5g}")),
        ("ABMAGLIM", round(abmaglim, 3)),
        ("ASSOC1", PRODCATG_WHITELIGHT),
        ("ASSON1", product.whitelight_name),
    ]
    written = {key for key, _ in cards} | {"SKY_RES", "SKY_RERR"}
    cards += [(key, _value(value)) for key, value in plugin.items() if key not in written]
    cards += [(key, _value(value)) for key, value in product.extra_primary.items() if key not in written]
    return cards


def _header(cards: list[tuple[str, Any]], target: Path) -> fits.Header:
    header = fits.Header()
    problems = []
    for key, value in cards:
        value = value.item() if isinstance(value, np.generic) else value
        name = f"HIERARCH {key}" if (len(key) > 8 or " " in key) else key
        try:
            header.append(to_fits_card(name, value, COMMENTS.get(key, "")), end=True)
        except (ValueError, TypeError) as exc:
            problems.append(f"{key}: value {value!r} cannot be written to FITS ({exc})")
    if problems:
        raise ValidationError(str(target), problems)
    return header


def _spatial(cube: Cube) -> fits.Header:
    header = fits.Header()
    for key, value in cube.celestial_wcs.items():
        header[key] = value
    return header


def _extension(array: np.ndarray, cube: Cube, name: str, unit: str, links: dict[str, str]) -> fits.ImageHDU:
    header = _spatial(cube)
    header["CTYPE3"], header["CUNIT3"] = "AWAV", "nm"
    header["CRPIX3"], header["CRVAL3"], header["CD3_3"] = 1.0, float(cube.wave0_nm), float(cube.dwave_nm)
    header["CD1_3"] = header["CD2_3"] = header["CD3_1"] = header["CD3_2"] = 0.0
    header["BUNIT"] = unit
    header["HDUCLASS"], header["HDUDOC"], header["HDUVERS"] = HDUCLASS, HDUDOC, HDUVERS
    header["HDUCLAS1"] = "IMAGE"
    for key, value in links.items():
        header[key] = value
    return fits.ImageHDU(np.asarray(array, dtype=np.float32), header, name=name)


def write_cube_product(product: CubeProduct, path: Path, whitelight_path: Path) -> tuple[Path, Path]:
    """Write the white-light image, then the cube product; both validated before publication.

    :return: (cube path, white-light path).
    :raises ValidationError: with every problem found.
    """
    cube = product.cube
    measures = measure_cube(cube)
    problems: list[str] = []
    cards = cube_cards(product, measures, problems)
    if problems:
        raise ValidationError(str(path), problems)
    image, _ = white_light(cube)
    primary_keys = {k: v for k, v in cards}
    light_primary = [
        (kw.PRODCATG, PRODCATG_WHITELIGHT),
        *((k, primary_keys[k]) for k in (kw.ORIGIN, kw.TELESCOP, kw.INSTRUME, kw.OBJECT, kw.RA, kw.DEC)),
        (kw.MJD_OBS, primary_keys[kw.MJD_OBS]),
    ]
    light_ext = _spatial(cube)
    light_ext["BUNIT"] = cube.flux_unit
    light = fits.HDUList(
        [
            fits.PrimaryHDU(header=_header(light_primary, whitelight_path)),
            fits.ImageHDU(image.astype(np.float32), light_ext, name=DATA),
        ]
    )
    _publish_checked(light, whitelight_path)
    data = _extension(cube.data, cube, DATA, cube.flux_unit, {"HDUCLAS2": "DATA", "ERRDATA": STAT})
    stat = _extension(
        cube.stat,
        cube,
        STAT,
        f"({cube.flux_unit})**2",
        {"HDUCLAS2": "ERROR", "HDUCLAS3": "MSE", "SCIDATA": DATA},
    )
    hdus = fits.HDUList([fits.PrimaryHDU(header=_header(cards, path)), data, stat])
    _publish_checked(hdus, path)
    return path, whitelight_path
