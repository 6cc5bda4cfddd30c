# IPython kernel profile for the page kernels (copied to _build/ipython by conf.py).
# ruff: noqa
c = get_config()  # type: ignore[name-defined]
c.HistoryManager.enabled = False
c.InlineBackend.figure_formats = {"svg"}
# No creation date in the SVG, so two builds write the same bytes.
c.InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Date": None}}
# Warnings and tracebacks printed on a page name the cell's code as /tmp/ipykernel_<pid>/<hash>.py;
# the PID differs on every build, so use a fixed directory: two builds then write the same bytes.
import ipykernel.compiler  # noqa: E402

ipykernel.compiler.get_tmp_directory = lambda: "/tmp/ipykernel"
# A page that triggers a numerical or library warning fails the build, as a Sphinx warning does:
# the warning becomes an exception in the cell, and the strict build reports its traceback.
c.InteractiveShellApp.exec_lines = [
    "import warnings",
    "warnings.filterwarnings('error', category=RuntimeWarning)",
    "warnings.filterwarnings('error', category=UserWarning)",
]
