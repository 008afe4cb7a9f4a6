"""Plotly figures for the profile: data in, Figure out, no I/O.

Colours are chosen to read on both the light and the dark theme; fonts and backgrounds are
left to Streamlit's theme (st.plotly_chart with theme="streamlit")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

# Teal for "now" (the app's primary colour), slate for the past, amber for the target.
COLOURS = {"current": "#0F9488", "previous": "#8493A8", "target": "#E08A1E"}
SCALE_RANGE = (0, 5)


@dataclass(frozen=True)
class Series:
    """One line on a chart: a label for the legend, a score per competency, and its kind
    ("current", "previous" or "target")."""

    label: str
    scores: Mapping[str, float | None]
    kind: str


def radar(axes: Mapping[str, str], series: Sequence[Series], missing_label: str) -> go.Figure:
    """A radar of the competencies; `axes` maps competency id -> axis label, in order.

    A competency without a score is a gap in the line (None), never 0; the hover says so."""
    ids = list(axes)
    labels = [_wrap(axes[cid]) for cid in ids]
    figure = go.Figure()
    for line in series:
        values = [line.scores.get(cid) for cid in ids]
        hover = [f"{axes[cid]}: {v:.1f}" if v is not None else f"{axes[cid]}: {missing_label}" for cid, v in zip(ids, values)]
        style = _style(line.kind)
        figure.add_trace(
            go.Scatterpolar(
                # Close the shape by repeating the first point.
                r=values + values[:1],
                theta=labels + labels[:1],
                name=line.label,
                mode="lines+markers",
                fill="toself" if line.kind == "current" else "none",
                fillcolor="rgba(15, 148, 136, 0.18)" if line.kind == "current" else None,
                line=style,
                marker={"size": 7 if line.kind == "current" else 5, "color": style["color"]},
                customdata=hover + hover[:1],
                hovertemplate="%{customdata}<extra>" + line.label + "</extra>",
                connectgaps=False,
                meta={"kind": line.kind, "competencies": ids},
            )
        )
    figure.update_layout(
        polar={
            "radialaxis": {"range": list(SCALE_RANGE), "tickvals": [1, 2, 3, 4, 5], "angle": 90, "tickangle": 90},
            "angularaxis": {"direction": "clockwise", "rotation": 90},
        },
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "xanchor": "center", "x": 0.5},
        margin={"l": 70, "r": 70, "t": 30, "b": 30},
        height=480,
    )
    return figure


def dumbbell(axes: Mapping[str, str], series: Sequence[Series], missing_label: str) -> go.Figure:
    """The same numbers as the radar, as a dot plot sorted by the current score: a line
    from the previous round to now, and the target beside it. Easier to read than a radar."""
    current = next((s for s in series if s.kind == "current"), None)
    ids = list(axes)
    if current is not None:
        # Lowest at the bottom; unscored competencies below everything.
        ids.sort(key=lambda cid: (current.scores.get(cid) is not None, current.scores.get(cid) or 0))
    labels = [axes[cid] for cid in ids]
    figure = go.Figure()
    for cid, label in zip(ids, labels):
        points = [s.scores.get(cid) for s in series if s.kind in ("current", "previous")]
        points = [p for p in points if p is not None]
        if len(points) == 2:
            figure.add_trace(
                go.Scatter(
                    x=points, y=[label, label], mode="lines", line={"color": COLOURS["previous"], "width": 3},
                    hoverinfo="skip", showlegend=False,
                )
            )
    for line in series:
        values = [line.scores.get(cid) for cid in ids]
        figure.add_trace(
            go.Scatter(
                x=values,
                y=labels,
                name=line.label,
                mode="markers",
                marker=_marker(line.kind),
                hovertemplate="%{y}: %{x:.1f}<extra>" + line.label + "</extra>",
                meta={"kind": line.kind, "competencies": ids},
            )
        )
    if current is not None:
        for cid, label in zip(ids, labels):
            if current.scores.get(cid) is None:
                figure.add_annotation(x=0.6, y=label, text=missing_label, showarrow=False, xanchor="left", opacity=0.7)
    figure.update_layout(
        xaxis={"range": [0.5, 5.3], "tickvals": [1, 2, 3, 4, 5], "showgrid": True},
        yaxis={"automargin": True},
        legend={"orientation": "h", "yanchor": "top", "y": -0.1, "xanchor": "center", "x": 0.5},
        margin={"l": 10, "r": 10, "t": 30, "b": 30},
        height=480,
    )
    return figure


def _wrap(label: str, width: int = 16) -> str:
    """Break a long axis label over lines so that it is not cut off at the chart's edge."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _style(kind: str) -> dict:
    return {
        "current": {"color": COLOURS["current"], "width": 3},
        "previous": {"color": COLOURS["previous"], "width": 2, "dash": "dash"},
        "target": {"color": COLOURS["target"], "width": 2, "dash": "dot"},
    }[kind]


def _marker(kind: str) -> dict:
    return {
        "current": {"color": COLOURS["current"], "size": 13},
        "previous": {"color": COLOURS["previous"], "size": 11, "symbol": "circle-open", "line": {"width": 2}},
        "target": {"color": COLOURS["target"], "size": 12, "symbol": "diamond-open", "line": {"width": 2}},
    }[kind]
