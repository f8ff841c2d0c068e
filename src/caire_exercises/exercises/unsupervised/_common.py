"""What the exercises of M4 share: their data sets, and the curves their figures draw.

Nothing here is a reference solution or a mistake: the probes may import it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from caire_exercises.authoring.probes import one_thread

#: The module id of every exercise of M4.
MODULE_ID = "unsupervised"

#: The numbers of clusters `best_k` tries.
K_RANGE = range(2, 9)


@lru_cache(maxsize=1)
def penguin_measurements() -> np.ndarray:
    """The four measurements of the complete penguin rows, in their own units."""
    from caire_exercises.data import load

    table = load("penguins").dropna()
    return table[["bill_length_mm", "bill_depth_mm", "flipper_length_mm",
                  "body_mass_g"]].to_numpy(dtype=float)


def standardised(X: np.ndarray) -> np.ndarray:
    return (X - X.mean(axis=0)) / X.std(axis=0)


@lru_cache(maxsize=1)
def digits() -> np.ndarray:
    """The 1,797 images of handwritten digits, 64 pixels each."""
    from caire_exercises.data import load

    X, _ = load("digits", as_="numpy")
    return np.asarray(X, dtype=float)


def curves(X: np.ndarray, seed: int) -> tuple[list[float], list[float]]:
    """The silhouette and the inertia of k-means for k = 2..8 (drawn for every shown case)."""
    return _curves_of(np.ascontiguousarray(X, dtype=float).tobytes(), X.shape, seed)


@lru_cache(maxsize=16)
def _curves_of(data: bytes, shape: tuple[int, ...], seed: int) -> tuple[list[float], list[float]]:
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    X = np.frombuffer(data, dtype=float).reshape(shape)
    silhouettes, inertias = [], []
    with one_thread():
        for k in K_RANGE:
            model = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(X)
            silhouettes.append(float(silhouette_score(X, model.labels_)))
            inertias.append(float(model.inertia_))
    return silhouettes, inertias


@lru_cache(maxsize=16)
def _drawn_outliers(seed: int, n_inliers: int, n_outliers: int,
                    n_blobs: int) -> tuple[np.ndarray, np.ndarray]:
    from caire_exercises.data.generators import blobs_outliers

    table = blobs_outliers(np.random.default_rng(seed), n_inliers=n_inliers,
                           n_outliers=n_outliers, n_blobs=n_blobs)
    return table[["x1", "x2"]].to_numpy(dtype=float), table["is_outlier"].to_numpy() == 1


def outlier_table(seed: int, n_inliers: int, n_outliers: int,
                  n_blobs: int) -> tuple[np.ndarray, np.ndarray]:
    """Points around a few blobs, and which of them are the planted outliers."""
    X, planted = _drawn_outliers(seed, n_inliers, n_outliers, n_blobs)
    return X.copy(), planted.copy()


def french_number(value: float, digits: int = 2) -> str:
    """`value` with a decimal comma, as French prose writes it."""
    return f"{value:.{digits}f}".replace(".", ",")


def local_outlier_scores(X: np.ndarray) -> np.ndarray:
    """The local outlier factor of each point (lower: more anomalous), computed once per data set."""
    return _lof_of(np.ascontiguousarray(X, dtype=float).tobytes(), X.shape)


@lru_cache(maxsize=16)
def _lof_of(data: bytes, shape: tuple[int, ...]) -> np.ndarray:
    from sklearn.neighbors import LocalOutlierFactor

    X = np.frombuffer(data, dtype=float).reshape(shape)
    with one_thread():
        return LocalOutlierFactor(n_neighbors=20).fit(X).negative_outlier_factor_


