"""Layer 4a: data-quality rules ("đúng, đủ, sạch, sống").

>>> [i.code for i in check_consistency("001090012345", sex="F")]
['VN-CCCD-002']
"""

from __future__ import annotations

from vnidmatch.rules.consistency import check_consistency

__all__ = ["check_consistency"]
