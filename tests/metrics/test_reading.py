"""Reading metrics.json: a number a float cannot hold is no estimate, never a crash."""

from __future__ import annotations

from judgeaudit.metrics import interval, read_estimate


def test_an_integer_past_the_float_range_reads_as_no_value() -> None:
    assert read_estimate({"value": 10**400, "ci": [0, 1], "n": 3}) is None
    assert read_estimate(10**400) is None


def test_an_interval_end_past_the_float_range_reads_as_no_interval() -> None:
    assert interval({"value": 0.5, "ci": [0, 10**400]}) is None
    assert interval({"value": 0.5, "ci": [0.25, 0.75]}) == (0.25, 0.75)
