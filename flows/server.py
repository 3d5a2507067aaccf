"""A local Prefect API server for `timeline serve`: start it on loopback, wait until healthy, stop it."""

from __future__ import annotations

import atexit
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


def wait_healthy(
    proc: subprocess.Popen, url: str, timeout: float, log_path: Path | None = None, poll: float = 0.5
) -> None:
    """Block until the server at `url` is healthy; raise ServerError (naming the log, if any) if it
    exits or does not answer within `timeout` seconds."""
    see = f"; see {log_path}" if log_path else ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"prefect server exited with status {proc.returncode}{see}")
        if is_healthy(url):
            return
        time.sleep(poll)
    raise ServerError(f"prefect server at {url} not healthy after {timeout:.0f}s{see}")


def stop_server(proc: subprocess.Popen, grace: float = 15.0, group: bool = True) -> None:
    """SIGTERM the server (its whole process group when `group`), then SIGKILL whatever is left
    after `grace` seconds."""
    if proc.poll() is not None:
        return

    def send(sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            if group:
                os.killpg(proc.pid, sig)
            else:
                proc.send_signal(sig)

    send(signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    send(signal.SIGKILL)
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


# ----------------------------------------------------------------------------------------------
# the temporary API server of one `timeline run`

# What Prefect's own ephemeral mode sets for its server process: no UI, no background services.
_EPHEMERAL_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
_PORT_IN_USE = 3  # uvicorn's exit status when it cannot bind


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: have the kernel SIGTERM the server when the run that started it dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class TemporaryServer:
    """Prefect's API in a child process on loopback for the length of one `timeline run`.

    It is the server Prefect's ephemeral mode would start (`uvicorn ... create_app` with the same
    settings), but started by us at the top of the command, before Prefect, spaCy and the model are
    imported and loaded, so that its start-up runs beside ours on the other core instead of after it;
    and without importing Prefect's server package into the run's own process. The flow is pointed
    at it with `prefect.settings.temporary_settings`. It dies with the run (atexit, and the kernel's
    parent-death signal if the run is killed).
    """

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = timeout or float(
            os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", 120)
        )
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self._spawn()
        atexit.register(self.stop)

    @property
    def url(self) -> str:
        return api_url(self.port)

    def _spawn(self) -> None:
        self.port = free_port()
        env = {**os.environ, **_EPHEMERAL_ENV, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        env.pop("PREFECT_API_URL", None)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                HOST,
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],  # fmt: skip
            stdin=subprocess.DEVNULL,
            env=env,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
        )

    def wait(self) -> str:
        """Block until the server answers its health check; its API URL. ServerError if it does not."""
        assert self.proc is not None, "server stopped"
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                wait_healthy(self.proc, self.url, max(0.0, deadline - time.monotonic()), poll=0.05)
                return self.url
            except ServerError as exc:
                if self.proc.returncode == _PORT_IN_USE and time.monotonic() < deadline:
                    self._spawn()  # the port was taken between free_port() and bind
                    continue
                self.stop()
                raise ServerError(
                    f"the temporary Prefect API server did not start within {self.timeout:.0f}s ({exc}); "
                    "raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS or set PREFECT_API_URL to use "
                    "a running server"
                ) from None

    def stop(self) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after 5 s). Safe to call twice."""
        proc, self.proc = self.proc, None
        if proc is not None:
            stop_server(proc, grace=5.0, group=False)
