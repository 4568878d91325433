"""Unit conversions, each factor with its source. Convert at this one boundary only.

Urea: 1 mmol of urea carries 2 atoms of nitrogen (2 x 14.007 g/mol = 28.01 mg), so
urea nitrogen (BUN) in mg/dL = urea in mmol/L x 2.8. BUN is urea *nitrogen*: urea
reported by mass (mg/dL of urea, about 2.14 x BUN) is a different quantity and is not
an input of this engine.
Glucose: molar mass 180.16 g/mol, so mg/dL = mmol/L x 18.016.
Bicarbonate: mEq/L = mmol/L (monovalent ion).
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np

from knowledge.i18n import Text
from scoring.words import english

BUN_MG_DL_PER_UREA_MMOL_L = 2.8  # 2 N x 14.0 g/mol = 28 mg/mmol, per dL (BUN is urea nitrogen)
GLUCOSE_MG_DL_PER_MMOL_L = 18.016  # glucose 180.16 g/mol = 18.016 mg/dL per mmol/L
UREA_BY_MASS_PER_BUN = 2.14  # 60.06 / 28.01: the unit trap the UI must name

# The unit trap, named under the urea selector and on the Method page (fields.yaml).
BUN_IS_NITROGEN_NOTE_TEXT = Text("fields.pair.urea.note", {"ratio": f"{UREA_BY_MASS_PER_BUN:g}"})
BUN_IS_NITROGEN_NOTE = english(BUN_IS_NITROGEN_NOTE_TEXT)

Number = TypeVar("Number", float, np.ndarray)


def bun_mg_dl_to_urea_mmol_l(bun_mg_dl: Number) -> Number:
    return bun_mg_dl / BUN_MG_DL_PER_UREA_MMOL_L


def urea_mmol_l_to_bun_mg_dl(urea_mmol_l: Number) -> Number:
    return urea_mmol_l * BUN_MG_DL_PER_UREA_MMOL_L


def glucose_mg_dl_to_mmol_l(glucose_mg_dl: Number) -> Number:
    return glucose_mg_dl / GLUCOSE_MG_DL_PER_MMOL_L


def glucose_mmol_l_to_mg_dl(glucose_mmol_l: Number) -> Number:
    return glucose_mmol_l * GLUCOSE_MG_DL_PER_MMOL_L
