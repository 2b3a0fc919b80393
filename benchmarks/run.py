"""Measure cniselect's start-up time, scan throughput and scan memory, and print a report.

Usage::

    python benchmarks/run.py [--json] [--json-file FILE] [--repeat N] [--files N ...]
                             [--seed S] [--corpus-dir DIR] [--skip-scan]

Every figure is the median of ``--repeat`` runs of a fresh process, after one untimed
warm-up run that compiles bytecode and fills the page cache. Runs of the commands that
are compared with each other alternate, so that load from other processes spreads over
all of them. The commands run from the environment of the interpreter that runs this
script: the ``cniselect`` console script next to ``sys.executable``.

Wall time and CPU time are measured around each child process, and peak memory is the
child's ``ru_maxrss`` as returned by ``os.wait4``. That is per child, whereas
``getrusage(RUSAGE_CHILDREN)`` returns the maximum over all children so far, which a
delta cannot undo. ``os.wait4`` makes the script POSIX-only (Linux and macOS).

On Linux a child's ``ru_maxrss`` is never below the peak RSS of the process that
started it (after this process touches 200 MiB, a ``python -c pass`` child reports
211 MiB). This script therefore keeps its own memory small: it writes corpora and checks
outputs in other processes and never imports PyYAML or cniselect. A child figure that
does not exceed this process's peak is reported as an upper bound (``≤``).

See docs/benchmarks.md for what each figure means and a recorded run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

REPOSITORY = Path(__file__).resolve().parent.parent
GENERATOR = Path(__file__).resolve().with_name("generate_corpus.py")
PYTHON = sys.executable
CNISELECT = str(Path(sys.executable).with_name("cniselect"))
IMPORT_FLOOR = "import typer, pydantic, yaml, rich"
LIBRARIES = ("typer", "pydantic", "pydantic-core", "PyYAML", "rich")
RSS_UNIT = 1 if sys.platform == "darwin" else 1024
"""Bytes per unit of ``ru_maxrss``: kibibytes on Linux, bytes on macOS."""

# Capability ids of the bundled catalog, in the order the needs are added.
NEEDS = ("fixed-ip", "egress-gateway", "ingress-policy", "fqdn-policy",
         "bandwidth", "ip-pool", "l7-policy", "encryption")
NEED_COUNTS = (1, 4, 8)

# The comparison for ``scan``: read the same files as the scanner's directory walk and
# parse them with PyYAML's C loader alone. Files with a NUL byte or invalid UTF-8 are
# skipped, as the scanner skips them. A file with a YAML error stops at the error, where
# the scanner resumes at the next document. The corpus has no UTF-16 or UTF-32 files,
# which only the scanner decodes.
C_LOADER_SCRIPT = """\
import os
import sys

import yaml

SUFFIXES = (".yaml", ".yml", ".json")
files = documents = skipped = 0
for folder, subfolders, names in os.walk(sys.argv[1]):
    subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
    for name in sorted(names):
        if not name.lower().endswith(SUFFIXES):
            continue
        with open(os.path.join(folder, name), "rb") as stream:
            data = stream.read()
        files += 1
        if b"\\0" in data:
            skipped += 1
            continue
        try:
            text = data.decode("utf-8-sig")
            documents += len(list(yaml.load_all(text, Loader=yaml.CSafeLoader)))
        except (UnicodeDecodeError, yaml.YAMLError):
            skipped += 1
print(f"files {files} documents {documents} skipped {skipped}")
"""

TARGETS = {
    # name: (limit, aim or None), as a ratio
    "recommend": (1.0, 0.6),
    "matrix": (1.0, 0.6),
    "version": (0.3, None),
    "scan": (1.25, None),
    "memory": (1.5, None),
}


@dataclass
class Sample:
    """One run of a child process."""

    wall_seconds: float
    cpu_seconds: float
    max_rss_bytes: int
    parent_max_rss_bytes: int
    """Peak RSS of this process when the child started: a lower bound of the child's."""


@dataclass
class Measurement:
    """Repeated runs of one command, summarised by medians."""

    name: str
    command: list[str]
    cwd: Path | None = None
    stdout_path: Path | None = None
    """File that receives stdout (default: discarded)."""
    stderr_path: Path | None = None
    """File that receives stderr (default: a temporary file, shown when the command fails)."""
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(sample.wall_seconds for sample in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(sample.cpu_seconds for sample in self.samples)

    @property
    def max_rss(self) -> float:
        return statistics.median(sample.max_rss_bytes for sample in self.samples)

    @property
    def max_rss_is_upper_bound(self) -> bool:
        """Whether the peak RSS may be this process's peak, inherited by the child."""
        return self.max_rss <= max(sample.parent_max_rss_bytes for sample in self.samples)

    def summary(self) -> dict[str, Any]:
        walls = [sample.wall_seconds for sample in self.samples]
        return {
            "name": self.name,
            "command": self.command,
            "runs": len(self.samples),
            "wall_seconds_median": self.wall,
            "wall_seconds_min": min(walls),
            "wall_seconds_max": max(walls),
            "cpu_seconds_median": self.cpu,
            "max_rss_bytes_median": self.max_rss,
            "max_rss_is_upper_bound": self.max_rss_is_upper_bound,
        }


class BenchmarkError(Exception):
    """A measured command failed, so its times would mean nothing."""


# ---------------------------------------------------------------- running children


def child_environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment["NO_COLOR"] = "1"
    return environment


def run_child(measurement: Measurement) -> Sample:
    """Run the command to completion; return its wall time, CPU time and peak RSS.

    Raises ``BenchmarkError`` with the end of stderr when the exit code is not 0.
    """
    stdout_path = measurement.stdout_path or os.devnull
    with open(stdout_path, "wb") as stdout, open_stderr(measurement.stderr_path) as stderr:
        parent_max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        process = subprocess.Popen(measurement.command, cwd=measurement.cwd, stdout=stdout,
                                   stderr=stderr, env=child_environment())
        # os.wait4 reaps the child and returns the rusage of that child alone.
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            stderr.seek(0)
            tail = stderr.read()[-2000:].decode("utf-8", "replace")
            command = " ".join(measurement.command)
            raise BenchmarkError(f"{command} exited with {process.returncode}:\n{tail}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * RSS_UNIT,
                  parent_max_rss * RSS_UNIT)


def open_stderr(path: Path | None) -> IO[bytes]:
    if path is None:
        return tempfile.TemporaryFile()
    return open(path, "w+b")


def measure(measurements: list[Measurement], repeat: int) -> None:
    """Warm up each command once, then run them round-robin ``repeat`` times."""
    for measurement in measurements:
        run_child(measurement)
    for round_number in range(repeat):
        for measurement in measurements:
            progress(f"  {measurement.name}: run {round_number + 1}/{repeat}")
            measurement.samples.append(run_child(measurement))


def progress(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


# ---------------------------------------------------------------- the figures


def recommend_command(needs: Sequence[str]) -> list[str]:
    command = [CNISELECT, "recommend"]
    for need in needs:
        command += ["--need", need]
    return command + ["--format", "json"]


def measure_startup(repeat: int) -> dict[str, Measurement]:
    """Measure the cold start of the commands against the import floor."""
    measurements = {
        "floor": Measurement("import floor", [PYTHON, "-c", IMPORT_FLOOR]),
        "pass": Measurement("python -c pass", [PYTHON, "-c", "pass"]),
        "version": Measurement("cniselect --version", [CNISELECT, "--version"]),
        "recommend": Measurement("cniselect recommend (2 needs)", recommend_command(NEEDS[:2])),
        "matrix": Measurement("cniselect matrix", [CNISELECT, "matrix", "--format", "json"]),
        "module_version": Measurement("python -m cniselect --version",
                                      [PYTHON, "-m", "cniselect", "--version"]),
        "module_recommend": Measurement("python -m cniselect recommend (2 needs)",
                                        [PYTHON, "-m", "cniselect"]
                                        + recommend_command(NEEDS[:2])[1:]),
    }
    for count in NEED_COUNTS:
        measurements[f"needs_{count}"] = Measurement(
            f"cniselect recommend ({count} need{'s' if count > 1 else ''})",
            recommend_command(NEEDS[:count]))
    progress("start-up:")
    measure(list(measurements.values()), repeat)
    return measurements


def prepare_corpus(corpus_dir: Path, files: int, seed: int) -> Path:
    """Return the corpus folder for ``files`` and ``seed``, writing it if it does not exist."""
    folder = corpus_dir / f"files-{files}-seed-{seed}"
    if folder.is_dir() and any(folder.iterdir()):
        progress(f"reusing the corpus in {folder}")
        return folder
    progress(f"writing a corpus of {files} files to {folder}")
    # A child process writes it, so that this process's peak RSS stays small.
    command = [PYTHON, str(GENERATOR), str(folder), "--files", str(files), "--seed", str(seed)]
    completed = subprocess.run(command, stdout=sys.stderr, stderr=sys.stderr, check=False)
    if completed.returncode != 0:
        raise BenchmarkError(f"{' '.join(command)} exited with {completed.returncode}")
    return folder


# Prints the number of capabilities in a ``scan --format json`` report, or fails.
CHECK_SCAN_OUTPUT_SCRIPT = """\
import json
import sys

with open(sys.argv[1], encoding="utf-8") as stream:
    print(len(json.load(stream)["capabilities"]))
"""


def check_scan_output(path: Path) -> int:
    """Check that ``scan --format json`` wrote a report; return its number of capabilities.

    A child process parses the report, so that this process's peak RSS stays small.
    """
    completed = subprocess.run([PYTHON, "-c", CHECK_SCAN_OUTPUT_SCRIPT, str(path)],
                               capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BenchmarkError(f"scan wrote no valid JSON report to {path}:\n"
                             f"{completed.stderr[-2000:]}")
    return int(completed.stdout)


def measure_scan(corpus_dir: Path, sizes: Sequence[int], seed: int,
                 repeat: int) -> list[dict[str, Any]]:
    """Measure ``scan`` and the C-loader script over one corpus per size."""
    results = []
    for files in sizes:
        folder = prepare_corpus(corpus_dir, files, seed)
        # The corpus is named by a relative path, as a user would type it.
        scan = Measurement(f"cniselect scan ({files} files)",
                           [CNISELECT, "scan", folder.name, "--format", "json"],
                           cwd=folder.parent,
                           stdout_path=corpus_dir / f"scan-{files}.json",
                           stderr_path=corpus_dir / f"scan-{files}.stderr")
        loader = Measurement(f"C loader only ({files} files)",
                             [PYTHON, "-c", C_LOADER_SCRIPT, folder.name],
                             cwd=folder.parent,
                             stdout_path=corpus_dir / f"c-loader-{files}.txt")
        progress(f"scan of {files} files:")
        measure([scan, loader], repeat)
        results.append({
            "files": files,
            "scan": scan,
            "loader": loader,
            "capabilities_found": check_scan_output(scan.stdout_path),
            "scan_stderr_lines": count_lines(scan.stderr_path),
            "c_loader_output": loader.stdout_path.read_text(encoding="utf-8").strip(),
        })
    return results


def count_lines(path: Path) -> int:
    with open(path, "rb") as stream:
        return sum(1 for _line in stream)


# ---------------------------------------------------------------- machine


def describe_machine() -> dict[str, Any]:
    environment = describe_environment()
    cpu_model = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu_model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "cpu_model": cpu_model,
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "libraries": environment["libraries"],
        "pyyaml": environment["libraries"]["PyYAML"],
        "pyyaml_libyaml": environment["pyyaml_libyaml"],
        "os": platform.platform(),
        "load_average_start": list(os.getloadavg()),
    }


def describe_source() -> dict[str, Any]:
    """Return cniselect's version and the git commit it was measured at."""
    version = subprocess.run([CNISELECT, "--version"], capture_output=True, text=True,
                             check=False).stdout.strip().removeprefix("cniselect ")
    source: dict[str, Any] = {"cniselect": version, "commit": None, "modified": None}
    if shutil.which("git") is None:
        return source
    try:
        commit = subprocess.run(["git", "-C", str(REPOSITORY), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        changes = subprocess.run(["git", "-C", str(REPOSITORY), "status", "--porcelain",
                                  "--", "src"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return source
    source["commit"] = commit
    source["modified"] = bool(changes.stdout.strip())
    return source


# Prints the versions of the libraries cniselect's start-up depends on, and whether
# PyYAML has libyaml, as JSON.
ENVIRONMENT_SCRIPT = """\
import importlib.metadata
import json
import sys

import yaml

libraries = {}
for name in sys.argv[1:]:
    try:
        libraries[name] = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        libraries[name] = "not installed"
print(json.dumps({"libraries": libraries, "pyyaml_libyaml": yaml.__with_libyaml__}))
"""


def describe_environment() -> dict[str, Any]:
    """Return library versions and libyaml support, read by a child process.

    The child imports importlib.metadata and PyYAML, so that this process's peak RSS
    stays small.
    """
    completed = subprocess.run([PYTHON, "-c", ENVIRONMENT_SCRIPT, *LIBRARIES],
                               capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BenchmarkError(f"reading the library versions failed:\n{completed.stderr}")
    return json.loads(completed.stdout)


def fingerprint_source() -> str:
    """Checksum the files under ``src/`` and the library versions, to detect changes.

    CRC-32 is enough to notice an edit, and unlike hashlib it does not load OpenSSL into
    this process.
    """
    checksum = zlib.crc32(json.dumps(describe_environment(), sort_keys=True).encode())
    for path in sorted((REPOSITORY / "src").rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        checksum = zlib.crc32(str(path.relative_to(REPOSITORY)).encode() + b"\0", checksum)
        checksum = zlib.crc32(path.read_bytes(), checksum)
    return f"{checksum:08x}"


# ---------------------------------------------------------------- targets


def evaluate_targets(startup: dict[str, Measurement] | None,
                     scans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Compare the medians with the targets; return one row per target."""
    rows = []

    def add(key: str, description: str, value: float, cpu_value: float | None) -> None:
        limit, aim = TARGETS[key]
        rows.append({"target": key, "description": description, "value": value,
                     "cpu_value": cpu_value, "limit": limit, "met": value <= limit,
                     "aim": aim, "aim_met": None if aim is None else value <= aim})

    def add_time_ratio(key: str, description: str, measured: Measurement,
                       baseline: Measurement) -> None:
        add(key, description, measured.wall / baseline.wall, measured.cpu / baseline.cpu)

    if startup is not None:
        floor = startup["floor"]
        add_time_ratio("recommend", "recommend / import floor", startup["recommend"], floor)
        add_time_ratio("matrix", "matrix / import floor", startup["matrix"], floor)
        add_time_ratio("version", "--version / import floor", startup["version"], floor)
    if scans:
        largest = scans[-1]
        add_time_ratio("scan", f"scan / C loader at {largest['files']:,} files",
                       largest["scan"], largest["loader"])
    if len(scans) > 1:
        smallest, largest = scans[0], scans[-1]
        add("memory", f"scan peak RSS at {largest['files']:,} / at {smallest['files']:,} files",
            largest["scan"].max_rss / smallest["scan"].max_rss, None)
    return rows


def compute_growth(startup: dict[str, Measurement] | None,
                   scans: list[dict[str, Any]]) -> dict[str, Any]:
    """Compute the marginal cost of one more need and of one more file, from the medians.

    The cost per file is the slope between the smallest and the largest corpus, so the
    start-up time, which both runs pay once, drops out.
    """
    growth: dict[str, Any] = {}
    if startup is not None:
        min_needs, max_needs = NEED_COUNTS[0], NEED_COUNTS[-1]
        extra = startup[f"needs_{max_needs}"].wall - startup[f"needs_{min_needs}"].wall
        growth["ms_per_extra_need"] = extra / (max_needs - min_needs) * 1000
    if len(scans) > 1:
        smallest, largest = scans[0], scans[-1]
        extra_files = largest["files"] - smallest["files"]
        scan_ms = (largest["scan"].wall - smallest["scan"].wall) / extra_files * 1000
        loader_ms = (largest["loader"].wall - smallest["loader"].wall) / extra_files * 1000
        memory = (largest["scan"].max_rss - smallest["scan"].max_rss) / extra_files
        growth.update({
            "files_from": smallest["files"],
            "files_to": largest["files"],
            "scan_ms_per_file": scan_ms,
            "c_loader_ms_per_file": loader_ms,
            "scan_kib_per_file": memory / 1024,
        })
    return growth


# ---------------------------------------------------------------- report


CHANGED_WARNING = "; WARNING: src/ or a library changed during the run, so the figures mix versions"


def format_markdown(report: dict[str, Any], startup: dict[str, Measurement] | None,
                    scans: list[dict[str, Any]]) -> str:
    lines = [f"# cniselect benchmarks ({report['date']})", ""]
    machine, source = report["machine"], report["source"]
    lines += [
        f"- Machine: {machine['cpu_model']}, {machine['cpu_count']} CPUs "
        f"({machine['usable_cpus']} usable), {machine['os']}",
        f"- Python: {machine['python']}; PyYAML {machine['pyyaml']} "
        f"{'with' if machine['pyyaml_libyaml'] else 'without'} libyaml",
        "- Libraries: " + ", ".join(f"{name} {version}"
                                    for name, version in machine["libraries"].items()),
        f"- cniselect {source['cniselect']} at commit {source['commit']}"
        f"{' with uncommitted changes in src/' if source['modified'] else ''}"
        f"{CHANGED_WARNING if source['changed_during_run'] else ''}",
        f"- Runs: median of {report['settings']['repeat']} after one warm-up; load average "
        f"{machine['load_average_start'][0]:.2f} at the start, "
        f"{report['load_average_end'][0]:.2f} at the end",
        "",
    ]
    if startup is not None:
        lines += format_startup(startup)
    if scans:
        lines += format_scans(scans)
    lines += format_growth(report["growth"])
    lines += format_targets(report["targets"])
    return "\n".join(lines) + "\n"


def format_startup(startup: dict[str, Measurement]) -> list[str]:
    floor = startup["floor"].wall
    lines = ["## Cold start", "",
             "| command | median wall (ms) | min–max (ms) | median CPU (ms) | peak RSS (MiB) "
             "| × floor |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for key, measurement in startup.items():
        if key.startswith("needs_"):
            continue
        walls = [sample.wall_seconds for sample in measurement.samples]
        lines.append(
            f"| {measurement.name} | {measurement.wall * 1000:.0f} | "
            f"{min(walls) * 1000:.0f}–{max(walls) * 1000:.0f} | {measurement.cpu * 1000:.0f} | "
            f"{format_rss(measurement)} | {measurement.wall / floor:.2f} |")
    lines += ["", "## recommend by number of needs", "",
              "| needs | median wall (ms) | median CPU (ms) | × floor |",
              "| ---: | ---: | ---: | ---: |"]
    for count in NEED_COUNTS:
        measurement = startup[f"needs_{count}"]
        lines.append(f"| {count} | {measurement.wall * 1000:.0f} | "
                     f"{measurement.cpu * 1000:.0f} | {measurement.wall / floor:.2f} |")
    return lines + [""]


def format_rss(measurement: Measurement) -> str:
    """Format the median peak RSS in MiB, with ``≤`` when it may be this process's peak."""
    bound = "≤ " if measurement.max_rss_is_upper_bound else ""
    return f"{bound}{measurement.max_rss / 2**20:.1f}"


def format_scans(scans: list[dict[str, Any]]) -> list[str]:
    lines = ["## scan", "",
             "| files | scan wall (s) | C loader wall (s) | scan / C loader | scan CPU (s) "
             "| scan files/s | scan peak RSS (MiB) | C loader peak RSS (MiB) |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in scans:
        scan, loader = row["scan"], row["loader"]
        lines.append(
            f"| {row['files']:,} | {scan.wall:.2f} | {loader.wall:.2f} | "
            f"{scan.wall / loader.wall:.2f} | {scan.cpu:.2f} | {row['files'] / scan.wall:,.0f} | "
            f"{format_rss(scan)} | {format_rss(loader)} |")
    lines.append("")
    for row in scans:
        lines.append(f"- {row['files']:,} files: scan found {row['capabilities_found']} "
                     f"capabilities and wrote {row['scan_stderr_lines']} stderr lines (one per "
                     f"skipped file or document); the C loader script printed "
                     f"`{row['c_loader_output']}`.")
    return lines + [""]


def format_growth(growth: dict[str, Any]) -> list[str]:
    if not growth:
        return []
    lines = ["## Growth", ""]
    if "ms_per_extra_need" in growth:
        lines.append(f"- recommend: {growth['ms_per_extra_need']:+.1f} ms per extra need "
                     f"(from {NEED_COUNTS[0]} to {NEED_COUNTS[-1]} needs).")
    if "scan_ms_per_file" in growth:
        ratio = growth["scan_ms_per_file"] / growth["c_loader_ms_per_file"]
        lines.append(
            f"- scan: {growth['scan_ms_per_file']:.2f} ms and {growth['scan_kib_per_file']:.1f} "
            f"KiB of peak RSS per extra file, against {growth['c_loader_ms_per_file']:.2f} ms "
            f"for the C loader ({ratio:.2f}×), from {growth['files_from']:,} to "
            f"{growth['files_to']:,} files.")
    return lines + [""]


def format_targets(targets: list[dict[str, Any]]) -> list[str]:
    lines = ["## Targets", "",
             "The ratio is of median wall times, or of median peak RSS for the memory "
             "target, and the result compares it with the limit. The CPU-time ratio is "
             "shown for context, because other processes slow wall time more than CPU "
             "time.", "",
             "| target | ratio | CPU-time ratio | limit | result | aim |",
             "| --- | ---: | ---: | ---: | --- | --- |"]
    for row in targets:
        aim = "" if row["aim"] is None else (
            f"≤ {row['aim']:.2f}×: {'met' if row['aim_met'] else 'missed'}")
        cpu = "" if row["cpu_value"] is None else f"{row['cpu_value']:.2f}×"
        lines.append(f"| {row['description']} | {row['value']:.2f}× | {cpu} "
                     f"| ≤ {row['limit']:.2f}× | {'met' if row['met'] else 'MISSED'} | {aim} |")
    return lines


def build_report(args: argparse.Namespace, machine: dict[str, Any], start_fingerprint: str,
                 startup: dict[str, Measurement] | None,
                 scans: list[dict[str, Any]]) -> dict[str, Any]:
    source = describe_source()
    source["changed_during_run"] = fingerprint_source() != start_fingerprint
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine,
        "source": source,
        "settings": {"repeat": args.repeat, "files": args.files, "seed": args.seed},
        "load_average_end": list(os.getloadavg()),
        "startup": None if startup is None else
        {key: measurement.summary() for key, measurement in startup.items()},
        "scan": [{"files": row["files"], "capabilities_found": row["capabilities_found"],
                  "scan_stderr_lines": row["scan_stderr_lines"],
                  "c_loader_output": row["c_loader_output"],
                  "scan": row["scan"].summary(), "c_loader": row["loader"].summary()}
                 for row in scans],
        "growth": compute_growth(startup, scans),
        "targets": evaluate_targets(startup, scans),
    }


# ---------------------------------------------------------------- main


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Measure cniselect's cold start, scan time and scan memory.")
    parser.add_argument("--json", action="store_true",
                        help="Print the report as JSON instead of Markdown tables.")
    parser.add_argument("--json-file", type=Path, metavar="FILE",
                        help="Also write the JSON report to FILE.")
    parser.add_argument("--repeat", type=int, default=5, metavar="N",
                        help="Timed runs of each command, after one warm-up run (default: 5).")
    parser.add_argument("--files", type=int, nargs="+", default=[1000, 10000], metavar="N",
                        help="Corpus sizes in files for the scan figures (default: 1000 10000). "
                             "The scan ratio is taken at the largest, the memory ratio between "
                             "the largest and the smallest.")
    parser.add_argument("--seed", type=int, default=0, metavar="S",
                        help="Seed of the corpus generator (default: 0).")
    parser.add_argument("--corpus-dir", type=Path, metavar="DIR",
                        help="Keep the corpora in DIR and reuse them in later runs (default: a "
                             "temporary directory, deleted at the end).")
    parser.add_argument("--skip-scan", action="store_true",
                        help="Measure the cold start only.")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error(f"--repeat must be at least 1, got {args.repeat}")
    if any(files < 5 for files in args.files):
        parser.error("every --files value must be at least 5 (the hostile files)")
    args.files = sorted(set(args.files))
    if not Path(CNISELECT).exists():
        parser.error(f"the cniselect console script was not found at {CNISELECT}; install "
                     f"cniselect into this interpreter's environment (pip install -e .)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)
    try:
        machine = describe_machine()
        start_fingerprint = fingerprint_source()
        startup = measure_startup(args.repeat)
        scans: list[dict[str, Any]] = []
        if not args.skip_scan:
            if args.corpus_dir is not None:
                args.corpus_dir.mkdir(parents=True, exist_ok=True)
                scans = measure_scan(args.corpus_dir.resolve(), args.files, args.seed,
                                     args.repeat)
            else:
                with tempfile.TemporaryDirectory(prefix="cniselect-bench-") as corpus_dir:
                    scans = measure_scan(Path(corpus_dir), args.files, args.seed, args.repeat)
        report = build_report(args, machine, start_fingerprint, startup, scans)
    except BenchmarkError as error:
        sys.stderr.write(f"benchmark failed: {error}\n")
        return 1
    report_json = json.dumps(report, indent=2) + "\n"
    if args.json_file is not None:
        args.json_file.write_text(report_json, encoding="utf-8")
    if args.json:
        sys.stdout.write(report_json)
    else:
        sys.stdout.write(format_markdown(report, startup, scans))
    return 0


if __name__ == "__main__":
    sys.exit(main())
