"""ESO Phase 3 science data products (ESO-044286 v6): the ``SCIENCE.SPECTRUM`` writer and its gate.

:func:`write_spectrum_product` turns a :class:`SpectrumProduct` into a compliant FITS file;
:func:`validate_product` lists what is wrong with any such file and :func:`check_product`
raises :class:`phoenix.errors.ValidationError` for it.

Layout and decisions (see the modules for details):

* primary HDU without data + one ``SPECTRUM`` binary table with one row of array columns WAVE
  (nm, air), FLUX, ERR, QUAL (:mod:`.columns`); CHECKSUM/DATASUM on both HDUs.
* Keywords go where Table 7 puts them (:mod:`.standard`): APERTURE, TITLE, TELAPSE, TMID,
  SPEC_VAL, SPEC_BW, NELEM, VOCLASS, VOPUB in the extension; OBJECT/RA/DEC in both.
* Everything that follows from the arrays, the raw header or the provenance is computed by the
  engine; plugins may override only the values listed in :mod:`.policy`, and are told when they
  try anything else (:mod:`.inputs`).
* The writer runs the validator on the temporary file before renaming it into place, so a
  non-compliant product never appears under its final name.
"""

from phoenix.sdp.problems import Problem
from phoenix.sdp.product import SpectrumProduct
from phoenix.sdp.validator import check_product, validate_product
from phoenix.sdp.writer import write_spectrum_product

__all__ = ["Problem", "SpectrumProduct", "check_product", "validate_product", "write_spectrum_product"]
