"""Layer 4a: data-quality rules ("đúng, đủ, sạch, sống"): one registry, four rule sets.

>>> [i.code for i in check_consistency("001090012345", sex="F")]
['VN-CCCD-002']
"""

from __future__ import annotations

from vnidmatch.rules.consistency import check_consistency
from vnidmatch.rules.engine import RULES, WORDS, CheckOptions, FunctionRule, check, rule
from vnidmatch.rules.report import QualityReport, check_dataset

__all__ = [
    "RULES",
    "WORDS",
    "CheckOptions",
    "FunctionRule",
    "QualityReport",
    "check",
    "check_consistency",
    "check_dataset",
    "rule",
]
