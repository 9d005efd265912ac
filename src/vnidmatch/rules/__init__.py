"""Layer 4a: data-quality rules ("đúng, đủ, sạch, sống"): one registry, four rule sets.

The engine (:mod:`~vnidmatch.rules.engine`) runs the built-in rules
(:mod:`~vnidmatch.rules.builtin`, registered here on import) and any object with the
:class:`~vnidmatch.types.Rule` protocol, on one record (:func:`check`) or a whole register
(:func:`check_dataset`, :mod:`~vnidmatch.rules.dataset`, into a :class:`QualityReport`).

>>> [i.code for i in check_consistency("001090012345", sex="F")]
['VN-CCCD-002']
"""

from __future__ import annotations

from vnidmatch.rules import builtin as builtin  # the VN-* rules, registered on import
from vnidmatch.rules.consistency import check_consistency
from vnidmatch.rules.dataset import check_dataset
from vnidmatch.rules.engine import RULES, WORDS, CheckOptions, FunctionRule, check, rule
from vnidmatch.rules.report import QualityReport

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
