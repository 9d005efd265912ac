"""Self-contained SVG charts with axes, ticks, a legend and a title: no JavaScript, no
network, shown inline by a notebook (``_repr_svg_``) and pasted as they are into the HTML
reports. The domain charts (:mod:`vnidmatch.report.plots`) are drawn with these.

>>> c = line_chart("t", {"a": ([0, 1], [0, 1])}, x_title="x", y_title="y")
>>> c.svg.startswith("<svg") and ">a</text>" in c.svg
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["PALETTE", "Chart", "bar_chart", "hbar_chart", "line_chart", "nice_ticks",
           "waterfall_chart"]

#: series colours, in order (colour-blind safe)
PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02")
_W, _H = 700, 320
_FONT = "font-family:sans-serif;font-size:11px"


@dataclass(frozen=True)
class Chart:
    """One chart: its SVG text and the rows it plots (``data``, one dict per mark).

    >>> c = bar_chart("n", ["1", "2"], {"clusters": [5, 2]}, x_title="size", y_title="n")
    >>> c.kind, c.data[0]
    ('bar', {'category': '1', 'series': 'clusters', 'value': 5})
    """

    title: str
    svg: str
    kind: str
    data: tuple[dict[str, Any], ...] = field(default=(), repr=False)

    def __repr__(self) -> str:
        return f"<Chart {self.kind}: {self.title!r}, {len(self.data)} marks>"

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_html_(self) -> str:
        return f"<figure>{self.svg}</figure>"

    def to_altair(self) -> Any:
        """The same chart as an Altair (Vega-Lite) chart, for interactive use (extra
        ``charts``). Displaying it needs the Vega JavaScript that the notebook's Altair
        renderer provides; the SVG of this object needs nothing.

        >>> c = bar_chart("n", ["1", "2"], {"clusters": [5, 2]}, x_title="size", y_title="n")
        >>> c.to_altair().to_dict()["mark"]["type"]
        'bar'
        """
        from vnidmatch.report.frames import require

        alt = require("altair", "charts")
        data = alt.Data(values=list(self.data))
        first = self.data[0] if self.data else {}
        tip = [alt.Tooltip(k, type="quantitative" if isinstance(v, (int, float)) else "nominal")
               for k, v in first.items()]
        if self.kind == "bar":
            chart = alt.Chart(data).mark_bar().encode(
                x=alt.X("category:O", sort=None), y="sum(value):Q", color="series:N")
        elif self.kind == "line":
            chart = alt.Chart(data).mark_line().encode(x="x:Q", y="y:Q", color="series:N")
        elif self.kind == "hbar":
            chart = alt.Chart(data).mark_bar().encode(
                y=alt.Y("label:N", sort=None), x="value:Q", color="series:N",
                yOffset="series:N")
        else:  # waterfall
            chart = alt.Chart(data).mark_bar().encode(
                x=alt.X("step:N", sort=None), y="start:Q", y2="end:Q")
        return chart.encode(tooltip=tip).properties(title=self.title)

    def save(self, path: str) -> None:
        """Write the chart as a standalone ``.svg`` (or, for ``.html``, a page holding it)."""
        text = self.svg if not path.endswith(".html") else (
            f"<!doctype html><meta charset='utf-8'><title>{html.escape(self.title)}</title>"
            f"{self.svg}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering ``[lo, hi]``.

    >>> nice_ticks(0, 1), nice_ticks(-7.3, 12.1)
    ([0.0, 0.2, 0.4, 0.6, 0.8, 1.0], [-10.0, -5.0, 0.0, 5.0, 10.0, 15.0])
    """
    if not math.isfinite(lo) or not math.isfinite(hi):
        lo, hi = 0.0, 1.0
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    t = start
    while t < hi + step * 0.999:
        ticks.append(round(t, 10) + 0.0)
        t += step
    return ticks


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 or v == int(v) else f"{v:g}"


def _esc(s: object) -> str:
    return html.escape(str(s))


@dataclass
class _Canvas:
    """A plotting area with linear scales, and the SVG elements drawn so far."""

    title: str
    x: tuple[float, float]
    y: tuple[float, float]
    left: int = 60
    right: int = 200
    top: int = 30
    bottom: int = 45
    height: int = _H
    parts: list[str] = field(default_factory=list)

    def sx(self, v: float) -> float:
        span = (self.x[1] - self.x[0]) or 1.0
        return self.left + (v - self.x[0]) / span * (_W - self.left - self.right)

    def sy(self, v: float) -> float:
        span = (self.y[1] - self.y[0]) or 1.0
        return self.height - self.bottom - (v - self.y[0]) / span * (self.height - self.top - self.bottom)

    def axes(self, x_title: str, y_title: str, xticks: Sequence[float] | None,
             yticks: Sequence[float] | None,
             xlabels: Sequence[tuple[float, str]] | None = None) -> None:
        x0, x1 = self.left, _W - self.right
        y0, y1 = self.height - self.bottom, self.top
        p = self.parts
        p.append(f'<g class="axis x-axis"><line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" '
                 'stroke="#333"/>')
        ticks = list(xlabels or [(t, _fmt(t)) for t in xticks or ()])
        step = max(1, math.ceil(len(ticks) / 12))
        band = (x1 - x0) / max(len(ticks), 1) * step
        slant = any(len(lab) * 6 > band for _, lab in ticks)  # long labels: slanted
        for n, (t, lab) in enumerate(ticks):
            px = self.sx(t)
            p.append(f'<line class="tick" x1="{px:.1f}" y1="{y0}" x2="{px:.1f}" y2="{y0 + 4}" '
                     'stroke="#333"/>')
            if n % step == 0 and slant:
                p.append(f'<text transform="translate({px + 3:.1f},{y0 + 10}) rotate(-30)" '
                         f'text-anchor="end">{_esc(lab)}</text>')
            elif n % step == 0:
                p.append(f'<text x="{px:.1f}" y="{y0 + 15}" text-anchor="middle">'
                         f'{_esc(lab)}</text>')
        p.append(f'<text class="axis-title" x="{(x0 + x1) / 2:.0f}" y="{self.height - 8}" '
                 f'text-anchor="middle">{_esc(x_title)}</text></g>')
        p.append(f'<g class="axis y-axis"><line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" '
                 'stroke="#333"/>')
        for t in yticks or ():
            py = self.sy(t)
            p.append(f'<line class="tick" x1="{x0 - 4}" y1="{py:.1f}" x2="{x0}" y2="{py:.1f}" '
                     f'stroke="#333"/><line x1="{x0}" y1="{py:.1f}" x2="{x1}" y2="{py:.1f}" '
                     f'stroke="#eee"/><text x="{x0 - 6}" y="{py + 4:.1f}" text-anchor="end">'
                     f'{_esc(_fmt(t))}</text>')
        p.append(f'<text class="axis-title" transform="translate(14,{(y0 + y1) / 2:.0f}) '
                 f'rotate(-90)" text-anchor="middle">{_esc(y_title)}</text></g>')

    def legend(self, items: Sequence[tuple[str, str]]) -> None:
        x = _W - self.right + 12
        self.parts.append('<g class="legend">')
        for n, (label, colour) in enumerate(items):
            y = self.top + 4 + 16 * n
            self.parts.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colour}"/>'
                              f'<text x="{x + 14}" y="{y + 9}">{_esc(label)}</text>')
        self.parts.append("</g>")

    def rule(self, x: float, label: str, row: int = 0) -> None:
        px = self.sx(x)
        ty = self.top + 10 + 12 * row
        self.parts.append(f'<g class="rule"><line x1="{px:.1f}" y1="{self.top}" x2="{px:.1f}" '
                          f'y2="{self.height - self.bottom}" stroke="#555" stroke-dasharray="4 3"/>'
                          f'<text x="{px + 3:.1f}" y="{ty}">{_esc(label)}</text></g>')

    def svg(self) -> str:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" class="vnidmatch-chart" '
                f'width="{_W}" height="{self.height}" viewBox="0 0 {_W} {self.height}" role="img" '
                f'aria-label="{_esc(self.title)}" style="{_FONT}">'
                f'<text class="chart-title" x="{self.left}" y="18" style="font-size:13px;'
                f'font-weight:bold">{_esc(self.title)}</text>' + "".join(self.parts) + "</svg>")


def bar_chart(title: str, categories: Sequence[str], series: Mapping[str, Sequence[float]],
              *, x_title: str, y_title: str, colours: Mapping[str, str] | None = None
              ) -> Chart:
    """Vertical bars per category, the series stacked (a histogram when the categories are
    bins).

    >>> bar_chart("h", ["a", "b"], {"s": [1, 3]}, x_title="x", y_title="y").svg.count("<rect")
    3
    """
    names = list(series)
    cols = {s: (colours or {}).get(s, PALETTE[n % len(PALETTE)]) for n, s in enumerate(names)}
    totals = [sum(series[s][k] for s in names) for k in range(len(categories))]
    yt = nice_ticks(0, max(totals, default=1) or 1)
    c = _Canvas(title, (0, max(len(categories), 1)), (0, yt[-1]))
    c.axes(x_title, y_title, None, yt, [(k + 0.5, str(cat)) for k, cat in enumerate(categories)])
    bw = (c.sx(1) - c.sx(0)) * 0.85
    data = []
    for k, cat in enumerate(categories):
        base = 0.0
        for s in names:
            v = float(series[s][k])
            data.append({"category": cat, "series": s, "value": series[s][k]})
            if v > 0:
                y0, y1 = c.sy(base), c.sy(base + v)
                c.parts.append(f'<rect class="mark" x="{c.sx(k) + bw * 0.08:.1f}" '
                               f'y="{y1:.1f}" width="{bw:.1f}" height="{y0 - y1:.1f}" '
                               f'fill="{cols[s]}"><title>{_esc(cat)} {_esc(s)}: '
                               f'{_esc(_fmt(v))}</title></rect>')
            base += v
    c.legend([(s, cols[s]) for s in names])
    return Chart(title, c.svg(), "bar", tuple(data))


def line_chart(title: str, series: Mapping[str, tuple[Sequence[float], Sequence[float]]], *,
               x_title: str, y_title: str, rules: Mapping[str, float] | None = None,
               y_range: tuple[float, float] | None = None) -> Chart:
    """Lines (x, y) per series, with optional labelled vertical rules (thresholds).

    >>> line_chart("p", {"a": ([0, 1], [1, 0])}, x_title="x", y_title="y").svg.count("<polyline")
    1
    """
    xs = [x for s in series.values() for x in s[0]] + list((rules or {}).values())
    ys = [y for s in series.values() for y in s[1]]
    xt = nice_ticks(min(xs, default=0), max(xs, default=1))
    yt = nice_ticks(*(y_range or (min(ys, default=0), max(ys, default=1))))
    c = _Canvas(title, (xt[0], xt[-1]), (yt[0], yt[-1]))
    c.axes(x_title, y_title, xt, yt)
    data = []
    items = []
    for n, (name, (sx, sy)) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        items.append((name, colour))
        pts = " ".join(f"{c.sx(x):.1f},{c.sy(y):.1f}" for x, y in zip(sx, sy))
        c.parts.append(f'<polyline class="mark" points="{pts}" fill="none" stroke="{colour}" '
                       f'stroke-width="2"><title>{_esc(name)}</title></polyline>')
        data += [{"series": name, "x": x, "y": y} for x, y in zip(sx, sy)]
    for row, (label, x) in enumerate((rules or {}).items()):
        c.rule(x, label, row)
    c.legend(items)
    return Chart(title, c.svg(), "line", tuple(data))


def hbar_chart(title: str, labels: Sequence[str], series: Mapping[str, Sequence[float]], *,
               x_title: str) -> Chart:
    """Horizontal bars per label, the series side by side (e.g. m and u per level).

    >>> hbar_chart("m", ["a", "b"], {"m": [0.9, 0.1], "u": [0.2, 0.8]}, x_title="p").kind
    'hbar'
    """
    names = list(series)
    values = [float(v) for s in names for v in series[s]]
    xt = nice_ticks(0, max(values, default=1) or 1)
    height = max(_H, 14 * len(labels) * max(len(names), 1) + 75)
    c = _Canvas(title, (xt[0], xt[-1]), (0, max(len(labels), 1)), left=190, height=height)
    c.axes(x_title, "", xt, None)
    band = (c.sy(0) - c.sy(1)) / max(len(names), 1) * 0.8
    data = []
    for k, label in enumerate(labels):  # the first label on top
        y = c.sy(len(labels) - k) + band * 0.1
        c.parts.append(f'<text x="{c.left - 6}" y="{y + band * len(names) / 2 + 4:.1f}" '
                       f'text-anchor="end">{_esc(label)}</text>')
        for n, s in enumerate(names):
            v = float(series[s][k])
            data.append({"label": label, "series": s, "value": v})
            c.parts.append(f'<rect class="mark" x="{c.left}" y="{y + n * band:.1f}" '
                           f'width="{max(c.sx(v) - c.left, 0.5):.1f}" height="{band:.1f}" '
                           f'fill="{PALETTE[n % len(PALETTE)]}"><title>{_esc(label)} {_esc(s)}'
                           f': {v:.4f}</title></rect>')
    c.legend([(s, PALETTE[n % len(PALETTE)]) for n, s in enumerate(names)])
    return Chart(title, c.svg(), "hbar", tuple(data))


def waterfall_chart(title: str, steps: Sequence[tuple[str, float]], *, total: str = "total",
                    x_title: str = "", y_title: str = "match weight") -> Chart:
    """A waterfall: each step a bar from the running sum to the running sum plus its value
    (green up, red down), then the total.

    >>> c = waterfall_chart("w", [("prior", -6.0), ("name", 9.0)])
    >>> [round(d["end"], 1) for d in c.data]
    [-6.0, 3.0, 3.0]
    """
    running = 0.0
    bars = []
    for label, v in steps:
        bars.append((label, running, running + v))
        running += v
    bars.append((total, 0.0, running))
    ends = [b for _, a, e in bars for b in (a, e)]
    yt = nice_ticks(min([*ends, 0.0]), max([*ends, 0.0]))
    longest = max((len(lab) for lab, _, _ in bars), default=0)
    c = _Canvas(title, (0, len(bars)), (yt[0], yt[-1]), left=90,
                bottom=40 + min(longest, 40) * 3, height=_H + min(longest, 40) * 3)
    c.axes(x_title, y_title, None, yt, [(k + 0.5, lab) for k, (lab, _, _) in enumerate(bars)])
    bw = (c.sx(1) - c.sx(0)) * 0.7
    for k, (label, start, end) in enumerate(bars):
        colour = "#555" if k == len(bars) - 1 else ("#1b9e77" if end >= start else "#d62728")
        top, bot = c.sy(max(start, end)), c.sy(min(start, end))
        c.parts.append(f'<rect class="mark" x="{c.sx(k) + bw * 0.2:.1f}" y="{top:.1f}" '
                       f'width="{bw:.1f}" height="{max(bot - top, 1):.1f}" fill="{colour}">'
                       f'<title>{_esc(label)}: {end - start:+.2f}</title></rect>'
                       f'<text x="{c.sx(k + 0.5):.1f}" y="{top - 3:.1f}" text-anchor="middle">'
                       f'{end - start:+.1f}</text>')
    zero = c.sy(0)
    c.parts.append(f'<line x1="{c.left}" y1="{zero:.1f}" x2="{_W - c.right}" y2="{zero:.1f}" '
                   'stroke="#999"/>')
    c.legend([("raises the weight", "#1b9e77"), ("lowers it", "#d62728"), (total, "#555")])
    return Chart(title, c.svg(), "waterfall",
                 tuple({"step": lab, "start": a, "end": e} for lab, a, e in bars))
