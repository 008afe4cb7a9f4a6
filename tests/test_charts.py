import datetime as dt

from coaching import charts
from coaching.charts import Series

AXES = {"a": "Communication", "b": "Aligning strategy with organisational goals", "c": "Innovation"}


def test_radar_closes_the_shape_and_keeps_missing_scores_as_gaps():
    figure = charts.radar(AXES, [Series("Now", {"a": 3.0, "b": None, "c": 4.5}, "current"), Series("Target", {"a": 4}, "target")], "not rated")
    target, now = figure.data
    assert list(now.r) == [3.0, None, 4.5, 3.0]
    assert now.theta[0] == now.theta[-1] == "Communication"
    assert "<br>" in now.theta[1]  # long labels wrap instead of being cut off
    assert now.customdata[1].endswith("not rated")
    assert list(target.r) == [4, None, None, 4]
    assert figure.layout.polar.radialaxis.range == (0, 5)


def test_dumbbell_sorts_by_the_current_score_and_joins_previous_to_now():
    figure = charts.dumbbell(
        AXES,
        [Series("Now", {"a": 3.0, "b": None, "c": 4.5}, "current"), Series("Before", {"a": 2.0, "b": 1.0, "c": 4.0}, "previous")],
        "not rated",
    )
    markers = [trace for trace in figure.data if trace.mode == "markers"]
    now = next(trace for trace in markers if trace.meta["kind"] == "current")
    assert list(now.y) == ["Aligning strategy with organisational goals", "Communication", "Innovation"]
    assert list(now.x) == [None, 3.0, 4.5]
    [lines] = [trace for trace in figure.data if trace.mode == "lines"]  # one trace, a gap between the lines
    assert list(lines.x) == [3.0, 2.0, None, 4.5, 4.0, None]  # now to before; no line where "now" is missing
    assert list(lines.y) == ["Communication", "Communication", None, "Innovation", "Innovation", None]
    assert [a.text for a in figure.layout.annotations] == ["not rated"]


def test_two_goals_or_actions_with_one_title_stay_two_rows_on_the_timeline():
    import datetime as dt

    spans = [
        charts.Span("Same goal", dt.date(2026, 1, 5), dt.date(2026, 6, 1), "goal"),
        charts.Span("· Same action", dt.date(2026, 1, 5), dt.date(2026, 2, 1), "action"),
        charts.Span("Same goal", dt.date(2026, 3, 2), dt.date(2026, 9, 1), "goal"),
        charts.Span("· Same action", dt.date(2026, 3, 2), dt.date(2026, 4, 1), "action"),
    ]
    figure = charts.timeline(spans, dt.date(2026, 5, 1), {"goal": "Goal", "action": "Action"}, "today")
    rows = sorted(row for trace in figure.data for row in trace.y)
    assert rows == [0, 1, 2, 3]
    assert list(figure.layout.yaxis.ticktext) == ["Same goal", "· Same action", "Same goal", "· Same action"]


def test_two_actions_with_one_title_stay_two_rows_in_the_heatmap():
    import pandas as pd

    grid = pd.DataFrame([[1.0, 0.5], [0.0, 1.0]], index=[7, 8], columns=[dt.date(2026, 1, 5), dt.date(2026, 1, 12)])
    figure = charts.week_heatmap(grid, ["Walk", "Walk"], "done")
    assert list(figure.data[0].y) == [0, 1]
    assert list(figure.layout.yaxis.ticktext) == ["Walk", "Walk"]
    # padded to HEATMAP_WEEKS columns, the real weeks last
    assert [list(row)[-2:] for row in figure.data[0].z] == [[1.0, 0.5], [0.0, 1.0]]
    assert all(cell is None for row in figure.data[0].z for cell in list(row)[:-2])


# -- readable for everyone, in their language, with any number of points ----------------------

import json  # noqa: E402

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

LOOKS = [charts.Look("en"), charts.Look("nl", "#000037")]
# Streamlit's light and dark backgrounds: every trace colour must read on both.
BACKGROUNDS = {"light": "#FFFFFF", "dark": "#171614"}  # Streamlit 1.67 defaults


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def fonts(node, path="figure"):
    """Every font setting in a figure's JSON, with where it is; the template's defaults for
    chart types Koers never draws (icicle, sunburst, ...) are left out."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "template":
                continue
            if key.endswith("font") and isinstance(value, dict):
                yield f"{path}.{key}", value
            yield from fonts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for number, value in enumerate(node):
            yield from fonts(value, f"{path}[{number}]")


def figures(count: int, look: charts.Look) -> dict:
    """Every chart with `count` points (rounds, weeks, estimates, spans)."""
    days = [dt.date(2026, 1, 5) + dt.timedelta(weeks=n) for n in range(count)]
    axes = {f"c{n}": f"Competency {n}" for n in range(9)}
    scores = {cid: 3.0 for cid in axes}
    return {
        "radar": charts.radar(axes, [charts.Series("Now", scores, "current"), charts.Series("Target", {c: 3 for c in axes}, "target")], "x", look),
        "dumbbell": charts.dumbbell(axes, [charts.Series("Now", scores, "current"), charts.Series("Target", {c: 3 for c in axes}, "target")], "x", look),
        "timeline": charts.timeline([charts.Span(f"Goal {n}", d, d + dt.timedelta(weeks=8), "goal") for n, d in enumerate(days)],
                                    dt.date(2026, 3, 2), {"goal": "Goal", "action": "Action"}, "today", look),
        "heatmap": charts.week_heatmap(pd.DataFrame([[1.0] * count], index=[1], columns=days), ["Walk"], "done", look),
        "wellbeing": charts.wellbeing(pd.DataFrame({"week_start": days, "energy": [3] * count, "stress": [2] * count}),
                                      {"energy": "Energy", "stress": "Stress"}, look),
        "progress": charts.progress_line(pd.DataFrame({"recorded_at": [pd.Timestamp(d) for d in days], "percent": [10] * count}),
                                         "Progress", look),
    }


@pytest.mark.parametrize("count", [0, 1, 2, 150])
@pytest.mark.parametrize("look", LOOKS, ids=lambda look: look.language)
def test_every_chart_text_is_14px_or_more_in_the_colour_of_the_viewers_theme(count, look):
    for name, figure in figures(count, look).items():
        spec = json.loads(figure.to_json())
        found = list(fonts(spec))
        assert found, name
        for where, font in found:
            if "size" in font:
                assert font["size"] >= 14, f"{name} {where}: {font['size']} px"
            # One colour for every text, the one asked for: the app asks for one that the
            # browser's Streamlit theme fills in (a fixed colour would be wrong in one theme).
            # (A hover label is drawn on its own background, with its own colour.)
            if "hoverlabel" not in where:
                assert font.get("color") == look.text_colour, f"{name} {where}: {font.get('color')}"
        assert spec["layout"]["font"]["size"] >= 14


def test_the_trace_colours_read_on_both_backgrounds():
    for colour in charts.COLOURS.values():
        assert all(contrast(colour, background) >= 3 for background in BACKGROUNDS.values()), colour


@pytest.mark.parametrize("count", [1, 2, 150])
def test_dates_are_labelled_as_days_in_the_viewers_language_whatever_the_number_of_points(count):
    for name in ("wellbeing", "progress", "timeline"):
        dutch = json.loads(figures(count, charts.Look("nl"))[name].to_json())["layout"]["xaxis"]
        english = json.loads(figures(count, charts.Look("en"))[name].to_json())["layout"]["xaxis"]
        assert dutch["tickvals"] == english["tickvals"] and 1 <= len(dutch["ticktext"]) <= 7, name
        assert all(":" not in label for label in dutch["ticktext"]), name  # never a time of day
        assert dutch["range"][0] < dutch["tickvals"][0] <= dutch["tickvals"][-1] < dutch["range"][1], name
    assert charts.date_ticks(dt.date(2026, 3, 2), dt.date(2026, 3, 2), "nl") == (["2026-03-02"], ["2 mrt"])
    assert charts.date_ticks(dt.date(2026, 1, 5), dt.date(2026, 12, 28), "nl")[1][:3] == ["feb 2026", "apr 2026", "jun 2026"]
    assert charts.date_ticks(dt.date(2026, 1, 5), dt.date(2026, 12, 28), "en")[1][:3] == ["Feb 2026", "Apr 2026", "Jun 2026"]


@pytest.mark.parametrize("count", [1, 2, 150])
def test_bars_and_cells_keep_their_size(count):
    made = figures(count, charts.Look())
    assert made["timeline"].layout.height == charts.ROW_HEIGHT * count + 130  # one goal: one slim bar
    heat = made["heatmap"]
    assert len(heat.data[0].x) == max(count, charts.HEATMAP_WEEKS)  # one week: one cell of eight
    assert len(heat.layout.xaxis.ticktext) <= 10  # many weeks: every few labelled, level, not overlapping
    assert heat.layout.height == charts.ROW_HEIGHT + 110


def test_a_score_at_its_target_keeps_both_marks_visible():
    axes = {"a": "A", "b": "B"}
    series = [charts.Series("Target", {"a": 4, "b": 4}, "target"), charts.Series("Now", {"a": 4.0, "b": 3.0}, "current")]
    for figure in (charts.dumbbell(axes, series, "x"), charts.radar(axes, series, "x")):
        kinds = [t.meta["kind"] for t in figure.data if t.meta and t.meta["kind"] in ("current", "target")]
        assert kinds == ["target", "current"]  # now drawn over the target ...
        target, now = (next(t for t in figure.data if t.meta and t.meta["kind"] == k) for k in ("target", "current"))
        assert now.marker.size < target.marker.size and target.marker.symbol == "diamond-open"  # ... inside its open diamond


def test_heatmap_weeks_are_labelled_by_their_monday_and_padded_with_the_weeks_before():
    grid = pd.DataFrame([[1.0]], index=[1], columns=[dt.date(2026, 3, 2)])
    figure = charts.week_heatmap(grid, ["Walk"], "gedaan", charts.Look("nl"))
    heat = figure.data[0]
    assert len(heat.x) == charts.HEATMAP_WEEKS
    assert heat.customdata[0][-1] == ["Walk", "2 mrt"]
    assert heat.customdata[0][0][1] == "12 jan"  # seven weeks before, labelled as weeks too
    assert list(heat.z[0]) == [None] * 7 + [1.0]


def test_the_radar_writes_short_names_on_its_axes_and_the_full_name_in_the_hover():
    axes = {"change": "Verandermanagement", "talk": "Communicatie"}
    figure = charts.radar(axes, [Series("Nu", {"change": 3.0, "talk": 4.0}, "current")], "x", charts.Look("nl"),
                          short={"change": "Verandering"})
    now = figure.data[0]
    assert list(now.theta)[:2] == ["Verandering", "Communicatie"]
    assert now.customdata[0] == "Verandermanagement: 3.0"
