"""Sphinx configuration for Why Softmax.

The site's sources are the MyST-NB pages in ``docs/``; this file sits at the repository root and
is passed with ``-c .`` so nothing else in the repository is read as a page.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tools"))

import sitebuild  # noqa: E402  (tools/sitebuild.py: cache key, kernel set-up, dates)

# -- Project -----------------------------------------------------------------------------------

project = "Why Softmax"
author = "Why Softmax contributors"
# Sphinx writes the current year for %Y and replaces it by the year of SOURCE_DATE_EPOCH (set
# below from the last commit), so two builds of one commit agree byte for byte.
copyright = f"%Y, {author}"
# Forks change this one value to host their own copy.
repository_url = os.environ.get(
    "WHY_SOFTMAX_REPOSITORY", "https://github.com/why-softmax/why-softmax"
)
repository_branch = "main"

# -- Sources -----------------------------------------------------------------------------------

root_doc = "index"
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = [
    "_build",
    "_kernel",
    "_static",
    "_templates",
    "**/.ipynb_checkpoints",
    "Thumbs.db",
    ".DS_Store",
]
templates_path = ["docs/_templates"]

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "numpydoc",
    "sphinx.ext.mathjax",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinxext.bibstyle",  # tools/sphinxext: author-year labels in the reference list
    "sphinxcontrib.bibtex",
    # The project's own, in tools/sphinxext/:
    "sphinxext.offline_mathjax",  # MathJax 3 published under _static, no CDN
    "sphinxext.preexecute",  # run uncached pages in parallel before reading
    "sphinxext.notebook_downloads",  # each page's executed .ipynb for download
    "sphinxext.reproducible",  # an incremental build publishes what a clean one does
    "sphinxext.buildlog",  # no configuration dumps; the numbers of the summary line
    "sphinxext.verified",  # the "verified" mark linking a result to its proof
    "sphinxext.nowrap",  # no line break between inline math and its punctuation
    "sphinxext.interactive",  # Bokeh + runtime, only on pages with a slider figure
    "sphinxext.notation",  # the notation table's "first used on" column, read from the pages
    "sphinxext.docstrings",  # citation labels and :meta fields in the API page's docstrings
]

# -- Strictness --------------------------------------------------------------------------------

nitpicky = True
# SymPy and NumPy objects named in docstrings: no inventory is fetched at build time (no network),
# so these stay plain names. Everything inside the project must resolve.
nitpick_ignore_regex = [(r"py:.*", r"(sympy|numpy|matplotlib)(\..*)?")]
suppress_warnings: list[str] = []

# -- Execution ---------------------------------------------------------------------------------

# The kernels inherit this environment: the matplotlib style and the IPython profile (SVG
# figures without dates, fixed hash salt) are set here once, so pages need no set-up cells.
sitebuild.configure_kernel_environment(ROOT)

nb_execution_mode = "cache"
# Keyed on a hash of derivations/ (and the lock file, and the kernel set-up): editing the package
# starts a fresh cache, so no page can show results computed by older code.
derivations_hash = sitebuild.derivations_hash(ROOT)
nb_execution_cache_path = str(sitebuild.cache_path(ROOT, derivations_hash))
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_allow_errors = False
nb_merge_streams = True
# Glued Markdown (numbers, vectors) is read as MyST, so its $...$ is typeset math.
nb_render_markdown_format = "myst"

# -- MyST ----------------------------------------------------------------------------------------

myst_enable_extensions = ["amsmath", "dollarmath", "colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3
myst_dmath_double_inline = True
math_number_all = False
math_eqref_format = "({number})"
numfig = True
numfig_format = {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s"}

# -- Math ----------------------------------------------------------------------------------------

# MathJax 3 from the sphinx-mathjax-offline wheel, copied into _static by tools/offline_mathjax.py:
# pages render their math with no network, served over http or opened as files.
mathjax_path = "mathjax/tex-chtml.js"

# -- Autodoc -------------------------------------------------------------------------------------

autodoc_typehints = "none"  # the numpydoc sections already give the types, in words
autodoc_member_order = "bysource"
# Defaults as the source writes them (VERTEX), not as their repr (a SymPy symbol prints as TeX).
autodoc_preserve_defaults = True
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
numpydoc_validation_checks: set[str] = set()

# -- Bibliography --------------------------------------------------------------------------------

bibtex_bibfiles = ["docs/references.bib"]
bibtex_default_style = "authoryear"  # tools/sphinxext/bibstyle.py
bibtex_reference_style = "author_year"

# -- Link check (make linkcheck: external links and DOIs; weekly in CI, not in make test) --------

linkcheck_timeout = 30
linkcheck_retries = 2

# -- HTML ----------------------------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = "Why Softmax"
html_static_path = ["docs/_static"]
html_css_files = ["custom.css"]
# narrow-math.js sets display math again where it does not fit (a phone), as it is written by hand
# there: a derivation in one column, each reason above its step, and a statement broken before its
# relation; scroll-cue.js marks display equations that still scroll sideways, so custom.css shows
# the cue.
html_js_files = ["narrow-math.js", "scroll-cue.js"]
html_favicon = "docs/_static/favicon.svg"
# Pages that explain a term rank above the API entry of the same name (docs/_static/scorer.js).
html_search_scorer = "docs/_static/scorer.js"
html_last_updated_fmt = None
html_copy_source = True
html_show_sourcelink = True
# The theme's colour mode before a reader picks one; unset, its script logs a console error.
html_context = {"default_mode": "auto"}
html_theme_options = {
    "repository_url": repository_url,
    "repository_branch": repository_branch,
    "path_to_docs": "docs",
    "use_repository_button": True,
    "use_edit_page_button": True,
    "use_source_button": True,
    "use_download_button": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    # One search box: the sidebar's (and the article header's button on narrow screens); the
    # theme would repeat it in a top bar.
    "navbar_persistent": [],
}


def _prepare_execution_cache(app):
    # In the main process, before parallel readers race to create the database; caches of
    # other keys (older versions of derivations/) are removed here, not when conf.py is read.
    sitebuild.prepare_cache(Path(nb_execution_cache_path))


def setup(app):
    # A change of this value marks every page outdated, so Sphinx re-reads (and MyST-NB
    # re-executes) them all after an edit to derivations/.
    app.add_config_value("derivations_hash", "", "env", types=[str])
    app.connect("builder-inited", _prepare_execution_cache)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
