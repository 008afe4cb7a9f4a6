from coaching import charts
from coaching.charts import Series

AXES = {"a": "Communication", "b": "Aligning strategy with organisational goals", "c": "Innovation"}


def test_radar_closes_the_shape_and_keeps_missing_scores_as_gaps():
    figure = charts.radar(AXES, [Series("Now", {"a": 3.0, "b": None, "c": 4.5}, "current"), Series("Target", {"a": 4}, "target")], "not rated")
    now, target = figure.data
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

    grid = pd.DataFrame([[1.0, 0.5], [0.0, 1.0]], index=[7, 8], columns=["2026-W01", "2026-W02"])
    figure = charts.week_heatmap(grid, ["Walk", "Walk"], list(grid.columns), "done")
    assert list(figure.data[0].y) == [0, 1]
    assert list(figure.layout.yaxis.ticktext) == ["Walk", "Walk"]
    assert [list(row) for row in figure.data[0].z] == [[1.0, 0.5], [0.0, 1.0]]
