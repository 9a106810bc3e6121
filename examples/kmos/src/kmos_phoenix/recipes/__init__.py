"""The KMOS recipes, in Python: what the chains name as ``kmos_phoenix.recipes:<function>``.

Each takes PHOENIX's python-runner arguments (the SOF entries, a work directory, the step's
parameters) and writes FITS products with ``ESO PRO CATG`` into the work directory. They follow
the kmos pipeline's cascade and products, simplified to what the simulated data need.
"""

from kmos_phoenix.recipes.dark import kmos_dark
from kmos_phoenix.recipes.extract import kmos_extract_spec
from kmos_phoenix.recipes.flat import kmos_flat
from kmos_phoenix.recipes.science import kmos_sci_red
from kmos_phoenix.recipes.wave import kmos_wave_cal

__all__ = ["kmos_dark", "kmos_extract_spec", "kmos_flat", "kmos_sci_red", "kmos_wave_cal"]
