"""The one tolerance convention, and messages that say what differs."""

from __future__ import annotations

import numpy as np
import pytest

from caire_exercises.engine.compare import ATOL, RTOL, compare


def render(result, language="en"):
    return None if result is None else result.render(language)


def test_convention_is_the_catalogues():
    assert (RTOL, ATOL) == (1e-6, 1e-9)


def test_equal_within_tolerance_passes():
    expected = np.array([1.0, 2.0, 3.0])
    assert compare(expected * (1 + 5e-7), expected) is None


def test_outside_tolerance_fails_with_index_and_values():
    message = render(compare(np.array([1.0, 2.1, 3.0]), np.array([1.0, 2.0, 3.0])))
    assert "1 of 3 values differ" in message and "index 1" in message


def test_shape_is_checked_before_values_and_transposition_is_named():
    message = render(compare(np.zeros((3, 2)), np.zeros((2, 3))))
    assert "expected shape (2, 3), got (3, 2)" in message
    assert "transposed" in message


def test_dtype_kind_is_checked_before_values():
    message = render(compare(np.array([1, 0]), np.array([1.0, 0.0])))
    assert "floats" in message and "integers" in message


def test_float32_is_still_a_float():
    assert compare(np.array([0.5], dtype=np.float32), np.array([0.5])) is None


def test_nan_only_where_expected():
    assert compare(np.array([np.nan, 1.0]), np.array([np.nan, 1.0])) is None
    message = render(compare(np.array([np.nan, 1.0]), np.array([0.0, 1.0])))
    assert "NaN" in message


def test_list_instead_of_array_says_what_was_expected():
    message = render(compare([1.0, 2.0], np.array([1.0, 2.0])))
    assert "NumPy array of shape (2,)" in message and "list" in message


def test_scalars_ints_and_floats():
    assert compare(3, 3.0) is None
    assert compare(np.float64(0.1 + 0.2), 0.3) is None
    assert "whole number" in render(compare(2.5, 3))
    assert compare(np.int64(3), 3) is None and compare(3, np.int32(3)) is None


def test_a_whole_float_is_not_an_integer():
    # The catalogue checks the kind before the value: a count given as 3.0 is refused, with the fix.
    for obtained in (3.0, np.float64(3.0), np.float32(3.0)):
        shown = render(compare(obtained, 3))
        assert "expected an integer" in shown and "int(" in shown and "3.0" in shown
    assert "int(...)" in render(compare(3.0, 3), "fr") and "entier" in render(compare(3.0, 3), "fr")


def test_numpy_scalars_are_shown_as_numbers():
    shown = render(compare(np.float64(0.25), 0.5))
    assert "0.25" in shown and "np.float64" not in shown


def test_sequences_of_other_lengths_say_where_they_part():
    tokens = ["l'", "arbre", "est", "vert"]
    parted = render(compare(["l'", "arbre", "est", "très", "vert"], tokens))
    assert "expected 4 items, got 5" in parted and "item [3]" in parted and "'très'" in parted
    assert "'vert'" in parted
    early = render(compare(["l'", "arbre"], tokens))
    assert "stop early" in early and "'est'" in early
    extra = render(compare(tokens + ["!"], tokens))
    assert "extra" in extra and "'!'" in extra
    assert "première différence" in render(compare(["x"] + tokens, tokens), "fr")


def test_huge_values_use_relative_tolerance():
    assert compare(1e15 * (1 + 1e-7), 1e15) is None
    assert compare(1e15 * (1 + 1e-5), 1e15) is not None


def test_nested_sequences_and_dicts_point_to_the_part_that_differs():
    message = render(compare((1.0, np.array([1.0, 2.0])), (1.0, np.array([1.0, 2.5]))))
    assert "result[1]" in message
    assert "keys missing" in render(compare({"a": 1}, {"a": 1, "b": 2}))
    assert "unexpected keys" in render(compare({"a": 1, "c": 2}, {"a": 1}))


@pytest.mark.parametrize("obtained", [None, "1", [1], {"x": 1}])
def test_number_expected_but_something_else_given(obtained):
    assert compare(obtained, 1.0) is not None


def test_booleans_are_not_numbers():
    assert compare(1, True) is not None
    assert compare(True, True) is None


def test_messages_exist_in_french():
    message = compare(np.zeros((3, 2)), np.zeros((2, 3)))
    assert "forme attendue" in message.render("fr")
