"""Each CLI verb module only parses options and prints: it is short and calls the library function of its verb.

The work of a verb lives in ``judgeaudit/verbs/`` and is exported from ``judgeaudit``, so a user's script and
the command line run the same code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import judgeaudit
from judgeaudit.cli import main
from tests.support.paths import REPO

CLI = REPO / "judgeaudit" / "cli"
SHARED_OPTIONS = {"__init__", "echo", "options", "executor_options", "import_options", "summary"}
VERB_MODULES = sorted(p for p in CLI.glob("*.py") if p.stem not in SHARED_OPTIONS)


def _imports_from_judgeaudit(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "judgeaudit"
        for alias in node.names
    }


def test_every_command_of_the_cli_comes_from_a_verb_module() -> None:
    modules = {command.callback.__module__ for command in main.commands.values() if command.callback}
    assert modules == {f"judgeaudit.cli.{p.stem}" for p in VERB_MODULES}


def test_every_verb_module_is_under_80_lines() -> None:
    long = {p.name: n for p in VERB_MODULES if (n := len(p.read_text(encoding="utf-8").splitlines())) >= 80}
    assert not long, long


def test_every_verb_module_calls_a_function_exported_from_judgeaudit() -> None:
    for path in VERB_MODULES:
        names = _imports_from_judgeaudit(path)
        assert names, f"{path.name} imports no verb from judgeaudit"
        for name in names:
            assert name in judgeaudit.__all__ and callable(getattr(judgeaudit, name)), (path.name, name)
