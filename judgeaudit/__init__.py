"""judgeaudit: audit LLM judges for position, verbosity, self-preference and score-vs-rank biases."""

from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.items import Item, load_items
from judgeaudit.judgments import read_judgments

__version__ = "0.1.0"

__all__ = ["InputError", "Item", "JudgeAuditError", "__version__", "load_items", "read_judgments"]
