"""Helpers shared by the tests and the benchmark: a real ``streamlit run`` server and
Debian's Chromium with every request off the machine refused. Not used by the app."""
