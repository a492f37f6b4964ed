"""The inline SVG plots: escaped text, accessible labels, sane axes."""

from __future__ import annotations

from judgeaudit.pages import svg


def test_text_from_data_is_escaped_in_every_plot() -> None:
    evil = '<script>alert(1)</script>"'
    plots = [
        svg.heatmap(
            [evil],
            [evil],
            {(evil, evil): svg.Cell(0.7, 0.6, 0.8, 10, "own")},
            row_title=evil,
            col_title=evil,
            label=evil,
        ),
        svg.forest([svg.Row(evil, 0.5, 0.4, 0.6, note=evil)], (0.0, 1.0), refs=[(0.5, evil)], label=evil),
        svg.line_ci([svg.Series(evil, [(0.5, 0.2, 0.1, 0.3)])], x_label=evil, y_label=evil, label=evil),
        svg.reliability([(0.7, 0.6, 0.5, 0.7, 10)], label=evil),
        svg.interval_strip(0.5, [0.4, 0.6], 0.3, "lower", (0.0, 1.0), label=evil),
    ]
    for plot in plots:
        assert "<script>" not in plot
        assert "&lt;script&gt;" in plot


def test_plots_are_labelled_images() -> None:
    plot = svg.forest([svg.Row("consistency", 0.7, 0.6, 0.8)], (0.0, 1.0), label="Position metrics")
    assert (
        'role="img"' in plot and 'aria-label="Position metrics"' in plot and "<title>Position metrics</title>" in plot
    )


def test_heatmap_prints_numbers_and_marks_own_family_in_words() -> None:
    plot = svg.heatmap(
        ["fam0"],
        ["fam0", "fam1"],
        {("fam0", "fam0"): svg.Cell(0.58, 0.5, 0.66, 150, "own"), ("fam0", "fam1"): svg.Cell(0.42, 0.34, 0.5, 150)},
        row_title="judge family",
        col_title="response family",
        label="m",
    )
    assert "58% (own)" in plot and "42%" in plot and "n=150" in plot


def test_missing_heatmap_cell_says_no_data() -> None:
    plot = svg.heatmap(["a"], ["a", "b"], {("a", "a"): svg.Cell(0.5)}, row_title="r", col_title="c", label="m")
    assert "no data" in plot


def test_nice_ticks_cover_the_range_with_round_steps() -> None:
    assert svg.nice_ticks(0.0, 1.0, 5) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert svg.nice_ticks(-1.2, 1.2, 5) == [-1.0, 0.0, 1.0]


def test_interval_strip_shades_the_passing_side() -> None:
    lower = svg.interval_strip(0.7, [0.6, 0.8], 0.5, "lower", (0.0, 1.0))
    upper = svg.interval_strip(0.7, [0.6, 0.8], 0.5, "upper", (0.0, 1.0))
    # pad 14, width 292: threshold 0.5 sits at x=160; lower shades to the right of it, upper to the left
    assert '<rect x="160.0"' in lower
    assert '<rect x="14.0"' in upper
    both = svg.interval_strip(0.0, [-0.1, 0.1], 0.5, "abs", (-1.0, 1.0))
    assert both.count('stroke-dasharray="4 3"') == 2  # two threshold lines at ±t


def test_symmetric_range_is_wide_enough() -> None:
    lo, hi = svg.symmetric_range(-0.3, 0.9, None)
    assert lo == -hi and hi > 0.9
