"""(b) The Streamlit floor: an app that writes one word. No dashboard can appear sooner."""

import streamlit as st

st.write("ready")
