"""A small UVES night rendered without esorex: reduced chips and an analytic echelle format."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from instruments.uves.simulator import SimulationOptions, write_night
from instruments.uves.simulator.echelle import EchelleFormat, PredictedLines
from instruments.uves.simulator.setups import SETUPS, ArmSetup
from phoenix import NightSimulation

NIGHT = "2016-05-03"
SMALL_NX, SMALL_NY, SMALL_SCAN = 200, 320, 25
# per chip: the absolute orders of the analytic format
ANALYTIC_ORDERS = {"BLUE": range(118, 124), "REDU": range(92, 98), "REDL": range(110, 116)}
BLAZE_CONSTANT_A = 466500.0  # m * lambda at the centre of every order [Angstrom]
DISPERSION_SLOPE = 7.0e-6  # relative wavelength change per pixel


def small_setups() -> dict[str, ArmSetup]:
    """The real setups with 200 x 320 px chips, 25 px pre/overscan and a 16 px slit."""
    out = {}
    for name, arm in SETUPS.items():
        chips = tuple(
            dataclasses.replace(c, nx=SMALL_NX, ny=SMALL_NY, prscx=SMALL_SCAN, ovscx=SMALL_SCAN)
            for c in arm.chips
        )
        out[name] = dataclasses.replace(arm, chips=chips, pixscale=0.5)
    return out


def analytic_lines(chip: str, rows: int, columns: int) -> PredictedLines:
    """A smooth echelle format: straight-ish traces 30 px apart, m * lambda linear in x."""
    xs, ys, orders, waves = [], [], [], []
    for k, m in enumerate(ANALYTIC_ORDERS[chip]):
        x = np.arange(6.0, columns - 5.0, 9.0)
        xs.append(x)
        ys.append(25.0 + 30.0 * k + 2.0e-5 * (x - columns / 2) ** 2)
        orders.append(np.full(x.size, m))
        waves.append(BLAZE_CONSTANT_A / m * (1.0 + DISPERSION_SLOPE * (x - columns / 2)))
    return PredictedLines(
        chip, np.concatenate(xs), np.concatenate(ys), np.concatenate(orders), np.concatenate(waves)
    )


def analytic_formats(arm: ArmSetup, line_table: Path, cache: Path) -> Mapping[str, EchelleFormat]:
    """A format source for :func:`write_night` that needs no esorex."""
    assert line_table.exists()
    formats = {}
    for chip in arm.chips:
        rows, columns = chip.rotated_shape
        formats[chip.name] = EchelleFormat.from_prediction(
            analytic_lines(chip.name, rows, columns), rows, columns
        )
    return formats


def small_night(destination: Path, **options: object) -> NightSimulation:
    """A small two-arm night (or as ``options`` say) without esorex."""
    return write_night(
        NIGHT,
        destination,
        SimulationOptions(**options),  # type: ignore[arg-type]
        setups=small_setups(),
        format_source=analytic_formats,
    )
