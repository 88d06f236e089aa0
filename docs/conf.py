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
# There is no network at build time, so no intersphinx inventories: references to
# the standard library and third-party classes are left unresolved on purpose.
nitpick_ignore_regex = [
    (r"py:class", r"_[A-Z][A-Za-z]*"),  # private type variables
    (r"py:.*", r"(datetime|decimal|collections|typing|enum|types|re|random|zlib)\..*"),
    (r"py:.*", r"(moneyed|numpy|np|pandas|pd|attrs|attr|cattrs|babel|holidays|dateutil)\..*"),
    (r"py:.*", r"(dask|distributed|matplotlib|rapidfuzz|stdnum|zoneinfo)\..*"),
    (r"py:class", r"(T|E|M|Any|Self|An .*|A .*|ndarray|NDArray.*|DataFrame|Series)"),
    (r"py:.*", r"receivables\..*\._.*"),
]
# Docstring examples run under pytest --doctest-modules; the doctest builder runs
# only the explicit ``{doctest}`` blocks of the tutorial and how-to pages.
doctest_test_doctest_blocks = ""
suppress_warnings = ["myst.header"]
doctest_global_setup = """
import datetime as dt
from decimal import Decimal
"""
