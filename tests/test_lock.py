"""The lock file installs on every platform the README promises, for every supported Python.

``uv export`` lists the locked set (the project's dependencies, every group and extra) with the
environment marker under which each package is installed. For each platform below and each
supported Python, every package whose marker holds there must have a wheel in ``uv.lock`` whose
tags that platform accepts, so ``make html`` sets up without compiling anything. The check reads
``uv.lock`` only: no network.
"""

from __future__ import annotations

import subprocess
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pytest
from helpers import ROOT, uv_binary
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags, mac_platforms
from packaging.utils import canonicalize_name, parse_wheel_filename

#: Python versions the project supports (README, CI matrix); 3.11.4 sits below the lock's
#: 3.11.5 fork, so both 3.11 resolutions are checked.
PYTHONS = ("3.11.4", "3.11.9", "3.12.8", "3.13.1")


def _manylinux(arch: str) -> list[str]:
    # glibc up to 2.35 (Ubuntu 22.04) and every older one, with the legacy aliases (PEP 600).
    legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
    tags = []
    for minor in range(35, 4, -1):
        tags.append(f"manylinux_2_{minor}_{arch}")
        if minor in legacy:
            tags.append(f"{legacy[minor]}_{arch}")
    return [*tags, f"linux_{arch}"]


@dataclass(frozen=True)
class Platform:
    """A target: its marker values and the wheel platform tags it accepts, best first."""

    name: str
    markers: Mapping[str, str]
    platform_tags: tuple[str, ...]

    def environment(self, python: str) -> dict[str, str]:
        """Marker environment of this platform running CPython ``python`` (``"3.12.8"``)."""
        env = default_environment()
        env.update(
            implementation_name="cpython",
            platform_python_implementation="CPython",
            implementation_version=python,
            python_full_version=python,
            python_version=".".join(python.split(".")[:2]),
            **self.markers,
        )
        return env

    def tags(self, python: str) -> set[Tag]:
        """Wheel tags CPython ``python`` accepts on this platform."""
        version = tuple(int(x) for x in python.split(".")[:2])
        platforms = list(self.platform_tags)
        return {
            *cpython_tags(version, platforms=platforms),
            *compatible_tags(version, f"cp{version[0]}{version[1]}", platforms=platforms),
        }


def _posix(system: str, sys_platform: str, machine: str) -> dict[str, str]:
    return {
        "os_name": "posix",
        "sys_platform": sys_platform,
        "platform_system": system,
        "platform_machine": machine,
    }


PLATFORMS = (
    Platform("linux-x86_64", _posix("Linux", "linux", "x86_64"), tuple(_manylinux("x86_64"))),
    Platform("linux-aarch64", _posix("Linux", "linux", "aarch64"), tuple(_manylinux("aarch64"))),
    # Apple silicon on macOS 14, Intel Macs on macOS 13 (the last release most of them run).
    Platform(
        "macos-arm64", _posix("Darwin", "darwin", "arm64"), tuple(mac_platforms((14, 0), "arm64"))
    ),
    Platform(
        "macos-x86_64",
        _posix("Darwin", "darwin", "x86_64"),
        tuple(mac_platforms((13, 0), "x86_64")),
    ),
    Platform(
        "windows-amd64",
        {
            "os_name": "nt",
            "sys_platform": "win32",
            "platform_system": "Windows",
            "platform_machine": "AMD64",
        },
        ("win_amd64",),
    ),
)


def locked_wheels(lock: Mapping[str, object]) -> dict[tuple[str, str], list[str]]:
    """(name, version) -> file names of the wheels ``uv.lock`` records for that package."""
    wheels: dict[tuple[str, str], list[str]] = {}
    for package in lock["package"]:  # type: ignore[union-attr]
        key = (canonicalize_name(package["name"]), str(package.get("version", "")))
        wheels[key] = [w["url"].rsplit("/", 1)[-1] for w in package.get("wheels", [])]
    return wheels


def exported_requirements(uv: str) -> list[Requirement]:
    """The locked set as ``uv export`` writes it: pinned requirements with their markers."""
    out = subprocess.run(
        [
            uv, "export", "--frozen", "--offline", "--all-groups", "--all-extras",
            "--no-emit-project", "--no-hashes", "--no-header", "--no-annotate",
        ],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    lines = [line for line in out.splitlines() if line.strip() and not line.startswith("#")]
    return [Requirement(line) for line in lines]


def missing_wheels(
    requirements: Iterable[Requirement],
    wheels: Mapping[tuple[str, str], list[str]],
    platform: Platform,
    python: str,
) -> list[str]:
    """Packages installed on ``platform`` with ``python`` that have no wheel it accepts."""
    env, accepted = platform.environment(python), platform.tags(python)
    missing = []
    for req in requirements:
        if req.marker is not None and not req.marker.evaluate(env):
            continue
        version = next(iter(req.specifier)).version
        files = wheels.get((canonicalize_name(req.name), version))
        if files is None:
            missing.append(f"{req.name}=={version} is not in uv.lock")
        elif not any(parse_wheel_filename(f)[3] & accepted for f in files):
            missing.append(f"{req.name}=={version}: no wheel for {platform.name}, Python {python}")
    return missing


@pytest.fixture(scope="module")
def locked() -> tuple[list[Requirement], dict[tuple[str, str], list[str]]]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    return exported_requirements(uv_binary()), locked_wheels(lock)


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize("platform", PLATFORMS, ids=[p.name for p in PLATFORMS])
def test_every_locked_package_has_a_wheel_for_the_platform(
    locked: tuple[list[Requirement], dict[tuple[str, str], list[str]]],
    platform: Platform,
    python: str,
) -> None:
    requirements, wheels = locked
    installed = [r for r in requirements if r.marker is None or r.marker.evaluate(
        platform.environment(python))]  # fmt: skip
    # Not vacuous: the build's own stack is in the set on every platform.
    names = {canonicalize_name(r.name) for r in installed}
    assert {"sphinx", "myst-nb", "numpy", "sympy", "pytest"} <= names
    assert missing_wheels(requirements, wheels, platform, python) == []


def test_the_check_finds_a_package_without_a_wheel_for_a_platform() -> None:
    requirements = [
        Requirement("pure==1.0"),
        Requirement("native==2.0"),
        Requirement("mac-only==3.0 ; sys_platform == 'darwin'"),
    ]
    wheels = {
        ("pure", "1.0"): ["pure-1.0-py3-none-any.whl"],
        ("native", "2.0"): [
            "native-2.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "native-2.0-cp311-cp311-macosx_11_0_arm64.whl",
            "native-2.0-cp312-abi3-win_amd64.whl",
        ],
        ("mac-only", "3.0"): [],
    }
    linux, _, mac, intel_mac, windows = PLATFORMS
    assert missing_wheels(requirements, wheels, linux, "3.11.9") == []
    # The macOS wheel is for arm64 only, and the mac-only package has no wheel at all.
    assert missing_wheels(requirements, wheels, mac, "3.11.9") == [
        "mac-only==3.0: no wheel for macos-arm64, Python 3.11.9"
    ]
    assert len(missing_wheels(requirements, wheels, intel_mac, "3.11.9")) == 2
    # cp311 wheels do not install on 3.12, but the abi3 wheel for 3.12 does on 3.13.
    assert missing_wheels(requirements, wheels, linux, "3.12.8") == [
        "native==2.0: no wheel for linux-x86_64, Python 3.12.8"
    ]
    assert missing_wheels(requirements, wheels, windows, "3.11.9") == [
        "native==2.0: no wheel for windows-amd64, Python 3.11.9"
    ]
    assert missing_wheels(requirements, wheels, windows, "3.13.1") == []
    assert missing_wheels([Requirement("gone==1.0")], wheels, linux, "3.11.9") == [
        "gone==1.0 is not in uv.lock"
    ]
