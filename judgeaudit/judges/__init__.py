"""Judges: data-defined specs (``data/*.yaml``), prompt formats (``formats/``) and parsers."""

from judgeaudit.judges.judge import Judge, load_judge, spec_for
from judgeaudit.judges.spec import JudgeSpec, PromptFormat, judge_files, load_format

__all__ = ["Judge", "JudgeSpec", "PromptFormat", "judge_files", "load_format", "load_judge", "spec_for"]
