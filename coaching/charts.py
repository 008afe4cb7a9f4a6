"""Plotly figures for the profile: data in, Figure out, no I/O.

Colours are chosen to read on both the light and the dark theme; fonts and backgrounds are
left to Streamlit's theme (st.plotly_chart with theme="streamlit").

Plotly reads a few HTML tags in labels (<b>, <a href>, <br>); every text that comes in here
is escaped first, so that a leader's words are shown as typed."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

# Teal for "now" (the app's primary colour), slate for the past, amber for the target.
COLOURS = {"current": "#0F9488", "previous": "#8493A8", "target": "#E08A1E"}
SCALE_RANGE = (0, 5)
GRID = "rgba(128, 128, 128, 0.35)"


@dataclass(frozen=True)
class Series:
    """One line on a chart: a label for the legend, a score per competency, and its kind
    ("current", "previous" or "target")."""

    label: str
    scores: Mapping[str, float | None]
    kind: str


def radar(axes: Mapping[str, str], series: Sequence[Series], missing_label: str) -> go.Figure:
    """A radar of the competencies; `axes` maps competency id -> axis label, in order.

    A competency without a score is a gap in the line (None), never 0; the hover says so.
    The figure is built in one go.Figure call: adding traces one by one validates the whole
    figure each time, which cost more than everything else on the profile page."""
    ids = list(axes)
    labels = [_wrap(axes[cid]) for cid in ids]
    traces = []
    for line in series:
        values = [line.scores.get(cid) for cid in ids]
        hover = [_text(f"{axes[cid]}: {v:.1f}" if v is not None else f"{axes[cid]}: {missing_label}") for cid, v in zip(ids, values)]
        style = _style(line.kind)
        traces.append(
            go.Scatterpolar(
                # Close the shape by repeating the first point.
                r=values + values[:1],
                theta=labels + labels[:1],
                name=_text(line.label),
                mode="lines+markers",
                fill="toself" if line.kind == "current" else "none",
                fillcolor="rgba(15, 148, 136, 0.18)" if line.kind == "current" else None,
                line=style,
                marker={"size": 7 if line.kind == "current" else 5, "color": style["color"]},
                customdata=hover + hover[:1],
                hovertemplate="%{customdata}<extra>" + _text(line.label) + "</extra>",
                connectgaps=False,
                meta={"kind": line.kind, "competencies": ids},
            )
        )
    # The scale's numbers sit between the first two axes, not on top of the first one.
    between = 90 - 360 / len(ids) / 2 if ids else 90
    layout = go.Layout(
        polar={
            # Transparent with grey lines, so that the radar reads on the light and the dark theme.
            "bgcolor": "rgba(0, 0, 0, 0)",
            "radialaxis": {"range": list(SCALE_RANGE), "tickvals": [1, 2, 3, 4, 5], "angle": between, "tickfont": {"size": 10},
                           "gridcolor": GRID, "linecolor": GRID},
            "angularaxis": {"direction": "clockwise", "rotation": 90, "gridcolor": GRID, "linecolor": GRID},
        },
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "xanchor": "center", "x": 0.5},
        margin={"l": 100, "r": 100, "t": 40, "b": 30},
        height=500,
    )
    return go.Figure(data=traces, layout=layout)


def dumbbell(axes: Mapping[str, str], series: Sequence[Series], missing_label: str) -> go.Figure:
    """The same numbers as the radar, as a dot plot sorted by the current score: a line
    from the previous round to now, and the target beside it. Easier to read than a radar.

    The target is drawn first and now last, so that a score at its target stays visible."""
    current = next((s for s in series if s.kind == "current"), None)
    ids = list(axes)
    if current is not None:
        # Lowest at the bottom; unscored competencies below everything.
        ids.sort(key=lambda cid: (current.scores.get(cid) is not None, current.scores.get(cid) or 0))
    labels = [_text(axes[cid]) for cid in ids]
    # The lines from the previous round to now, all in one trace (a gap between them): one
    # trace per competency made the figure slow to build.
    line_x, line_y = [], []
    for cid, label in zip(ids, labels):
        points = [s.scores.get(cid) for s in series if s.kind in ("current", "previous")]
        points = [p for p in points if p is not None]
        if len(points) == 2:
            line_x += [*points, None]
            line_y += [label, label, None]
    traces = []
    if line_x:
        traces.append(
            go.Scatter(
                x=line_x, y=line_y, mode="lines", line={"color": COLOURS["previous"], "width": 3},
                hoverinfo="skip", showlegend=False, connectgaps=False, meta={"kind": "change"},
            )
        )
    drawing_order = {"target": 0, "previous": 1, "current": 2}
    for line in sorted(series, key=lambda s: drawing_order[s.kind]):
        values = [line.scores.get(cid) for cid in ids]
        traces.append(
            go.Scatter(
                x=values,
                y=labels,
                name=_text(line.label),
                mode="markers",
                marker=_marker(line.kind),
                hovertemplate="%{y}: %{x:.1f}<extra>" + _text(line.label) + "</extra>",
                meta={"kind": line.kind, "competencies": ids},
            )
        )
    annotations = []
    if current is not None:
        annotations = [
            {"x": 0.6, "y": label, "text": missing_label, "showarrow": False, "xanchor": "left", "opacity": 0.7}
            for cid, label in zip(ids, labels)
            if current.scores.get(cid) is None
        ]
    layout = go.Layout(
        xaxis={"range": [0.5, 5.3], "tickvals": [1, 2, 3, 4, 5], "showgrid": True},
        yaxis={"automargin": True},
        legend={"orientation": "h", "yanchor": "top", "y": -0.1, "xanchor": "center", "x": 0.5, "traceorder": "reversed"},
        margin={"l": 10, "r": 10, "t": 40, "b": 30},
        height=500,
        annotations=annotations,
    )
    return go.Figure(data=traces, layout=layout)


def _text(text: str) -> str:
    """Text for a Plotly label: <, > and & escaped; quotes stay (Plotly shows &quot; as is)."""
    return html.escape(text, quote=False)


def _wrap(label: str, width: int = 14) -> str:
    """Break a long axis label over lines so that it is not cut off at the chart's edge."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(_text(part) for part in lines)


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


# -- goals, action plan and tracker -------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One bar on the plan timeline."""

    label: str
    start: dt.date
    end: dt.date
    kind: str  # "goal" or "action"


def timeline(spans: Sequence[Span], today: dt.date, kind_labels: Mapping[str, str], today_label: str) -> go.Figure:
    """Goals and their actions over the months, each goal followed by its actions.

    Each span has a row of its own (rows are positions, labelled with the titles), so that
    two goals or actions with the same title stay two rows."""
    labels = [_text(s.label) for s in spans]
    traces = []
    for kind, colour in (("goal", COLOURS["target"]), ("action", COLOURS["current"])):
        rows = [(row, s) for row, s in enumerate(spans) if s.kind == kind]
        if rows:
            traces.append(
                go.Bar(
                    y=[row for row, _ in rows],
                    x=[(s.end - s.start).days * 86_400_000 + 86_400_000 for _, s in rows],
                    base=[s.start.isoformat() for _, s in rows],
                    orientation="h",
                    name=kind_labels[kind],
                    marker={"color": colour},
                    customdata=[[labels[row], s.start.isoformat(), s.end.isoformat()] for row, s in rows],
                    hovertemplate="%{customdata[0]}<br>%{customdata[1]} – %{customdata[2]}<extra></extra>",
                    meta={"kind": kind},
                )
            )
    layout = go.Layout(
        barmode="overlay",
        xaxis={"type": "date"},
        yaxis={"autorange": "reversed", "tickvals": list(range(len(spans))), "ticktext": labels, "automargin": True},
        legend={"orientation": "h", "y": -0.15},
        height=max(260, 36 * len(spans) + 120),
        margin={"l": 10, "r": 10, "t": 40, "b": 30},
        shapes=[{"type": "line", "xref": "x", "yref": "paper", "x0": today.isoformat(), "x1": today.isoformat(), "y0": 0, "y1": 1,
                 "line": {"color": COLOURS["previous"], "dash": "dot"}}],
        annotations=[{"x": today.isoformat(), "y": 1.0, "yref": "paper", "yanchor": "bottom", "text": _text(today_label),
                      "showarrow": False}],
    )
    return go.Figure(data=traces, layout=layout)


def week_heatmap(grid: pd.DataFrame, row_labels: Sequence[str], column_labels: Sequence[str], hover_label: str) -> go.Figure:
    """Actions (rows) by weeks (columns), coloured by how much of the week's target was done.
    Rows are positions labelled with the titles: two actions with one title stay two rows."""
    labels = [_text(label) for label in row_labels]
    rows = list(range(len(labels)))
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(dtype=float).tolist(),
            x=list(column_labels),
            y=rows,
            customdata=[[label] * len(column_labels) for label in labels],
            zmin=0,
            zmax=1,
            colorscale=[[0, "#E5E7EB"], [0.001, "#CDEBE7"], [1, COLOURS["current"]]],
            xgap=2,
            ygap=2,
            colorbar={"tickformat": ".0%", "thickness": 12},
            hovertemplate="%{customdata}<br>%{x}: %{z:.0%} " + hover_label + "<extra></extra>",
        )
    )
    figure.update_layout(
        yaxis={"autorange": "reversed", "automargin": True, "tickvals": rows, "ticktext": labels},
        xaxis={"tickangle": -45, "type": "category"},
        height=max(220, 30 * len(row_labels) + 130),
        margin={"l": 10, "r": 10, "t": 20, "b": 60},
    )
    return figure


def wellbeing(frame: pd.DataFrame, labels: Mapping[str, str]) -> go.Figure:
    """Energy and stress (1-5) per week as two lines."""
    figure = go.Figure()
    for column, colour in (("energy", COLOURS["current"]), ("stress", COLOURS["target"])):
        figure.add_trace(
            go.Scatter(
                x=frame["week_start"], y=frame[column], name=labels[column], mode="lines+markers",
                line={"color": colour, "width": 2}, connectgaps=False, meta={"kind": column},
            )
        )
    figure.update_layout(
        yaxis={"range": [0.5, 5.5], "tickvals": [1, 2, 3, 4, 5]},
        legend={"orientation": "h", "y": -0.2},
        height=300,
        margin={"l": 10, "r": 10, "t": 20, "b": 30},
    )
    return figure


def progress_line(frame: pd.DataFrame, label: str) -> go.Figure:
    """A goal's progress estimates over time (percent)."""
    figure = go.Figure(
        go.Scatter(
            x=frame["recorded_at"], y=frame["percent"], mode="lines+markers", name=label, line_shape="hv",
            line={"color": COLOURS["current"], "width": 3},
        )
    )
    figure.update_layout(yaxis={"range": [0, 105], "ticksuffix": "%"}, height=240, margin={"l": 10, "r": 10, "t": 10, "b": 30})
    return figure
