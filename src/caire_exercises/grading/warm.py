"""What a warm process does before its first fork: the judge (worker) and the zygote share it."""

from __future__ import annotations

import os
from typing import Any

OPTIONAL_PRELOAD = ("sklearn.linear_model", "sklearn.model_selection", "sklearn.metrics",
                    "sklearn.preprocessing", "sklearn.pipeline", "sklearn.compose", "sklearn.impute",
                    "sklearn.tree", "sklearn.ensemble", "sklearn.neighbors", "sklearn.cluster",
                    "sklearn.decomposition", "sklearn.dummy", "sklearn.feature_selection", "sklearn.svm",
                    "sklearn.naive_bayes", "sklearn.feature_extraction.text", "scipy.stats", "pyarrow")


def preload(modules: Any) -> None:
    """Import what submissions and references use, once, before any fork."""
    import importlib

    for name in ["numpy", "pandas", "sklearn", *OPTIONAL_PRELOAD, *modules]:
        try:
            module = importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - an optional library that is missing or broken
            continue
        if name == "torch":
            module.set_num_threads(1)


def _set_single_thread_environment() -> None:
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    for name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ.setdefault(name, "1")
    os.environ.setdefault("HF_UPDATE_DOWNLOAD_COUNTS", "0")
    os.environ.setdefault("MPLBACKEND", "Agg")


def _private_progress_lock() -> None:
    """Give tqdm (Hugging Face ``datasets``' progress bars) a lock that forked submissions do not share.

    tqdm's default lock holds a multiprocessing semaphore, which lives in
    shared memory and is inherited by every child: a submission that takes it
    (by hand, or killed while a progress bar held it) would leave the worker
    waiting for ever the next time the judge runs ``Dataset.map``. A thread
    lock is copied at fork, never shared. The monitor thread is turned off
    too: the worker forks, and forks best with one thread.
    """
    import threading

    try:
        from tqdm import std
    except ImportError:
        return
    std.tqdm.monitor_interval = 0
    std.tqdm.set_lock(threading.RLock())
    pending = list(std.tqdm.__subclasses__())
    while pending:
        subclass = pending.pop()
        pending.extend(subclass.__subclasses__())
        if "_lock" in vars(subclass):
            del subclass._lock


def _make_shell(ipython_dir: str) -> Any:
    """An IPython shell (magics, ``display``, ``get_ipython()``), as in Jupyter; None without IPython."""
    os.environ["IPYTHONDIR"] = ipython_dir
    try:
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config
    except ImportError:
        return None
    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "nocolor"
    config.InteractiveShell.xmode = "Plain"
    try:
        return InteractiveShell.instance(config=config)
    except Exception:  # noqa: BLE001 - plain exec still runs the cells
        return None
