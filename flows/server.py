"""A local Prefect API server for `timeline serve`: start it on loopback, wait until healthy, stop it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tasks.errors import TimelineError

HOST = "127.0.0.1"
DEFAULT_PORT = 4200


class ServerError(TimelineError):
    """The local Prefect server did not start."""


def free_port(preferred: int | None = None) -> int:
    """`preferred` if nothing listens on it on loopback, else a port the OS hands out."""
    if preferred:
        with socket.socket() as sock:
            try:
                sock.bind((HOST, preferred))
                return preferred
            except OSError:
                pass
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def api_url(port: int) -> str:
    """The API address of a server on loopback at `port`."""
    return f"http://{HOST}:{port}/api"


def is_healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether the Prefect API at `url` answers its health check."""
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _prefect_command() -> list[str]:
    return [sys.executable, "-m", "prefect", "server", "start"]


def start_server(port: int, log_path: Path, home: Path | None = None) -> subprocess.Popen:
    """Start `prefect server start` on loopback in its own process group, logging to `log_path`."""
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env["DO_NOT_TRACK"] = "1"
    env["PREFECT_SERVER_API_HOST"] = HOST
    env["PREFECT_SERVER_API_PORT"] = str(port)
    if home is not None:
        env["PREFECT_HOME"] = str(home)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            [*_prefect_command(), "--host", HOST, "--port", str(port), "--analytics-off"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # Ctrl-C reaches the serve first; we stop the server after it
        )


def wait_healthy(proc: subprocess.Popen, url: str, timeout: float, log_path: Path) -> None:
    """Block until the server at `url` is healthy; raise ServerError naming the log if it is not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"prefect server exited with status {proc.returncode}; see {log_path}")
        if is_healthy(url):
            return
        time.sleep(0.5)
    raise ServerError(f"prefect server at {url} not healthy after {timeout:.0f}s; see {log_path}")


def stop_server(proc: subprocess.Popen, grace: float = 15.0) -> None:
    """SIGTERM the server's process group, then SIGKILL whatever is left after `grace` seconds."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


@contextlib.contextmanager
def local_server(
    port: int | None = None, log_path: Path | None = None, timeout: float = 120.0
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run a Prefect server on loopback for the duration of the block; yield its API URL and process."""
    port = free_port(port or DEFAULT_PORT)
    home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect"))
    log_path = log_path or home / "timeline-serve-server.log"
    url = api_url(port)
    proc = start_server(port, log_path)
    try:
        wait_healthy(proc, url, timeout, log_path)
        yield url, proc
    finally:
        stop_server(proc)


def stop_children(keep: set[int], grace: float = 20.0) -> None:
    """Terminate this process's children (flow runs the runner started) except the trees in `keep`,
    while the API server still answers, so that each run can report how it ended."""
    import psutil  # a dependency of dask's distributed

    me = psutil.Process()
    kept = set(keep)
    for pid in keep:
        try:
            kept |= {c.pid for c in psutil.Process(pid).children(recursive=True)}
        except psutil.NoSuchProcess:
            continue
    children = [c for c in me.children(recursive=True) if c.pid not in kept]
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
