"""``judgeaudit judges`` and ``judgeaudit suites``: what is registered and whether it runs here."""

from __future__ import annotations

import click


@click.command("judges")
def judges_cmd() -> None:
    """List registered judges, their family and backend, and whether they run on this machine."""
    from judgeaudit import list_judges  # deferred: `judgeaudit --help` loads no verb

    judges = list_judges()
    w = max([len("judge"), *(len(j.spec.name) for j in judges)]) + 2
    click.echo(f"{'judge':<{w}}{'family':<13}{'backend':<14}{'here?':<7}notes")
    for j in judges:
        spec = j.spec
        aliases = f" (alias: {', '.join(spec.aliases)})" if spec.aliases else ""
        template = "" if spec.chat_template == "model" else "; no chat template: completion-style prompt"
        here = "yes" if j.runs_here else "no"
        click.echo(f"{spec.name:<{w}}{spec.family:<13}{spec.backend:<14}{here:<7}{j.note}{template}{aliases}")
    click.echo("\nAd hoc: --judge hf:PATH_OR_ID | gguf:FILE | openai:BASE_URL#MODEL [--family F] | my_judge.yaml")


@click.command("suites")
@click.option("--data-dir", default=None, help="Where the public datasets are (env JUDGEAUDIT_DATA).")
def suites_cmd(data_dir: str | None) -> None:
    """List probe suites, their data source and where that data comes from.

    ``data``: ``here`` (on this machine), ``online`` (fetched from its pinned upstream on first use; needs
    a network), or ``missing`` (neither).
    """
    from judgeaudit import list_suites  # deferred: `judgeaudit --help` loads no verb

    rows = []
    for s in list_suites(data_dir):
        if s.battery:
            rows.append((s.name, "battery: " + ", ".join(s.battery), "", ""))
            continue
        names = list(s.probes)
        probes = ", ".join(names) if len(names) <= 3 else f"{', '.join(names[:2])} and {len(names) - 2} more"
        rows.append((s.name, probes, s.source, s.data or ""))
    listed = [("suite", "probes", "source", "data"), *(r for r in rows if r[2])]
    widths = [max(len(r[i]) for r in listed) + 2 for i in range(3)]
    click.echo(f"{'suite':<{widths[0]}}{'probes':<{widths[1]}}{'source':<{widths[2]}}data")
    for name, probes, source, where in rows:
        if not source:  # a battery: its suites say where their data come from
            click.echo(f"{name:<{widths[0]}}{probes}")
        else:
            click.echo(f"{name:<{widths[0]}}{probes:<{widths[1]}}{source:<{widths[2]}}{where}")


COMMANDS = [judges_cmd, suites_cmd]
