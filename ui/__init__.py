"""The Streamlit side of the app: one module per tab or sidebar section.

Only :mod:`app` and these modules import Streamlit; they wire widgets to
:mod:`siting` functions and render what those return. ``common`` holds the
constants and display helpers every tab shares; ``state`` the cached loaders
and the per-session data (plots, services, configs, measured distances).
"""
