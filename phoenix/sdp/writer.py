"""Write a ``SCIENCE.SPECTRUM`` product: compute, assemble, checksum, self-check, then publish atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import numpy as np
from astropy.io import fits
from astropy.io.fits.verify import VerifyError

from phoenix.errors import ValidationError
from phoenix.sdp.cards import Card, build_cards, to_fits_card
from phoenix.sdp.inputs import resolve
from phoenix.sdp.measure import median_snr, spectral_coverage
from phoenix.sdp.product import SpectrumProduct
from phoenix.sdp.table import spectrum_hdu
from phoenix.sdp.validator import validate_product


def write_spectrum_product(product: SpectrumProduct, path: os.PathLike[str] | str) -> Path:
    """Write ``product`` as an ESO Phase 3 ``SCIENCE.SPECTRUM`` FITS file at ``path``.

    The file is written under a temporary name in the same directory, checked with
    :func:`validate_product` and only then renamed to ``path`` (replacing any older file), so
    ``path`` never holds a partial or non-compliant product.

    :return: ``path`` as a :class:`~pathlib.Path`.
    :raises ValidationError: when the product's inputs or the written file break the standard or
        the card policy; the message lists every problem with its keyword.
    """
    target = Path(path)
    inputs = resolve(product, target)
    try:
        coverage = spectral_coverage(product.spectrum.wave_nm)
        snr = median_snr(product.spectrum.flux, product.spectrum.error)
    except ValueError as exc:
        raise ValidationError(str(target), [f"{product.spectrum.source_file}: {exc}"]) from exc
    cards = build_cards(product, inputs, coverage, snr)
    primary = fits.PrimaryHDU(header=_header(cards.primary, target))
    try:
        table = spectrum_hdu(product.spectrum, product.flux_calibrated, coverage, cards.extension)
    except ValueError as exc:
        raise ValidationError(str(target), [f"spectrum extension: {exc}"]) from exc
    _publish(fits.HDUList([primary, table]), target)
    return target


def _header(cards: tuple[Card, ...], target: Path) -> fits.Header:
    header = fits.Header()
    problems = []
    for key, value, comment in cards:
        if isinstance(value, np.generic):
            value = value.item()
        try:
            header.append(to_fits_card(key, value, comment), end=True)
        except (ValueError, TypeError) as exc:
            problems.append(f"{key}: value {value!r} cannot be written to FITS ({exc})")
    if problems:
        raise ValidationError(str(target), problems)
    return header


def _publish(hdus: fits.HDUList, target: Path) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            try:
                hdus.writeto(stream, checksum=True, output_verify="exception")
            except VerifyError as exc:
                raise ValidationError(str(target), [f"FITS verification: {exc}"]) from exc
            stream.flush()
            os.fsync(stream.fileno())
        problems = validate_product(temporary)
        if problems:
            raise ValidationError(str(target), [str(problem) for problem in problems])
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
