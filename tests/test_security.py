"""The security posture of a hosted instance, as far as files can show it (docs/security.md);
what only a running server can show is in tests/browser/test_http_surface.py."""

from __future__ import annotations

import subprocess
import tomllib

from conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_the_streamlit_settings_that_enforce_the_posture():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["enableStaticServing"] is True  # for Leaflet and the shapes only
    assert CONFIG["server"]["maxUploadSize"] == 20  # MB; a reader's file, not Streamlit's 200
    assert CONFIG["client"]["showErrorDetails"] == "none"  # no traceback reaches a visitor
    assert CONFIG["client"]["toolbarMode"] == "viewer"
    assert CONFIG["browser"]["gatherUsageStats"] is False  # the page calls no one home
    assert "enableCORS" not in CONFIG["server"]  # left on (the default)


def dashboard_source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "dashboard").glob("*.py"))


def test_the_one_upload_goes_to_the_limited_extraction_and_no_markdown_renders_raw_html():
    source = dashboard_source()
    assert source.count("st.file_uploader(") == 1  # "Your text"
    # Its bytes are read in a child process with time and memory limits, never saved.
    assert source.count("upload.getvalue()") == 1
    assert "extract_limited(upload.getvalue(), name)" in source
    assert "camera_input" not in source
    assert "unsafe_allow_html" not in source


def test_the_one_script_of_our_own_is_the_fixed_copy_link_button():
    source = dashboard_source()
    assert source.count("unsafe_allow_javascript=True") == 1
    assert "st.html(COPY_LINK, unsafe_allow_javascript=True)" in source


def test_no_secrets_are_committed_or_needed():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [p for p in tracked if p.endswith("secrets.toml")]
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text().split()
    assert "st.secrets" not in dashboard_source()
