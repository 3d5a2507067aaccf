"""The temporary Prefect API server `timeline run` starts for itself (flows/server.TemporaryServer)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pytest

from flows.server import TemporaryServer, is_healthy
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


def test_serves_until_stopped_and_stops_twice():
    server = TemporaryServer(timeout=120)
    pid = server.proc.pid
    try:
        url = server.wait()
        assert url == server.url and is_healthy(url)
    finally:
        server.stop()
    assert _gone(pid, within=10)
    assert not is_healthy(url, timeout=0.5)
    server.stop()  # a second stop (atexit after the explicit one) is harmless


def test_dies_with_a_killed_run(tmp_path):
    """SIGKILL to the run alone (not its process group) still takes its server down."""
    script = textwrap.dedent(
        """
        import sys, time
        from flows.server import TemporaryServer
        server = TemporaryServer(timeout=120)
        server.wait()
        print(server.proc.pid, flush=True)
        time.sleep(600)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        server_pid = int(proc.stdout.readline())
        assert psutil.pid_exists(server_pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert _gone(server_pid, within=15), "the server outlived the run that started it"
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()


def test_run_leaves_no_process_behind(tmp_path):
    """A whole `timeline run` with no PREFECT_API_URL: the server it started is gone when it exits."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    wh = tmp_path / "w.duckdb"
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", "--warehouse", str(wh), "--no-report", "--limit", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: set[int] = set()
    me = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            seen |= {c.pid for c in me.children(recursive=True)}
        except psutil.NoSuchProcess:
            break
        time.sleep(0.1)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "status: ok" in out
    assert seen, "the run started no server"
    assert all(_gone(pid, within=10) for pid in seen)
