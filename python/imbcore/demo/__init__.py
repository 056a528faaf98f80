"""The built-in demo: a realistic scored validation set, the theory figures and a report.

``imbcore demo`` runs :func:`run` (in :mod:`imbcore.demo.report`). The data set
is made by :func:`make_validation_set` (in :mod:`imbcore.demo.data`),
deterministically from a seed: a logistic regression, fitted in NumPy on
synthetic rare-event data (prevalence 1.5 %), scores ``n`` fresh samples.
The model reaches a ROC-AUC of about 0.84 and an average precision of about
0.2: a realistic rare-event detector, far from perfect, whose best F1
threshold lies far below 0.5. The report also retrains that model at a few
class weights (:func:`retrain`) and sets what it measures beside what each
landing rule predicts.
"""

from __future__ import annotations

from .data import N_TRAIN, PREVALENCE, SEED, make_validation_set, retrain
from .report import (
    F1_P,
    FIGURES,
    RETRAIN_METRICS,
    THEORY_BETA,
    THEORY_P,
    DemoResult,
    report_markdown,
    retraining_table,
    run,
)

__all__ = ["make_validation_set", "retrain", "run", "report_markdown", "retraining_table",
           "DemoResult", "PREVALENCE", "SEED", "N_TRAIN", "FIGURES", "THEORY_BETA", "THEORY_P",
           "F1_P", "RETRAIN_METRICS"]
