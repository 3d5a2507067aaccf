from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from tasks.build_report import write_report
from tests.test_report import add_document, add_event

CHROMIUM = Path("/usr/bin/chromium")


def chromium_binary() -> Path | None:
    """The Debian `chromium` binary, or another `chromium` on PATH."""
    if CHROMIUM.exists():
        return CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
)
LOCAL_SCHEMES = ("file:", "data:", "about:", "chrome:", "devtools:")


class Browser:
    """Headless Chromium driven over the DevTools protocol: one page, its console and its requests."""

    def __init__(self, profile: Path, width: int = 1400, height: int = 1000, timeout: float = 30.0) -> None:
        self.timeout = timeout
        binary = chromium_binary()
        if binary is None:
            raise RuntimeError("chromium not installed: apt-get install chromium")
        self.proc = subprocess.Popen(
            [str(binary), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            self._attach(profile, width, height)
        except BaseException:
            self.close()
            raise

    def _attach(self, profile: Path, width: int, height: int) -> None:
        from websockets.sync.client import connect

        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while not (port_file.exists() and len(port_file.read_text().split()) >= 2):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chromium did not start (exit {self.proc.returncode})")
            time.sleep(0.05)
        port, path = port_file.read_text().split()[:2]
        self.ws = connect(f"ws://127.0.0.1:{port}{path}", max_size=None, open_timeout=self.timeout)
        self.next_id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if getattr(self, "session", None):
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + self.timeout
        while True:
            reply = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, since: int = 0) -> dict:
        deadline = time.monotonic() + self.timeout
        while True:
            for event in self.events[since:]:
                if event["method"] == method:
                    return event
            self.events.append(json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic()))))

    def drain(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            try:
                self.events.append(json.loads(self.ws.recv(timeout=left)))
            except TimeoutError:
                break

    def open(self, url: str) -> None:
        since = len(self.events)
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired", since)
        self.drain(0.5)

    def errors(self) -> list[str]:
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.exceptionThrown":
                out.append(f"exception: {p['exceptionDetails'].get('text')}")
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") in (
                "error",
                "assert",
                "warning",
            ):
                out.append(f"console.{p['type']}: {[a.get('value') for a in p.get('args', [])]}")
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
                out.append(f"log {p['entry']['level']}: {p['entry'].get('text')} {p['entry'].get('url', '')}")
        return out

    def requests(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
            and not e["params"]["request"]["url"].startswith(LOCAL_SCHEMES)
        ]

    def screenshot(self, full_page: bool = True) -> bytes:
        params: dict = {"format": "png"}
        if full_page:
            size = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
            params["captureBeyondViewport"] = True
        return base64.b64decode(self.call("Page.captureScreenshot", **params)["data"])

    def close(self) -> None:
        ws = getattr(self, "ws", None)
        if ws is not None:
            ws.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def browser(tmp_path):
    if chromium_binary() is None:
        pytest.skip("chromium not installed: apt-get install chromium")
    profile = tmp_path / "profile"
    profile.mkdir()
    b = Browser(profile)
    yield b
    b.close()


@pytest.mark.slow
def test_report_opens_offline_in_chromium_without_errors_or_requests(con, tmp_path, browser):
    add_document(con, "a", date(2025, 2, 12), url="https://example.org/a")
    add_document(con, "b", date(2025, 2, 27), url="javascript:alert(1)")
    add_event(
        con,
        "d1",
        "a",
        event_type="deployment",
        subtype="sent",
        count_min=10000,
        count_max=12000,
        period_start=date(2024, 10, 1),
        period_end=date(2025, 2, 12),
        source="NIS",
    )
    add_event(
        con,
        "c1",
        "b",
        count_min=300,
        period_end=date(2025, 2, 27),
        source="<img src=x onerror=alert(1)>",
        evidence="<script>alert(1)</script> at least 300 were killed " + "x" * 900,
    )
    paths = write_report(con, tmp_path / "exports")
    browser.open(paths["report.html"].resolve().as_uri())
    assert browser.errors() == []
    assert browser.requests() == []
    assert (
        browser.call("Runtime.evaluate", expression="document.images[0].naturalWidth")["result"]["value"]
        > 800
    )
    assert browser.call("Runtime.evaluate", expression="document.scripts.length")["result"]["value"] == 0
    shot = browser.screenshot()
    (tmp_path / "report.png").write_bytes(shot)
    assert shot.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(shot) > 50_000
