"""Layer 6 (beside the results): what an analyst looks at. Typed DataFrames, Arrow and
Parquet (:mod:`.frames`, :mod:`.summary`), self-contained SVG charts (:mod:`.charts`,
:mod:`.plots`), the HTML link report (:mod:`.page`) and clerical review with labels
(:mod:`.review`). pandas and pyarrow are optional and imported lazily.

>>> from vnidmatch.report import nice_ticks
>>> nice_ticks(0, 10)
[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
"""

from __future__ import annotations

from vnidmatch.report.charts import Chart, nice_ticks
from vnidmatch.report.frames import MissingExtraError, masked_ids, require
from vnidmatch.report.plots import (
    cluster_size_chart,
    m_u_chart,
    precision_recall,
    precision_recall_chart,
    threshold_chart,
    waterfall,
    weight_histogram,
)
from vnidmatch.report.review import labelled_model, parse_label, read_review, write_review

__all__ = ["Chart", "MissingExtraError", "cluster_size_chart", "labelled_model", "m_u_chart",
           "masked_ids", "nice_ticks", "parse_label", "precision_recall",
           "precision_recall_chart", "read_review", "require", "threshold_chart", "waterfall",
           "weight_histogram", "write_review"]
