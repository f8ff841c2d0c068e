"""What the exercises of M6 share: the data they read, their thresholds, small text helpers.

Nothing heavy is imported here at module level: ``datasets`` and scikit-learn
are imported inside the functions that need them, ``datasets`` through
:func:`caire_exercises.data._forms.import_datasets`, which sets the offline
variables first and names the ``[nlp]`` extra when it is missing.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

MODULE_ID = "text"
NEEDS_DATASETS = ("datasets",)

SPAM_F1 = 0.92
LANGUAGE_ACCURACY = 0.97
FAQ_HIT_AT_3 = 0.8
FAQ_HIT_AT_1 = 0.9
TEST_FRACTION = 0.2

#: The narrow no-break space French puts before : ; ? ! and % and inside « ».
NARROW_NBSP = "\u202f"


def stay_offline() -> None:
    """Hugging Face's offline switches, unless the user set them (``setdefault``)."""
    for variable, value in (("HF_HUB_OFFLINE", "1"), ("HF_DATASETS_OFFLINE", "1"),
                            ("HF_UPDATE_DOWNLOAD_COUNTS", "0")):
        os.environ.setdefault(variable, value)


# The checking engine imports `datasets` itself before probing an exercise that requires it:
# the switches must already be set then, so they are set when these exercises are loaded.
stay_offline()


def import_datasets() -> Any:
    """Hugging Face ``datasets``, offline; a clear MissingExtraError naming ``[nlp]`` without it."""
    from caire_exercises.data._forms import import_datasets as imported

    return imported()


@contextmanager
def quiet(datasets: Any) -> Iterator[None]:
    """No progress bars while the checker works; the learner's own setting is restored after."""
    enabled = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()
    try:
        yield
    finally:
        if enabled:
            datasets.enable_progress_bars()


@lru_cache(maxsize=1)
def messages() -> Any:
    from caire_exercises.data import load

    return load("messages")


@lru_cache(maxsize=1)
def sentences() -> Any:
    from caire_exercises.data import load

    return load("sentences")


@lru_cache(maxsize=1)
def faq() -> Any:
    from caire_exercises.data import load

    return load("health_faq")


@lru_cache(maxsize=1)
def reworded() -> Any:
    import pandas as pd

    from caire_exercises.data import info

    return pd.read_csv(info("health_faq").folder / "reworded.csv", keep_default_na=False)


def shortened(text: str, width: int = 70) -> str:
    """`text` cut at a word boundary near `width` characters, with an ellipsis when cut."""
    if len(text) <= width:
        return text
    cut = text[:width].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut or text[:width]}…"


def french_number(value: float, digits: int) -> str:
    """`value` with `digits` decimals and a decimal comma, as French prose writes it."""
    return f"{value:.{digits}f}".replace(".", ",")


def french_percent(share: float) -> str:
    """A share as a whole percentage, with the narrow no-break space French puts before %."""
    return f"{share:.0%}".replace("%", NARROW_NBSP + "%")


def judged_once(summary: Callable[..., Any]) -> Callable[..., Any]:
    """`summary(observed, case)`, remembered for the same two objects.

    The judge evaluates every fact of a case, then again to compare the learner with each
    declared mistake: the facts of one observation all read the same summary, so it is
    worked out once. The objects themselves are kept with the result, so that an identity
    is never taken for another object's once the first is gone.
    """
    memo: OrderedDict[tuple[int, ...], tuple[tuple[Any, ...], Any]] = OrderedDict()

    def remembered(*args: Any) -> Any:
        key = tuple(id(arg) for arg in args)
        found = memo.get(key)
        if found is not None and all(kept is arg for kept, arg in zip(found[0], args)):
            memo.move_to_end(key)
            return found[1]
        value = summary(*args)
        memo[key] = (args, value)
        while len(memo) > 64:
            memo.popitem(last=False)
        return value

    return remembered
