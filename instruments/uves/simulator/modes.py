"""How a night feeds its arms: one arm alone, or both at once behind dichroic #1.

With both arms requested the night observes as UVES's dichroic mode does: one template per OB
(``UVES_dic1_obs_exp``, "Dic1 Observation") opens the blue and red shutters together, and every
frame taken through the optics of that setting - the science and its morning format checks,
order definitions, flats and arcs (``UVES_dic1_cal_*``) - carries ``INS MODE = 'DICHR#1'``, as
real dichroic frames do. ESO's rules match order tables, line tables and flats to science on
INS.MODE, so science and calibrations of one setting must agree. Biases see no optics and keep
the single-arm templates (``UVES_blue_cal_bias``) and the arm's own mode.

A night of one arm uses that arm's templates (``UVES_blue_obs_exp``) and mode (``BLUE``/``RED``).

The 437 nm + 580 nm pair is not one of ESO's standard dichroic settings (dichroic #1 is offered
with 346/390 + 564/580 nm, dichroic #2 with 346/390/437 + 760/860 nm). The simulator keeps its
two setups, labels them with dichroic #1 (the one offered with the 580 nm red setting), and does
not model the dichroic's transmission edge: each arm sees its whole range.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from instruments.uves.simulator.setups import ArmSetup

DICHROIC_1 = "DICHR#1"  # INS MODE (and INS MIRR2 NAME) of real dichroic-1 frames


@dataclass(frozen=True)
class ArmsMode:
    """The instrument mode of a night: the INS MODE and template family its frames carry.

    ``ins_mode`` and ``family`` are empty for a single-arm night, where each arm uses its own
    (``ArmSetup.mode``, the lowercase optical path).
    """

    ins_mode: str = ""
    family: str = ""
    label: str = ""  # the setting's tag in OB names, as in 'HE1341-1020_DIC1_390+564'

    @property
    def simultaneous(self) -> bool:
        """True when one template exposes every arm of the night at once."""
        return bool(self.family)

    def mode_of(self, arm: ArmSetup, *, optical: bool = True) -> str:
        """INS MODE of a frame of ``arm``; frames without light (``optical=False``) keep the arm's."""
        return self.ins_mode if self.ins_mode and optical else arm.mode

    def family_of(self, arm: ArmSetup, *, optical: bool = True) -> str:
        """The template family (``dic1``, ``blue``, ``red``) that takes a frame of ``arm``."""
        return self.family if self.family and optical else arm.path.lower()

    def ob_name(self, target: str, arms: Sequence[ArmSetup]) -> str:
        """The OB name: ``SIM1234-5678_DIC1_437+580`` or ``SIM1234-5678_BLUE437``."""
        if self.label:
            return f"{target}_{self.label}_" + "+".join(f"{a.wlen_nm:.0f}" for a in arms)
        return f"{target}_" + "+".join(f"{a.path}{a.wlen_nm:.0f}" for a in arms)


SINGLE_ARM = ArmsMode()
DICHROIC = ArmsMode(ins_mode=DICHROIC_1, family="dic1", label="DIC1")


def arms_mode(arms: Sequence[str]) -> ArmsMode:
    """Dichroic #1 when the night observes both arms, else the arm's own single-arm mode."""
    return DICHROIC if len(arms) > 1 else SINGLE_ARM
