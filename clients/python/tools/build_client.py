#!/usr/bin/env python3
"""Builds the remarkgraph Python package in the build tree, and tests it.

    build_client.py --build-dir DIR --proto-dir DIR build
    build_client.py --build-dir DIR --proto-dir DIR test --remarkgraphd PATH
    build_client.py --build-dir DIR --proto-dir DIR dist --out DIR

``build`` makes (or reuses) a virtualenv under DIR/venv with the pinned
tooling (tools/requirements-build.txt) and the package's dependencies,
stages the package sources in DIR/stage, generates the remarkgraph.v1
modules there with grpcio-tools, builds a wheel into DIR/dist and installs
it into the virtualenv. ``test`` does the same, then runs pytest on tests/
with REMARKGRAPHD set. ``dist`` builds, then writes the wheel and an sdist
(holding the generated modules, so installing it needs no grpcio-tools)
into the --out folder.

The virtualenv is reused while the pinned requirements are unchanged, so a
second run needs no network. When the toolchain is missing or the package
index cannot be reached, the script says why and exits with 77 (skipped).
Runs only the standard library.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator, NoReturn, Sequence

SKIP = 77
PACKAGE_DIR = Path(__file__).resolve().parent.parent
REQUIREMENTS = PACKAGE_DIR / "tools" / "requirements-build.txt"
PROTOS = ("resources", "graph_service", "write_service", "import_service", "watch_service")

# What pip prints when it cannot reach the package index.
NETWORK_ERRORS = re.compile(
    r"Could not fetch URL|Failed to establish a new connection|Temporary failure in name resolution|"
    r"Name or service not known|Network is unreachable|Max retries exceeded|ProxyError|"
    r"ConnectTimeoutError|ReadTimeoutError|Connection refused|No route to host|SSLError"
)


def log(message: str) -> None:
    print(f"build_client: {message}", flush=True)


def skip(reason: str) -> NoReturn:
    log(f"SKIPPED: {reason}")
    sys.exit(SKIP)


def run(command: Sequence[str | os.PathLike[str]], **kwargs: object) -> None:
    """Runs a command, echoing it; exits with its status if it fails."""
    log("$ " + " ".join(str(part) for part in command))
    status = subprocess.run([str(part) for part in command], **kwargs).returncode  # type: ignore[call-overload]
    if status != 0:
        log(f"failed with status {status}")
        sys.exit(1)


def pip_install(python: Path, arguments: Sequence[str]) -> None:
    """Runs pip install; a failure to reach the index is a skip."""
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--retries", "2",
               "--timeout", "30", *arguments]
    log("$ " + " ".join(command))
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode == 0:
        return
    print(result.stdout, end="")
    if NETWORK_ERRORS.search(result.stdout):
        skip("the Python package index could not be reached to install the build tooling")
    log(f"pip failed with status {result.returncode}")
    sys.exit(1)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Holds an exclusive lock on ``path`` (one build at a time per build tree)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def venv_python(build_dir: Path) -> Path:
    """Creates or updates the virtualenv; returns its interpreter."""
    venv = build_dir / "venv"
    python = venv / "bin" / "python"
    import tomllib  # Python 3.11 on; build() checks the version first.

    dependencies = tomllib.loads((PACKAGE_DIR / "pyproject.toml").read_text())["project"]["dependencies"]
    wanted = hashlib.sha256(
        "\n".join([sys.version, REQUIREMENTS.read_text(), *dependencies]).encode()
    ).hexdigest()
    stamp = venv / "remarkgraph-tooling.sha256"
    if python.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return python
    if venv.exists():
        shutil.rmtree(venv)
    log(f"creating the virtualenv {venv} with {sys.executable} ({sys.version.split()[0]})")
    created = subprocess.run([sys.executable, "-m", "venv", str(venv)])
    if created.returncode != 0 or not python.exists():
        skip(f"{sys.executable} cannot create a virtualenv (python3-venv missing?)")
    pip_install(python, ["--quiet", "-r", str(REQUIREMENTS), *dependencies])
    stamp.write_text(wanted + "\n")
    return python


def generate(python: Path, proto_dir: Path, out_dir: Path) -> None:
    """Generates messages, type stubs and gRPC stubs into out_dir."""
    run([python, "-m", "grpc_tools.protoc", f"-I{proto_dir}", f"--python_out={out_dir}",
         f"--pyi_out={out_dir}", f"--grpc_python_out={out_dir}",
         *(proto_dir / "remarkgraph" / "v1" / f"{name}.proto" for name in PROTOS)])


def build(build_dir: Path, proto_dir: Path) -> Path:
    """Builds and installs the package; returns the virtualenv's interpreter."""
    if sys.version_info < (3, 11):
        skip(f"building needs Python 3.11 or newer, this is {sys.version.split()[0]}")
    started = time.monotonic()
    python = venv_python(build_dir)
    stage = build_dir / "stage"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(PACKAGE_DIR / name, stage / name)
    shutil.copytree(PACKAGE_DIR / "src", stage / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*_pb2.py", "*_pb2.pyi", "*_pb2_grpc.py"))
    generate(python, proto_dir, stage / "src")
    # The retry policy every client applies (clients/service_config.json).
    shutil.copy2(PACKAGE_DIR.parent / "service_config.json",
                 stage / "src" / "remarkgraph" / "service_config.json")
    dist = build_dir / "dist"
    if dist.exists():
        shutil.rmtree(dist)
    run([python, "-m", "pip", "wheel", "--disable-pip-version-check", "--quiet", "--no-deps",
         "--no-build-isolation", "--wheel-dir", dist, stage])
    wheels = glob.glob(str(dist / "remarkgraph-*.whl"))
    if len(wheels) != 1:
        log(f"expected one wheel in {dist}, found {wheels}")
        sys.exit(1)
    pip_install(python, ["--quiet", "--no-deps", "--no-index", "--force-reinstall", wheels[0]])
    log(f"built {Path(wheels[0]).name} in {time.monotonic() - started:.1f} s")
    return python


def test(python: Path, remarkgraphd: Path) -> None:
    """Runs the package's tests against the installed wheel."""
    if not os.access(remarkgraphd, os.X_OK):
        log(f"no remarkgraphd at {remarkgraphd}")
        sys.exit(1)
    environment = dict(os.environ, REMARKGRAPHD=str(remarkgraphd), PYTHONDONTWRITEBYTECODE="1")
    started = time.monotonic()
    status = subprocess.run([str(python), "-m", "pytest", "-v", "tests"], cwd=PACKAGE_DIR, env=environment).returncode
    log(f"pytest finished with status {status} in {time.monotonic() - started:.1f} s")
    sys.exit(status)


def dist(python: Path, build_dir: Path, out: Path) -> None:
    """Copies the wheel, and writes an sdist of the staged package, into out."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("remarkgraph-*"):
        old.unlink()
    for wheel in (build_dir / "dist").glob("remarkgraph-*.whl"):
        shutil.copy2(wheel, out / wheel.name)
    # setuptools' own PEP 517 hook, in the virtualenv that built the wheel.
    sdist = subprocess.run(
        [str(python), "-c", "import sys; from setuptools import build_meta; build_meta.build_sdist(sys.argv[1])",
         str(out)], cwd=build_dir / "stage", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if sdist.returncode != 0:
        print(sdist.stdout, end="")
        log(f"building the sdist failed with status {sdist.returncode}")
        sys.exit(1)
    log("wrote " + ", ".join(sorted(path.name for path in out.glob("remarkgraph-*"))) + f" into {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, required=True, help="where the venv, stage and wheel go")
    parser.add_argument("--proto-dir", type=Path, required=True, help="the folder holding remarkgraph/v1/*.proto")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="generate, build and install the package")
    test_parser = commands.add_parser("test", help="build, then run the tests")
    test_parser.add_argument("--remarkgraphd", type=Path, required=True, help="the server binary")
    dist_parser = commands.add_parser("dist", help="build, then write the wheel and an sdist into --out")
    dist_parser.add_argument("--out", type=Path, required=True, help="the folder to write into")
    arguments = parser.parse_args()

    build_dir = arguments.build_dir.resolve()
    with locked(build_dir / "build.lock"):
        python = build(build_dir, arguments.proto_dir.resolve())
        if arguments.command == "test":
            test(python, arguments.remarkgraphd.resolve())
        elif arguments.command == "dist":
            dist(python, build_dir, arguments.out.resolve())


if __name__ == "__main__":
    main()
