"""M3, supervised learning with scikit-learn: models, baselines, validation, metrics, tuning.

One file per exercise, read top to bottom (statement, reference, cases,
variant, facts, mistakes, hints); the data they share is in :mod:`._common`,
the probes in :mod:`.probes`. Answers that are models are checked by
behaviour: the probe fits a fresh copy on training rows only and observes its
predictions for rows it never sees, and the judge, who alone holds those rows'
labels, scores them; thresholds leave a margin that the reference clears on
every case. Answers that are functions are compared with the reference on the
same inputs, with the library's tolerance.

scikit-learn and pandas are imported inside functions only.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.supervised.baseline import BASELINE, baseline_gap
from caire_exercises.exercises.supervised.complexity import COMPLEXITY, best_depth, depth_scores
from caire_exercises.exercises.supervised.confusion import CONFUSION, confusion
from caire_exercises.exercises.supervised.cross_validation import CROSS_VALIDATION, cv_scores
from caire_exercises.exercises.supervised.ensembles import ENSEMBLES, make_ensemble
from caire_exercises.exercises.supervised.first_model import FIRST_MODEL, make_model
from caire_exercises.exercises.supervised.metrics import METRICS, precision_recall_f1
from caire_exercises.exercises.supervised.regularisation import REGULARISATION, lasso_nonzero, ridge_alpha
from caire_exercises.exercises.supervised.tuning import TUNING, make_search

__all__ = ["BASELINE", "COMPLEXITY", "CONFUSION", "CROSS_VALIDATION", "ENSEMBLES", "EXERCISES",
           "FIRST_MODEL", "METRICS", "MODULE", "REGULARISATION", "TUNING", "baseline_gap", "best_depth",
           "confusion", "cv_scores", "depth_scores", "lasso_nonzero", "make_ensemble", "make_model",
           "make_search", "precision_recall_f1", "ridge_alpha"]

#: In teaching order: the confusion matrix comes before the metrics read off it.
EXERCISES = (FIRST_MODEL, BASELINE, CROSS_VALIDATION, CONFUSION, METRICS, COMPLEXITY, TUNING,
             REGULARISATION, ENSEMBLES)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="supervised", code="M3", audience=("engineering",),
    title=Text(en="Supervised learning with scikit-learn", fr="Apprentissage supervisé avec scikit-learn"),
    intro=Text(en="A first model, baselines, cross-validation, metrics, model complexity, tuning and "
                  "ensembles.",
               fr="Un premier modèle, des points de comparaison, la validation croisée, les métriques, "
                  "la complexité des modèles, le réglage des hyperparamètres et les ensembles."),
    exercises=EXERCISES,
    try_it=Text(
        en='# Try it: a model that always answers the most frequent class, against a real one.\nfrom sklearn.datasets import load_breast_cancer\nfrom sklearn.dummy import DummyClassifier\nfrom sklearn.linear_model import LogisticRegression\nfrom sklearn.model_selection import cross_val_score\nfrom sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import StandardScaler\n\nX, y = load_breast_cancer(return_X_y=True)\nfor model in (DummyClassifier(), make_pipeline(StandardScaler(), LogisticRegression())):\n    print(model, cross_val_score(model, X, y, cv=5).mean().round(3))',
        fr='# Essayez\u202f: un modèle qui répond toujours la classe la plus fréquente, face à un vrai modèle.\nfrom sklearn.datasets import load_breast_cancer\nfrom sklearn.dummy import DummyClassifier\nfrom sklearn.linear_model import LogisticRegression\nfrom sklearn.model_selection import cross_val_score\nfrom sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import StandardScaler\n\nX, y = load_breast_cancer(return_X_y=True)\nfor model in (DummyClassifier(), make_pipeline(StandardScaler(), LogisticRegression())):\n    print(model, cross_val_score(model, X, y, cv=5).mean().round(3))'),
)
