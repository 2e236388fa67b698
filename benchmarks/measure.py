"""Running and measuring child processes: wall clock, peak RSS, the benchmark's own log.

Every benchmark method runs as a child process and is timed by wall clock from spawn to exit,
so interpreter start-up and imports count for every method alike. Peak RSS is the child's own
``VmHWM`` (the kernel's high-water mark for its address space), polled from ``/proc`` while it
runs — not ``ru_maxrss``, which on Linux also counts the parent's peak (see ``measure``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# The environment of the claimsdb commands the benchmarks run: who the revisions name.
ENV = {**os.environ, "CLAIMSDB_ACTOR": "bench"}
POLL_SECONDS = 0.02
RSS_HOW = (
    "peak RSS is the child's own VmHWM\n(kernel high-water mark since exec, polled from /proc)"
    if Path("/proc/self/status").exists()
    else "peak RSS is ru_maxrss from os.wait4\n(may include the parent's pages: an upper bound)"
)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Measured:
    def __init__(self, seconds: float, rss: int, code: int, out: str, err: str, timed_out: bool):
        self.seconds, self.rss, self.code = seconds, rss, code
        self.out, self.err, self.timed_out = out, err, timed_out

    @property
    def ok(self) -> bool:
        return self.code == 0 and not self.timed_out

    def result(self) -> Any:
        """What a worker child reported: the JSON of its last line of output (see ``emit``)."""
        return json.loads(self.out.strip().splitlines()[-1])


def peak_rss(pid: int | str) -> int | None:
    """A process's own peak RSS so far (Linux ``VmHWM``) in bytes; None when unavailable.
    ``pid`` is a process id, or ``"self"`` for this process."""
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def own_peak_rss() -> int:
    """This process's own peak RSS (Linux ``VmHWM``) in bytes; else ``ru_maxrss``."""
    peak = peak_rss("self")
    if peak is not None:
        return peak
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(
    cmd: list[str], workdir: Path, timeout: float, env: dict[str, str] | None = None
) -> Measured:
    """Run ``cmd``: wall time from spawn to exit, and the child's peak RSS.

    Peak RSS is the child's ``VmHWM``, a high-water mark the kernel keeps for the child's own
    address space, polled every 20 ms until the child has exited (so only growth in its last
    20 ms could be missed). ``ru_maxrss`` from ``os.wait4`` is not used where ``/proc`` exists:
    on Linux a child started with fork/vfork + exec inherits the parent's high-water mark, so it
    reports at least the benchmark process's own peak (hundreds of MiB after generating data).
    """
    out_path, err_path = workdir / "child.out", workdir / "child.err"
    timed_out = threading.Event()
    stop = threading.Event()
    peak = 0
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        # Popen returns once the child has exec'd, so from here on /proc shows its own memory.
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)

        def kill() -> None:
            timed_out.set()
            proc.kill()

        def poll() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, peak_rss(proc.pid) or 0)
                stop.wait(POLL_SECONDS)

        timer = threading.Timer(timeout, kill)
        timer.start()
        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)  # exited, not yet reaped
        seconds = time.perf_counter() - started
        stop.set()
        poller.join()
        timer.cancel()
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if not peak:  # no /proc: fall back to ru_maxrss (an upper bound, see above)
        peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Measured(
        seconds,
        peak,
        proc.returncode,
        out_path.read_text(errors="replace"),
        err_path.read_text(errors="replace"),
        timed_out.is_set(),
    )


def tool(name: str) -> str:
    """A console script of the running interpreter's environment (the venv), else from PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"cannot find the {name!r} command; install it into this environment")
    return found


def claimsdb_command(url: str, *args: str) -> list[str]:
    """``claimsdb --db URL ARGS…``, the CLI as a user runs it."""
    return [tool("claimsdb"), "--db", url, *args]


# ---------------------------------------------------------------------------- worker children
# A benchmark's own measurements run as children of its script: ``SCRIPT --worker NAME --db …``.


def worker_command(script: str, worker: str, db: str | Path, *extra: str) -> list[str]:
    """The command line that runs worker ``worker`` of ``script`` (a file of this folder)."""
    return [sys.executable, str(HERE / script), "--worker", worker, "--db", str(db), *extra]


def add_worker_options(parser: argparse.ArgumentParser, *options: str) -> None:
    """The hidden options a worker child is called with: ``--worker``, ``--db`` and ``options``."""
    for option in ("--worker", "--db", *options):
        parser.add_argument(option, help=argparse.SUPPRESS)


def emit(result: dict[str, Any]) -> int:
    """A worker's report to its parent: one JSON line on stdout (read by ``Measured.result``)."""
    print(json.dumps(result))
    return 0
