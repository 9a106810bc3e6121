"""Read the combined cube (DATACUBE_FINAL of muse_exp_combine) into a :class:`phoenix.Cube`.

The pipeline's cube has DATA and STAT extensions (flux in 1e-20 erg/s/cm²/Å, variance in its
square) with a 3-D WCS whose spectral axis is AWAV in Å; PHOENIX works in nm.
"""

from __future__ import annotations

from collections.abc import Mapping

from astropy.io import fits

from instruments.muse import categories as cat
from instruments.muse import keywords as kw
from phoenix import Cube

ANGSTROM_PER_NM = 10.0
_SPATIAL = ("CTYPE1", "CTYPE2", "CUNIT1", "CUNIT2", "CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2")
_CD = ("CD1_1", "CD1_2", "CD2_1", "CD2_2")


def read_cube(path: str) -> Cube:
    with fits.open(path, memmap=False) as hdus:
        primary, data = hdus[0].header, hdus["DATA"]
        header = data.header
        wcs = {key: header[key] for key in _SPATIAL if key in header}
        wcs |= {key: float(header.get(key, 0.0)) for key in _CD}
        wcs["RADESYS"] = str(header.get(kw.RADESYS, primary.get(kw.RADESYS, "FK5")))
        crpix3 = float(header.get("CRPIX3", 1.0))
        wave0 = (float(header[kw.CRVAL3]) + (1.0 - crpix3) * float(header[kw.CD3_3])) / ANGSTROM_PER_NM
        return Cube(
            data=data.data,
            stat=hdus["STAT"].data,
            celestial_wcs=wcs,
            wave0_nm=wave0,
            dwave_nm=float(header[kw.CD3_3]) / ANGSTROM_PER_NM,
            flux_unit=str(header.get(kw.BUNIT, "")),
            source_file=path,
            label="CUBE",
            metadata={kw.OBJECT: str(primary.get(kw.OBJECT, "")), "PIPEFILE": path},
        )


def extract_cubes(products: Mapping[str, tuple[str, ...]]) -> tuple[Cube, ...]:
    """One cube per DATACUBE_FINAL the chain wrote."""
    return tuple(read_cube(path) for path in products.get(cat.DATACUBE_FINAL, ()))
