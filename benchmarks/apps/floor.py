"""(b) The Streamlit floor: an app that writes one word. No dashboard can appear sooner.

With ATLAS_DISABLE_NAGLE set, (b′): the same with the server fix the dashboard applies to
itself (dashboard/nodelay.py), so that the fix is not counted as the dashboard beating the
floor."""

import os
import sys
from pathlib import Path

import streamlit as st

if os.environ.get("ATLAS_DISABLE_NAGLE"):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from dashboard.nodelay import disable_nagle

    st.cache_resource(disable_nagle)()  # once per process, as the dashboard does

st.write("ready")
