"""``--cluster``: the same results from a real Dask cluster on loopback as from a local run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from grading_helpers import DDOF1, IMPORTS, RIGHT, notebook, options, write

from caire_exercises.grading.batch import grade_batch

distributed = pytest.importorskip("distributed")


@pytest.mark.slow
def test_a_dask_cluster_grades_like_the_local_workers(pool: Any, tmp_path: Path) -> None:
    folder = write(tmp_path / "subs", {"alice@example.org.ipynb": notebook(IMPORTS, RIGHT),
                                       "bob@example.org.ipynb": notebook(IMPORTS, DDOF1),
                                       "carol@example.org.ipynb": notebook(IMPORTS, "while True:\n    pass", RIGHT),
                                       "notes.txt": "not a notebook"})
    local = grade_batch([folder], options(), executor=pool)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        remote = grade_batch([folder], options(cluster=address))
    assert remote.rows == local.rows
    assert [row["status"] for row in remote.rows] == ["passed", "failed", "passed", "ungradable"]
