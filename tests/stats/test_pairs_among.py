"""``among``: membership in a large set of units, as ``isin`` answers it, without pandas' key-by-key slow path."""

from __future__ import annotations

import pandas as pd
import pytest

from judgeaudit.stats.pairs import among


@pytest.mark.parametrize("dtype", [str, object])
def test_among_answers_as_isin(dtype: type) -> None:
    units = pd.Series([f"suite/{i % 50}" for i in range(400)], index=range(1000, 1400)).astype(dtype)
    keys = {f"suite/{i}" for i in range(0, 60, 3)} | {None}
    got = among(units, keys)
    pd.testing.assert_series_equal(got, units.isin(keys), check_names=False)
    assert among(units, []).sum() == 0
