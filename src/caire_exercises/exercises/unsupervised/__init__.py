"""M4, unsupervised learning: k-means by hand, choosing k, PCA, anomalies.

One file per exercise, read top to bottom (statement, reference, cases,
variant, mistakes, hints); the data they share is in ``_common``, and what the
checker observes of an answer in ``probes`` (which imports no reference and no
mistake). k-means is checked part by part (``assign`` and ``update``, passed
by name); the number of clusters and of components are compared with the
reference recomputed in the installed scikit-learn; the anomalies are judged
by what they find (the recall of planted outliers, which only the judge
knows), so any sound method passes.

Reference solutions import what they use inside their body: they are shown to
learners (``ex.solution()``) and must run as pasted in a notebook.
"""

from __future__ import annotations

from caire_exercises.authoring import Module, Text
from caire_exercises.exercises.unsupervised.anomalies import ANOMALIES, RECALL_FLOOR, top_anomalies
from caire_exercises.exercises.unsupervised.choose_k import CHOOSE_K, best_k
from caire_exercises.exercises.unsupervised.kmeans_step import KMEANS_STEP, assign, update
from caire_exercises.exercises.unsupervised.pca import PCA_COMPONENTS, n_components_for

EXERCISES = (KMEANS_STEP, CHOOSE_K, PCA_COMPONENTS, ANOMALIES)

#: The module, as the registry, the notebooks and the documentation read it.
MODULE = Module(
    id="unsupervised", code="M4", audience=("engineering",),
    title=Text(en="Unsupervised learning", fr="Apprentissage non supervisé"),
    intro=Text(en="Clustering, choosing the number of clusters, dimension reduction and anomalies.",
               fr="Partitionnement, choix du nombre de groupes, réduction de dimension et anomalies."),
    exercises=EXERCISES,
    try_it=Text(
        en='# Try it: three groups, found without any label.\nfrom sklearn.cluster import KMeans\nfrom sklearn.datasets import make_blobs\n\nX, _ = make_blobs(n_samples=300, centers=3, random_state=0)\nmodel = KMeans(n_clusters=3, n_init=10, random_state=0).fit(X)\nprint("centres found:\\n", model.cluster_centers_.round(1))',
        fr='# Essayez\u202f: trois groupes, trouvés sans aucune étiquette.\nfrom sklearn.cluster import KMeans\nfrom sklearn.datasets import make_blobs\n\nX, _ = make_blobs(n_samples=300, centers=3, random_state=0)\nmodel = KMeans(n_clusters=3, n_init=10, random_state=0).fit(X)\nprint("centres trouvés\u202f:\\n", model.cluster_centers_.round(1))'),
)

__all__ = ["ANOMALIES", "CHOOSE_K", "EXERCISES", "KMEANS_STEP", "MODULE", "PCA_COMPONENTS", "RECALL_FLOOR",
           "assign", "best_k", "n_components_for", "top_anomalies", "update"]
