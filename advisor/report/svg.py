"""Inline SVG for the HTML report: the score chart and the architecture diagram.

Drawn here in Python rather than by a charting script, so that the HTML report is one file
that makes no network request and shows its pictures offline and on paper. Colours come from
CSS classes in the report's stylesheet; every text is escaped. ``prefix`` keeps element ids
unique when a portfolio puts many charts in one page.
"""

from __future__ import annotations

import textwrap
from html import escape

from advisor.report.diagram import Diagram, Edge, Node
from advisor.report.view import Option

# Score chart geometry (user units; the SVG scales to its container through its viewBox).
_BAR_X, _BAR_W, _ROW_H, _BAR_H = 8, 480, 52, 18

# Diagram geometry: boxes on a grid, room above the boxes for the arcs of streams.
_BOX_W, _BOX_H, _GAP_X, _GAP_Y, _PAD, _TOP = 150, 58, 84, 56, 10, 64


def _text(x: float, y: float, text: str, cls: str, anchor: str = "start") -> str:
    return f'<text x="{x:g}" y="{y:g}" class="{cls}" text-anchor="{anchor}">{escape(text)}</text>'


def score_chart(options: tuple[Option, ...], prefix: str = "r") -> str:
    """A horizontal bar per architecture on a 0–100 scale, 50 (neutral) marked."""
    height = len(options) * _ROW_H + 26
    width = _BAR_X + _BAR_W + 160
    desc = "; ".join(
        f"{o.label}: {o.score:.1f}{' (' + o.status + ')' if o.status else ''}" for o in options
    )
    out = [
        f'<svg class="chart" id="{prefix}-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{prefix}-chart-t {prefix}-chart-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{prefix}-chart-t">Scores (0–100, 50 is neutral)</title>',
        f'<desc id="{prefix}-chart-d">{escape(desc)}</desc>',
        f'<defs><pattern id="{prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)"><rect width="6" height="6" class="sc-hatch-bg"/>'
        '<line x1="0" y1="0" x2="0" y2="6" class="sc-hatch"/></pattern></defs>',
    ]
    for i, option in enumerate(options):
        y = i * _ROW_H
        length = max(option.score / 100 * _BAR_W, 1.5)
        cls = "sc-rec" if option.recommended else "sc-vetoed" if option.vetoed else "sc-other"
        fill = f' fill="url(#{prefix}-hatch)"' if option.vetoed else ""
        out.append(_text(_BAR_X, y + 15, option.label, "sc-label"))
        out.append(f'<rect x="{_BAR_X}" y="{y + 22}" width="{_BAR_W}" height="{_BAR_H}" '
                   'class="sc-track" rx="3"/>')  # fmt: skip
        out.append(f'<rect x="{_BAR_X}" y="{y + 22}" width="{length:.1f}" height="{_BAR_H}" '
                   f'class="sc-bar {cls}" rx="3"{fill}/>')  # fmt: skip
        status = f"  {option.status}" if option.status else ""
        out.append(_text(_BAR_X + _BAR_W + 8, y + 36, f"{option.score:.1f}{status}", "sc-value"))
    axis_y = len(options) * _ROW_H + 4
    mid = _BAR_X + _BAR_W / 2
    out.append(f'<line x1="{mid:g}" y1="18" x2="{mid:g}" y2="{axis_y}" class="sc-neutral"/>')
    for tick in (0, 25, 50, 75, 100):
        x = _BAR_X + tick / 100 * _BAR_W
        out.append(_text(x, axis_y + 16, str(tick), "sc-tick", "middle"))
    out.append("</svg>")
    return "\n".join(out)


def _box(node: Node) -> tuple[float, float]:
    """Top-left corner of a node's box."""
    return _PAD + node.col * (_BOX_W + _GAP_X), _TOP + node.row * (_BOX_H + _GAP_Y)


def _shape(node: Node) -> str:
    x, y = _box(node)
    w, h = _BOX_W, _BOX_H
    cls = f"dg-node dg-{node.kind}"
    if node.kind == "actor":
        return f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{h / 2:g}" class="{cls}"/>'
    if node.kind == "store":
        e = 8  # height of the cylinder's elliptical cap
        return (
            f'<path d="M{x},{y + e} a{w / 2:g},{e} 0 0,0 {w},0 a{w / 2:g},{e} 0 0,0 {-w},0 '
            f'v{h - 2 * e} a{w / 2:g},{e} 0 0,0 {w},0 v{-(h - 2 * e)}" class="{cls}"/>'
        )
    if node.kind == "external":
        d = 14
        points = (
            f"{x + d},{y} {x + w - d},{y} {x + w},{y + h / 2:g} {x + w - d},{y + h} "
            f"{x + d},{y + h} {x},{y + h / 2:g}"
        )
        return f'<polygon points="{points}" class="{cls}"/>'
    if node.kind == "wait":
        return f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="14" class="{cls}"/>'
    shape = f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" class="{cls}"/>'
    if node.kind == "queue":
        # message slots at the right end, so a queue reads as a queue in black and white too
        for k in (1, 2, 3):
            sx = x + w - 10 * k
            shape += f'<line x1="{sx}" y1="{y + 6}" x2="{sx}" y2="{y + h - 6}" class="dg-slot"/>'
    return shape


def _label(node: Node) -> str:
    x, y = _box(node)
    lines = textwrap.wrap(node.label, 20) or [""]
    first = y + _BOX_H / 2 - (len(lines) - 1) * 7 + 4
    return "".join(
        _text(x + _BOX_W / 2, first + i * 14, line, "dg-text", "middle")
        for i, line in enumerate(lines)
    )


def _edge(diagram: Diagram, edge: Edge, marker: str) -> str:
    src, dst = diagram.node(edge.src), diagram.node(edge.dst)
    (sx, sy), (dx, dy) = _box(src), _box(dst)
    cls = "dg-edge dg-stream" if edge.dashed else "dg-edge"
    if src.row == dst.row and dst.col > src.col:
        x1, x2, y = sx + _BOX_W, dx - 2, sy + _BOX_H / 2
        path, lx, ly, anchor = f"M{x1},{y:g} H{x2}", (x1 + x2) / 2, y - 7, "middle"
    elif src.col == dst.col and any(e.src == edge.dst and e.dst == edge.src for e in diagram.edges):
        # a pair (suspend / resume): two parallel lines, down on the left, up on the right
        down = dst.row > src.row
        x = sx + _BOX_W / 2 + (-18 if down else 18)
        y1, y2 = (sy + _BOX_H, dy - 2) if down else (sy, dy + _BOX_H + 2)
        lx, anchor = (x - 6, "end") if down else (x + 6, "start")
        path, ly = f"M{x:g},{y1} V{y2}", (y1 + y2) / 2 + 4
    elif src.col == dst.col:
        x, y1, y2 = sx + _BOX_W / 2, sy + _BOX_H, dy - 2
        path, lx, ly, anchor = f"M{x:g},{y1} V{y2}", x + 8, (y1 + y2) / 2 + 4, "start"
    elif dst.row > src.row:
        # down and sideways: leave the bottom near the side facing the target, turn in the gap
        x1 = sx + _BOX_W * (0.85 if dst.col > src.col else 0.15)
        y1, ym, x2, y2 = sy + _BOX_H, sy + _BOX_H + _GAP_Y * 0.3, dx + _BOX_W / 2, dy - 2
        path = f"M{x1:g},{y1} V{ym:g} H{x2:g} V{y2}"
        # the label sits on the side the line came from, so it stays inside the picture
        lx, anchor = (x2 - 8, "end") if dst.col > src.col else (x2 + 8, "start")
        ly = (ym + y2) / 2 + 8
    else:
        # a stream flowing back: an arc over the boxes, from the top of one to the other
        x1, x2, y = sx + _BOX_W / 2, dx + _BOX_W / 2, sy
        peak = y - _TOP + 8
        path = f"M{x1:g},{y} C{x1:g},{peak} {x2:g},{peak} {x2:g},{y - 2}"
        lx, ly, anchor = (x1 + x2) / 2, y + 0.75 * (peak - y) - 5, "middle"
    return f'<path d="{path}" class="{cls}" marker-end="url(#{marker})"/>' + _text(
        lx, ly, edge.label, "dg-elabel", anchor
    )


def architecture_diagram(diagram: Diagram, title: str, prefix: str = "r") -> str:
    """The recommended architecture: boxes for components, arrows for requests and streams."""
    width = 2 * _PAD + diagram.columns * _BOX_W + (diagram.columns - 1) * _GAP_X
    height = _TOP + diagram.rows * _BOX_H + (diagram.rows - 1) * _GAP_Y + _PAD
    marker = f"{prefix}-arrow"
    desc = "; ".join(
        f"{diagram.node(e.src).label} → {diagram.node(e.dst).label}: {e.label}"
        for e in diagram.edges
    )
    out = [
        f'<svg class="diagram" id="{prefix}-diagram" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{prefix}-diagram-t {prefix}-diagram-d" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{prefix}-diagram-t">{escape(title)}</title>',
        f'<desc id="{prefix}-diagram-d">{escape(desc)}</desc>',
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'class="dg-arrow"/></marker></defs>',
    ]
    out += [_edge(diagram, e, marker) for e in diagram.edges]
    out += [_shape(n) + _label(n) for n in diagram.nodes]
    out.append("</svg>")
    return "\n".join(out)
