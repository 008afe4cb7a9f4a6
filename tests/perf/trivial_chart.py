"""The benchmark's baseline: a Streamlit page with one small Plotly chart and nothing else.

tests/perf/bench.py serves it with `streamlit run` next to Koers and compares how long the
browser takes to draw this chart with how long it takes to draw the profile's radar."""

import plotly.graph_objects as go
import streamlit as st

st.title("Trivial chart")
figure = go.Figure(go.Scatter(x=[1, 2, 3, 4, 5], y=[2, 1, 3, 5, 4], mode="lines+markers", name="baseline"))
st.plotly_chart(figure, theme="streamlit", key="chart")
