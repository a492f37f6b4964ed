"""``judgeaudit scores``: the answering models' win rates, raw and corrected for the judge's biases."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("scores")
@click.argument("run_dir", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports/scores"),
    show_default=True,
    help="Where to write scores.html, scores.csv and scores.json.",
)
@click.option("--judge", "judge_names", multiple=True, metavar="NAME", help="Score only these judges' verdicts.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the rank and tau intervals.")
def scores_cmd(run_dir: Path, out: Path, judge_names: tuple[str, ...], seed: int) -> None:
    """Per answering model: raw, position-balanced and length/style-controlled win rates with intervals, ranks."""
    from judgeaudit import scores  # deferred: `judgeaudit --help` loads no verb

    made = scores(run_dir, out, judges=judge_names, seed=seed)
    for judge, res in made.by_judge.items():
        click.echo(f"judge {judge}: {res['n_judgments']} pairwise judgments, {res['n_items']} items")
        ranks = res.get("ranking", {}).get("ranks", {})
        for model in res.get("ranking", {}).get("order", []):
            e = res["models"][model]
            cells = []
            for kind in ("raw", "position_balanced", "controlled"):
                v, ci = e[kind].get("value"), e[kind].get("ci")
                cells.append("n/a" if v is None else f"{v:.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else ""))
            r = ranks[model]
            click.echo(
                f"  {r['rank']} ({r['ci'][0]}-{r['ci'][1]})  {model}: raw {cells[0]}  balanced {cells[1]}  controlled {cells[2]}"
            )
    for pair, tau in made.agreement.items():
        v = tau.get("value")
        click.echo(f"kendall tau {pair}: " + ("n/a: " + str(tau.get("note")) if v is None else f"{v:.2f} {tau['ci']}"))
    for p in made.paths:
        click.echo(str(p))


COMMANDS = [scores_cmd]
