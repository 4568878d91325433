"""SCORTEN, exactly as derived by Bastuji-Garin et al. 2000.

Bastuji-Garin S, Fouchard N, Bertocchi M, Roujeau JC, Revuz J, Wolkenstein P.
SCORTEN: a severity-of-illness score for toxic epidermal necrolysis.
J Invest Dermatol 2000;115(2):149-53. doi:10.1046/j.1523-1747.2000.00061.x, PMID 10951229.

Seven risk factors, one point each, within 24 h of admission; the abstract's wording
is strict ("above", "below"), so a value exactly on a cut-off earns no point, with a
warning (for age, heart rate, detachment and glucose it adds that some published
calculators count it: MSD Manual's ≥ 40 y, ≥ 120/min, ≥ 10 % and glucose > 250 mg/dL).
Day-3 rescoring with the same formula: Guégan S et al. J Invest Dermatol
2006;126(2):272-6, doi:10.1038/sj.jid.5700068.
"""

from __future__ import annotations

import math

from knowledge.i18n import Text
from scoring import units
from scoring.criteria import Criterion, Logistic, ObservedBand, PointsScore, max_points

REFERENCE = (
    "Bastuji-Garin S et al. SCORTEN: a severity-of-illness score for toxic epidermal "
    "necrolysis. J Invest Dermatol 2000;115(2):149-53. doi:10.1046/j.1523-1747.2000.00061.x, "
    "PMID 10951229"
)
DAY3_REFERENCE = (
    "Guégan S et al. Performance of the SCORTEN during the first five days of "
    "hospitalization. J Invest Dermatol 2006;126(2):272-6. doi:10.1038/sj.jid.5700068, "
    "PMID 16374461"
)
# Naming, as in every rule module: REFERENCE is the rule's primary source (one text);
# REFERENCES all the sources the module's rules cite, the primary first.
REFERENCES: tuple[str, ...] = (REFERENCE, DAY3_REFERENCE)
_ABSTRACT = Text("engine.scorten.source")

AGE_GT_YEARS = 40.0  # "age above 40 years"
HEART_RATE_GT_BPM = 120.0  # "heart rate above 120 per minute"
BSA_DETACHED_GT_PCT = 10.0  # "initial percentage of epidermal detachment above 10%"
UREA_GT_MMOL_L = 10.0  # "serum urea above 10 mmol per liter"
GLUCOSE_GT_MMOL_L = 14.0  # "serum glucose above 14 mmol per liter"
BICARBONATE_LT_MMOL_L = 20.0  # "bicarbonate below 20 mmol per liter"

LOGIT_INTERCEPT = -4.448  # Bastuji-Garin 2000: logit = -4.448 + 1.237 x SCORTEN
LOGIT_SLOPE = 1.237

# A value exactly on a cut-off earns no point here (the abstract's "above", "below"):
# engine.yaml words it, for a rule that needs a value above it and one below it.
_ON_CUTOFF_ABOVE = Text("engine.scorten.on_cutoff_above")
# Urea and bicarbonate: no calculator found counts the cut-off itself (MDCalc: urea <= 10,
# bicarbonate >= 20 score 0), so their note makes no claim about other calculators.
_ON_CUTOFF_ABOVE_ORIGINAL = Text("engine.scorten.on_cutoff_above_original")
_ON_CUTOFF_BELOW_ORIGINAL = Text("engine.scorten.on_cutoff_below_original")

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        key="age_years",
        label_text=Text("engine.criterion.age"),
        comparison="gt",
        points=1,
        cutoff=AGE_GT_YEARS,
        unit="years",
        source=_ABSTRACT,
        on_cutoff_note_text=_ON_CUTOFF_ABOVE,
    ),
    Criterion(
        key="heart_rate_bpm",
        label_text=Text("engine.criterion.heart_rate"),
        comparison="gt",
        points=1,
        cutoff=HEART_RATE_GT_BPM,
        unit="/min",
        source=_ABSTRACT,
        on_cutoff_note_text=_ON_CUTOFF_ABOVE,
    ),
    Criterion(
        key="malignancy",
        label_text=Text("engine.criterion.malignancy"),
        comparison="true",
        points=1,
        source=_ABSTRACT,
    ),
    Criterion(
        key="bsa_detached_pct",
        label_text=Text("engine.criterion.detached_bsa"),
        comparison="gt",
        points=1,
        cutoff=BSA_DETACHED_GT_PCT,
        unit="%",
        source=_ABSTRACT,
        on_cutoff_note_text=_ON_CUTOFF_ABOVE,
    ),
    Criterion(
        key="urea_mmol_l",
        label_text=Text("engine.criterion.urea"),
        comparison="gt",
        points=1,
        cutoff=UREA_GT_MMOL_L,
        unit="mmol/L",
        alt_cutoff_text=f"BUN {units.urea_mmol_l_to_bun_mg_dl(UREA_GT_MMOL_L):.0f} mg/dL",
        source=_ABSTRACT,
        on_cutoff_note_text=_ON_CUTOFF_ABOVE_ORIGINAL,
    ),
    Criterion(
        key="bicarbonate_mmol_l",
        label_text=Text("engine.criterion.bicarbonate"),
        comparison="lt",
        points=1,
        cutoff=BICARBONATE_LT_MMOL_L,
        unit="mmol/L",
        alt_cutoff_text=Text("engine.rule.same_in_meq"),
        source=_ABSTRACT,
        on_cutoff_note_text=_ON_CUTOFF_BELOW_ORIGINAL,
    ),
    Criterion(
        key="glucose_mmol_l",
        label_text=Text("engine.criterion.glucose"),
        comparison="gt",
        points=1,
        cutoff=GLUCOSE_GT_MMOL_L,
        unit="mmol/L",
        alt_cutoff_text=f"{units.glucose_mmol_l_to_mg_dl(GLUCOSE_GT_MMOL_L):.1f} mg/dL",
        source=_ABSTRACT,
        on_cutoff_note_text=_ON_CUTOFF_ABOVE,
    ),
)
MAX_SCORE = max_points(CRITERIA)  # 7


LOGISTIC = Logistic(intercept=LOGIT_INTERCEPT, slope=LOGIT_SLOPE)


def logistic_mortality(score: int) -> float:
    """Predicted probability of death: e^logit / (1 + e^logit)."""
    return LOGISTIC.probability(score)


# One table so the batch path looks values up instead of recomputing them.
LOGISTIC_BY_SCORE: tuple[float, ...] = tuple(logistic_mortality(s) for s in range(MAX_SCORE + 1))

# Observed mortality in the derivation cohort (n = 165), Bastuji-Garin 2000: the only
# counts that reproduce both the published percentages and the 95 % CIs; many
# reproductions print "> 90 %" for >= 5: it is 9/10. The top band ">= 5" is stored as 5..7.
OBSERVED_BANDS: tuple[ObservedBand, ...] = (
    ObservedBand(0, 1, 1, 31, 0.1, 16.7),
    ObservedBand(2, 2, 8, 66, 5.4, 22.5),
    ObservedBand(3, 3, 12, 34, 19.8, 53.5),
    ObservedBand(4, 4, 14, 24, 36.6, 77.9),
    ObservedBand(5, MAX_SCORE, 9, 10, 55.5, 99.8, open_ended=True),
)

SCORTEN = PointsScore(
    key="scorten",
    name="SCORTEN",
    criteria=CRITERIA,
    references=REFERENCES,
    citation="Bastuji-Garin 2000",
    measured_text=Text("engine.scorten.measured"),
    logistic=LOGISTIC,
    observed_bands=OBSERVED_BANDS,
)


def observed_band(score: int) -> ObservedBand:
    return SCORTEN.band(score)  # type: ignore[return-value]


OBSERVED_BY_SCORE: tuple[float, ...] = SCORTEN.observed_by_score  # type: ignore[assignment]


# Calibration in later cohorts: it differs between cohorts and eras (issue 20). The figures
# as their sources state them; the note the app shows is reports.wording.CALIBRATION_NOTE.
# Micheletti 2018 abstract (PMID 29758282): "approximately 78 in-hospital deaths were
# expected (77.7/368; 21%), but the observed mortality of 54 patients"; "Most received
# pharmacologic therapy (266/376; 70.7%)".
MICHELETTI_2018 = (
    "Micheletti RG et al. J Invest Dermatol 2018;138(11):2315-21 (18 US centres, 2000-2015)"
)
MICHELETTI_2018_OBSERVED_DEATHS = 54
MICHELETTI_2018_EXPECTED_DEATHS = 77.7  # from day-1 SCORTEN
MICHELETTI_2018_PHARMACOLOGIC_THERAPY_PCT = 70.7  # 266/376 received pharmacologic therapy
# Same abstract, read in full on a PubMed copy (issue 20, 2026-12-07): "the observed mortality
# of 54 patients (54/368; 14.7%) was significantly lower (standardized mortality ratio = 0.70;
# 95% confidence interval = 0.58-0.79)". The published SMR and CI, not recomputed here.
MICHELETTI_2018_SMR = 0.70
MICHELETTI_2018_SMR_CI = (0.58, 0.79)
# Torres-Navarro 2020 abstract: "A pooled log(SMR) of -0.0889 (95% CI: -0.2023 to 0.0245)
# was obtained, suggesting a reasonable behaviour of SCORTEN as a predictor of mortality."
TORRES_NAVARRO_2020 = (
    "Torres-Navarro I et al. J Eur Acad Dermatol Venereol 2020;34(9):2066-77, "
    "doi:10.1111/jdv.16137 (64 studies)"
)
TORRES_NAVARRO_2020_POOLED_LOG_SMR = -0.0889
TORRES_NAVARRO_2020_LOG_SMR_CI = (-0.2023, 0.0245)
TORRES_NAVARRO_2020_STUDIES = 64
# Sekula 2011 (RegiSCAR, 2003-2005) abstract: "a slight underestimation of the total number
# of in-hospital deaths by 11%".
SEKULA_2011 = (
    "Sekula P et al. J Burn Care Res 2011;32(2):237-45, doi:10.1097/BCR.0b013e31820aafbc, "
    "PMID 21228709 (RegiSCAR)"
)
SEKULA_2011_UNDERESTIMATION_PCT = 11
TORRES_NAVARRO_2020_SMR = math.exp(TORRES_NAVARRO_2020_POOLED_LOG_SMR)
# The paper states the log SMR only; the SMR and its CI are our exponentiation (derived):
# exp(-0.0889) = 0.915, exp(-0.2023) = 0.817, exp(0.0245) = 1.025 (1.0248), i.e. 0.82-1.02
# at two decimals. Every place that shows them says they are derived.
TORRES_NAVARRO_2020_SMR_CI = (
    math.exp(TORRES_NAVARRO_2020_LOG_SMR_CI[0]),
    math.exp(TORRES_NAVARRO_2020_LOG_SMR_CI[1]),
)
