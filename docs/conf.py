"""Sphinx configuration: furo, myst-parser, autodoc; doctests run with -b doctest."""

project = "receivables"
author = "The receivables developers"
copyright = "2026, the receivables developers"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
html_theme = "furo"
html_title = "receivables"
exclude_patterns = ["_build"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
myst_enable_extensions = ["colon_fence"]
intersphinx_mapping: dict[str, tuple[str, None]] = {}
nitpicky = False
suppress_warnings = ["myst.header"]
doctest_global_setup = """
import datetime as dt
from decimal import Decimal
"""
