"""Plotly figures: data in, Figure out, no I/O.

Every chart is drawn for its viewer (`Look`): text at 14 px or more, so that it reads over
a video call, and dates written in the viewer's language ("mrt 2026"). Text takes the colour
the caller names (`Look.text_colour`); the app names one that the browser fills in with the
light or dark theme the viewer actually sees, since the server's guess of that theme can be
stale (after a switch, or on a session's first run). Trace colours read on both the light
and the dark background.

Charts stay right with one point as with many: dates are placed and labelled by the chart
itself (no "23:59:59" between two days), bars and cells have a fixed height per row, and a
heatmap shows at least a few weeks so that one week is one cell, not the whole chart.

Plotly reads a few HTML tags in labels (<b>, <a href>, <br>); every text that comes in here
is escaped first, so that a leader's words are shown as typed."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from coaching.i18n import format_date

# Teal for "now" (the app's primary colour), slate for the past, amber for the target: each
# at least 3:1 against the light and the dark background, as WCAG asks of graphics.
COLOURS = {"current": "#0F9488", "previous": "#8493A8", "target": "#D97706"}
SCALE_RANGE = (0, 5)
GRID = "rgba(128, 128, 128, 0.35)"
FONT_SIZE = 14


@dataclass(frozen=True)
class Look:
    """How a chart is drawn for its viewer: the language its dates are written in, and the
    colour of its text (None: the chart theme's own)."""

    language: str = "en"
    text_colour: str | None = None

    @property
    def font(self) -> dict:
        return {"size": FONT_SIZE} if self.text_colour is None else {"size": FONT_SIZE, "color": self.text_colour}

    def axis(self, **settings) -> dict:
        return {"tickfont": self.font, "title": {"font": self.font}, "gridcolor": GRID, "linecolor": GRID, **settings}

    def layout(self, **settings) -> go.Layout:
        """A layout with the viewer's font everywhere text is written."""
        legend = {"font": self.font, **settings.pop("legend", {})}
        return go.Layout(font=self.font, legend=legend, hoverlabel={"font": {"size": FONT_SIZE}},  # on the hover's own background
                         paper_bgcolor="rgba(0, 0, 0, 0)", plot_bgcolor="rgba(0, 0, 0, 0)", **settings)


@dataclass(frozen=True)
class Series:
    """One line on a chart: a label for the legend, a score per competency, and its kind
    ("current", "previous" or "target")."""

    label: str
    scores: Mapping[str, float | None]
    kind: str


def radar(axes: Mapping[str, str], series: Sequence[Series], missing_label: str, look: Look = Look(),
          short: Mapping[str, str] | None = None) -> go.Figure:
    """A radar of the competencies; `axes` maps competency id -> name, in order, and `short`
    (if given) id -> the shorter label to write on the axis; the hover gives the full name.

    A competency without a score is a gap in the line (None), never 0; the hover says so.
    The target is drawn first and now last, with now's markers smaller than the target's, so
    that a score at its target leaves both marks visible. The figure is built in one
    go.Figure call: adding traces one by one validates the whole figure each time."""
    ids = list(axes)
    labels = [_wrap((short or axes).get(cid, axes[cid])) for cid in ids]
    drawing_order = {"target": 0, "previous": 1, "current": 2}
    traces = []
    for line in sorted(series, key=lambda s: drawing_order[s.kind]):
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
                marker=_marker(line.kind, small=True),
                customdata=hover + hover[:1],
                hovertemplate="%{customdata}<extra>" + _text(line.label) + "</extra>",
                connectgaps=False,
                meta={"kind": line.kind, "competencies": ids},
            )
        )
    # The scale's numbers sit between the first two axes, not on top of the first one.
    between = 90 - 360 / len(ids) / 2 if ids else 90
    layout = look.layout(
        polar={
            # Transparent with grey lines, so that the radar reads on the light and the dark theme.
            "bgcolor": "rgba(0, 0, 0, 0)",
            "radialaxis": {"range": list(SCALE_RANGE), "tickvals": [1, 2, 3, 4, 5], "angle": between, "tickfont": look.font,
                           "gridcolor": GRID, "linecolor": GRID},
            "angularaxis": {"direction": "clockwise", "rotation": 90, "gridcolor": GRID, "linecolor": GRID,
                            "tickfont": look.font},
        },
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "xanchor": "center", "x": 0.5, "traceorder": "reversed"},
        # Room for the wrapped names around the circle, and no more: a radar as large as the
        # column allows, for a screen shared in a video call.
        margin={"l": 95, "r": 95, "t": 40, "b": 20},
        height=480,
    )
    return go.Figure(data=traces, layout=layout)


def dumbbell(axes: Mapping[str, str], series: Sequence[Series], missing_label: str, look: Look = Look()) -> go.Figure:
    """The same numbers as the radar, as a dot plot sorted by the current score: a line
    from the previous round to now, and the target beside it. Easier to read than a radar.

    The target is drawn first and now last, now's dot smaller than the target's open
    diamond, so that a score at its target stays visible as both."""
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
            {"x": 0.6, "y": label, "text": _text(missing_label), "showarrow": False, "xanchor": "left", "font": look.font}
            for cid, label in zip(ids, labels)
            if current.scores.get(cid) is None
        ]
    layout = look.layout(
        xaxis=look.axis(range=[0.5, 5.3], tickvals=[1, 2, 3, 4, 5], showgrid=True),
        yaxis=look.axis(automargin=True, showgrid=False),
        legend={"orientation": "h", "yanchor": "top", "y": -0.1, "xanchor": "center", "x": 0.5, "traceorder": "reversed"},
        margin={"l": 10, "r": 10, "t": 40, "b": 30},
        height=max(300, 44 * len(ids) + 120),
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


def _marker(kind: str, small: bool = False) -> dict:
    scale = 0.6 if small else 1.0
    return {
        "current": {"color": COLOURS["current"], "size": round(11 * scale)},
        "previous": {"color": COLOURS["previous"], "size": round(11 * scale), "symbol": "circle-open", "line": {"width": 2}},
        "target": {"color": COLOURS["target"], "size": round(17 * scale), "symbol": "diamond-open", "line": {"width": 2}},
    }[kind]


# -- dates -------------------------------------------------------------------------------------


def date_ticks(first: dt.date, last: dt.date, language: str, most: int = 7) -> tuple[list[str], list[str]]:
    """Where to put date labels between `first` and `last`, and the labels in `language`:
    Mondays ("23 mrt") over a few weeks, the first of the month ("mrt 2026") over longer.
    At most `most`, evenly spread, and always at least the one day when there is one."""
    if last < first:
        first, last = last, first
    span = (last - first).days
    if span <= 84:
        days = [first + dt.timedelta(days=d) for d in range(span + 1) if (first + dt.timedelta(days=d)).weekday() == 0] or [first]
        pattern = "d MMM"
    else:
        days, month = [], dt.date(first.year, first.month, 1)
        while month <= last:
            if month >= first:
                days.append(month)
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        pattern = "MMM y"
    step = max(1, -(-len(days) // most))
    chosen = days[::step]
    return [d.isoformat() for d in chosen], [format_date(d, language, pattern) for d in chosen]


def _date_axis(first: dt.date, last: dt.date, look: Look, pad_days: int = 4, **settings) -> dict:
    """A date axis from `first` to `last`, padded, labelled in the viewer's language."""
    tickvals, ticktext = date_ticks(first, last, look.language)
    return look.axis(type="date", tickvals=tickvals, ticktext=ticktext, tickangle=0,
                     range=[(first - dt.timedelta(days=pad_days)).isoformat(), (last + dt.timedelta(days=pad_days)).isoformat()],
                     **settings)


# -- goals, action plan and tracker -------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One bar on the plan timeline."""

    label: str
    start: dt.date
    end: dt.date
    kind: str  # "goal" or "action"


ROW_HEIGHT = 40  # px per bar or heatmap row: a plan of one goal is one slim bar, not a slab


def timeline(spans: Sequence[Span], today: dt.date, kind_labels: Mapping[str, str], today_label: str,
             look: Look = Look()) -> go.Figure:
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
                    width=0.6,
                    name=kind_labels[kind],
                    marker={"color": colour},
                    customdata=[[labels[row], format_date(s.start, look.language, "medium"), format_date(s.end, look.language, "medium")]
                                for row, s in rows],
                    hovertemplate="%{customdata[0]}<br>%{customdata[1]} – %{customdata[2]}<extra></extra>",
                    meta={"kind": kind},
                )
            )
    first = min([today, *(s.start for s in spans)])
    last = max([today, *(s.end for s in spans)])
    layout = look.layout(
        barmode="overlay",
        xaxis=_date_axis(first, last, look, pad_days=7),
        yaxis=look.axis(autorange="reversed", tickvals=list(range(len(spans))), ticktext=labels, automargin=True, showgrid=False),
        legend={"orientation": "h", "y": -0.15 if len(spans) > 3 else -0.4},
        height=ROW_HEIGHT * max(len(spans), 1) + 130,
        margin={"l": 10, "r": 10, "t": 40, "b": 30},
        shapes=[{"type": "line", "xref": "x", "yref": "paper", "x0": today.isoformat(), "x1": today.isoformat(), "y0": 0, "y1": 1,
                 "line": {"color": COLOURS["previous"], "dash": "dot"}}],
        annotations=[{"x": today.isoformat(), "y": 1.0, "yref": "paper", "yanchor": "bottom", "text": _text(today_label),
                      "showarrow": False, "font": look.font}],
    )
    return go.Figure(data=traces, layout=layout)


HEATMAP_WEEKS = 8  # the least number of week columns: one week is one cell, not the chart


def week_heatmap(grid: pd.DataFrame, row_labels: Sequence[str], hover_label: str, look: Look = Look()) -> go.Figure:
    """Actions (rows) by weeks (columns: their Mondays), coloured by how much of the week's
    target was done. Rows are positions labelled with the titles: two actions with one title
    stay two rows. Weeks are labelled by their Monday in the viewer's language ("23 nov");
    fewer than HEATMAP_WEEKS weeks are preceded by the empty weeks before them."""
    labels = [_text(label) for label in row_labels]
    rows = list(range(len(labels)))
    mondays = [pd.Timestamp(m).date() for m in grid.columns]
    missing = max(0, HEATMAP_WEEKS - len(mondays))
    first = mondays[0] if mondays else dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    mondays = [first - dt.timedelta(weeks=missing - n) for n in range(missing)] + mondays
    values = [[None] * missing + row for row in grid.to_numpy(dtype=float).tolist()]
    columns = [format_date(m, look.language, "d MMM") for m in mondays]
    # Over many weeks, label every few so that the labels do not overlap.
    shown = columns[:: max(1, -(-len(columns) // 10))]
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=list(range(len(columns))),
            y=rows,
            customdata=[[[label, column] for column in columns] for label in labels],
            zmin=0,
            zmax=1,
            colorscale=[[0, "#E5E7EB"], [0.001, "#CDEBE7"], [1, COLOURS["current"]]],
            xgap=3,
            ygap=3,
            colorbar={"tickformat": ".0%", "thickness": 12, "tickfont": look.font},
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}: %{z:.0%} " + _text(hover_label) + "<extra></extra>",
        ),
        layout=look.layout(
            yaxis=look.axis(autorange="reversed", automargin=True, tickvals=rows, ticktext=labels, showgrid=False),
            xaxis=look.axis(tickvals=[columns.index(c) for c in shown], ticktext=shown, tickangle=0, showgrid=False),
            height=ROW_HEIGHT * max(len(rows), 1) + 110,
            margin={"l": 10, "r": 10, "t": 20, "b": 60},
        ),
    )
    return figure


def wellbeing(frame: pd.DataFrame, labels: Mapping[str, str], look: Look = Look()) -> go.Figure:
    """Energy and stress (1-5) per week as two lines; weeks labelled in the viewer's language."""
    weeks = [pd.Timestamp(d).date() for d in frame["week_start"]]
    traces = [
        go.Scatter(
            x=[d.isoformat() for d in weeks], y=frame[column].tolist(), name=_text(labels[column]), mode="lines+markers",
            line={"color": colour, "width": 3}, marker={"size": 8}, connectgaps=False, meta={"kind": column},
        )
        for column, colour in (("energy", COLOURS["current"]), ("stress", COLOURS["target"]))
    ]
    first, last = (min(weeks), max(weeks)) if weeks else (dt.date.today(), dt.date.today())
    return go.Figure(data=traces, layout=look.layout(
        xaxis=_date_axis(first, last, look),
        yaxis=look.axis(range=[0.5, 5.5], tickvals=[1, 2, 3, 4, 5]),
        legend={"orientation": "h", "y": -0.25},
        height=320,
        margin={"l": 10, "r": 10, "t": 20, "b": 30},
    ))


def progress_line(frame: pd.DataFrame, label: str, look: Look = Look()) -> go.Figure:
    """A goal's progress estimates over time (percent), dated in the viewer's language."""
    moments = [pd.Timestamp(m).to_pydatetime() for m in frame["recorded_at"]]
    days = [m.date() for m in moments] or [dt.date.today()]
    trace = go.Scatter(
        x=[m.isoformat() for m in moments], y=frame["percent"].tolist(), mode="lines+markers", name=_text(label),
        line_shape="hv", line={"color": COLOURS["current"], "width": 3}, marker={"size": 9},
    )
    return go.Figure(data=[trace], layout=look.layout(
        xaxis=_date_axis(min(days), max(days), look),
        yaxis=look.axis(range=[0, 105], ticksuffix="%"),
        showlegend=False,
        height=260,
        margin={"l": 10, "r": 10, "t": 10, "b": 30},
    ))
