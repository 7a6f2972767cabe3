"""Methods: what each step of Storylens does, how well it was measured to work, in plain words."""

from pathlib import Path

import pandas as pd
import streamlit as st
import yaml

from app import ui

st.title("Methods")
st.write(
    "Storylens reads each article with an English language model (spaCy), then applies its own rules to find dates, actors, "
    "quotes and who did what to whom, and compares outlets sentence by sentence. Nothing is invented: every row of every table "
    "points to the sentence it comes from, so you can check it. The numbers below say how often each step was right on "
    "collections of news text that people annotated by hand (gold corpora); a score of 1.0 (or 100) would mean always right."
)
methods_file = Path(__file__).resolve().parents[1] / "app" / "methods.yaml"
methods = yaml.safe_load(methods_file.read_text(encoding="utf-8")) if methods_file.exists() else []
if not methods:
    st.info("No methods file (app/methods.yaml) yet.")
    st.stop()
for m in methods:
    st.markdown(f"**{ui.md_escape(m['task'])}**: {ui.md_escape(m['value'])}  \n{ui.md_escape(m.get('plain', ''))}")
st.subheader("Measured accuracy")
st.caption("Each number is printed by the named benchmark script on the named gold corpus (`python benchmarks/<script>`); blanks are not measured yet.")
# values are numbers or "a / b" pairs: shown as written
ui.table(pd.DataFrame(methods).astype(str), key="methods_table", file_name="methods")
st.caption(
    "F1 combines how many of the true answers were found (recall) and how many answers given were true (precision). B3 F1 scores grouping names into actors."
)
