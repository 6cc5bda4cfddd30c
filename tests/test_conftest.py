"""The quick loop builds nothing: every test that needs a build is marked ``build`` by itself.

``tests/conftest.py`` marks each test whose fixtures (directly or through other fixtures) include
the built site or a scratch copy of the repository. Checked here on a small suite that uses the
real ``conftest.py``, and on the real suite as collected in this session.
"""

from __future__ import annotations

import pytest
from helpers import ROOT

SAMPLE = """
import pytest


@pytest.fixture
def shown(built_site):
    return built_site


@pytest.fixture
def page(shown):
    return shown


def test_uses_the_site(built_site):
    pass


def test_uses_it_two_fixtures_away(page):
    pass


def test_builds_a_scratch_copy(scratch_repo):
    pass


def test_needs_no_build(tmp_path):
    pass


@pytest.mark.parametrize("n", [1, 2])
def test_parametrized_without_build(n):
    pass
"""


def with_real_conftest(pytester: pytest.Pytester, *markers: str) -> None:
    """The project's ``conftest.py`` and helpers in ``pytester``, with these markers declared."""
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    declared = "".join(f"    {marker}: {marker}\n" for marker in markers)
    pytester.makeini(f"[pytest]\npythonpath = {ROOT / 'tests'}\nmarkers =\n{declared}")


def test_build_tests_are_marked_by_their_fixtures(pytester: pytest.Pytester) -> None:
    with_real_conftest(pytester, "build")
    pytester.makepyfile(test_sample=SAMPLE)
    quick = pytester.runpytest("-m", "not build", "--collect-only", "-q", "-p", "no:cacheprovider")
    collected = sorted(line for line in quick.outlines if "::" in line)
    assert collected == [
        "test_sample.py::test_needs_no_build",
        "test_sample.py::test_parametrized_without_build[1]",
        "test_sample.py::test_parametrized_without_build[2]",
    ]
    builds = pytester.runpytest("-m", "build", "--collect-only", "-q", "-p", "no:cacheprovider")
    assert sorted(line for line in builds.outlines if "::" in line) == [
        "test_sample.py::test_builds_a_scratch_copy",
        "test_sample.py::test_uses_it_two_fixtures_away",
        "test_sample.py::test_uses_the_site",
    ]


SITE_TESTS = """
import os
import time

import pytest
from helpers import once_per_session, session_directory


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):  # stands in for the real one: logs each build
    shared = session_directory(tmp_path_factory)

    def build():
        with (shared / "builds.log").open("a") as log:
            log.write("built\\n")
        time.sleep(1)  # the other worker asks meanwhile
        return os.getpid()

    return shared, once_per_session(shared, "site", build)


@pytest.mark.parametrize("n", range(8))
def test_reads_the_site(built_site, n):
    shared, builder = built_site
    assert (shared / "builds.log").read_text() == "built\\n"
    time.sleep(0.2)


@pytest.mark.parametrize("n", range(4))
def test_other(n):
    pass
"""


def test_the_site_is_built_once_and_read_on_every_worker(pytester: pytest.Pytester) -> None:
    # Two workers share the reading; the first to ask builds, the other waits and reads.
    with_real_conftest(pytester, "build")
    pytester.makepyfile(test_site=SITE_TESTS)
    result = pytester.runpytest_subprocess(
        "-n", "2", "--dist", "loadgroup", "-v", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=12)
    workers = {
        line.split()[0]
        for line in result.outlines
        if "test_reads_the_site" in line and line.startswith("[gw")
    }
    assert workers == {"[gw0]", "[gw1]"}, result.outlines


ORDER_TESTS = """
import pytest


@pytest.fixture(scope="session")
def built_site():
    return None


def test_quick():
    pass


@pytest.mark.parametrize("n", range(3))
def test_many(n):
    pass


def test_reads_the_site(built_site):
    pass


@pytest.mark.slow
def test_slow_alone():
    pass


@pytest.mark.slow
def test_slow_on_the_site(built_site):
    pass
"""


def test_the_longest_work_is_handed_out_first(pytester: pytest.Pytester) -> None:
    # Slow tests of the site, other slow tests, then the files with most tests (one group each).
    with_real_conftest(pytester, "slow")
    pytester.makepyfile(test_a=ORDER_TESTS, test_b="def test_other():\n    pass\n")
    result = pytester.runpytest("--co", "-q", "-p", "no:cacheprovider", "-p", "no:xdist")
    assert [line for line in result.outlines if "::" in line] == [
        "test_a.py::test_slow_on_the_site",
        "test_a.py::test_quick",
        "test_a.py::test_many[0]",
        "test_a.py::test_many[1]",
        "test_a.py::test_many[2]",
        "test_a.py::test_slow_alone",
        "test_a.py::test_reads_the_site",
        "test_b.py::test_other",
    ]


MUTATION_TESTS = """
import pytest


@pytest.mark.mutation
def test_changed_proof_fails():
    pass


def test_plain():
    pass
"""


def test_mutation_tests_run_only_when_asked(pytester: pytest.Pytester) -> None:
    with_real_conftest(pytester, "mutation")
    pytester.makepyfile(test_sample=MUTATION_TESTS)
    plain = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:xdist", "-v")
    plain.assert_outcomes(passed=1, deselected=1)
    asked = pytester.runpytest(
        "--mutation", "-m", "mutation", "-p", "no:cacheprovider", "-p", "no:xdist", "-v"
    )
    asked.assert_outcomes(passed=1, deselected=1)
    assert any("test_changed_proof_fails PASSED" in line for line in asked.outlines)


def test_every_collected_test_that_builds_is_marked(request: pytest.FixtureRequest) -> None:
    builders = {"built_site", "scratch_repo"}
    unmarked = [
        item.nodeid
        for item in request.session.items
        if builders & set(getattr(item, "fixturenames", ()))
        and not item.get_closest_marker("build")
    ]
    assert unmarked == []
