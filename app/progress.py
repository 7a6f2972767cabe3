"""`storylens.pipeline.build(progress=...)` drawn as a Streamlit progress bar.

The library takes any factory `progress(total, desc)` returning an object with
`.update(n)` and `.close()` (the tqdm protocol); this is that object for the dashboard.
"""

from __future__ import annotations

import streamlit as st


class StreamlitProgress:
    def __init__(self, total: int, desc: str) -> None:
        self.total, self.desc, self.done = max(int(total), 0), desc, 0
        self.bar = st.progress(0.0, text=f"{desc}: 0/{self.total}")

    def update(self, n: int = 1) -> None:
        self.done += n
        frac = min(self.done / self.total, 1.0) if self.total else 1.0
        self.bar.progress(frac, text=f"{self.desc}: {self.done}/{self.total}")

    def set_postfix_str(self, text: str) -> None:
        """Counts per outcome while fetching ("fetched 3, http_404 1")."""
        self.desc = self.desc.split(" (")[0] + f" ({text})"

    def close(self) -> None:
        self.bar.progress(1.0, text=f"{self.desc}: done ({self.done}/{self.total})")


def factory(total: int, desc: str) -> StreamlitProgress:
    return StreamlitProgress(total, desc)
