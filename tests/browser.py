"""Headless Chromium driven over the DevTools protocol, for tests and the README screenshot.

`--dump-dom` alone cannot tell a page that ran cleanly from one whose script threw: console errors only
reach a log file whose format changes between releases. The DevTools protocol reports them as events
(uncaught exceptions, console.error, failed loads, every network request), so a broken page fails the
check reliably. No new dependency: `websockets` comes with Prefect. Chromium itself is the Debian
package `chromium`; `install_chromium()` installs it when missing and allowed (root + apt-get).

    with Chromium() as browser:
        page = browser.open(Path("report.html").as_uri(), wait_for="document.querySelector('svg')")
        assert page.problems == []
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_COMMAND = ("apt-get", "install", "-y", "chromium", "chromium-driver")
LOCAL_SCHEMES = ("file", "data", "blob", "about", "chrome", "devtools")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--no-first-run", "--no-default-browser-check",
    "--mute-audio", "--hide-scrollbars", "--remote-debugging-port=0",
)


class BrowserError(RuntimeError):
    """Chromium did not start, or a page did not finish within its time limit."""


def find_chromium() -> str | None:
    """$CHROMIUM, else the first Chromium/Chrome on PATH."""
    env = os.environ.get("CHROMIUM")
    if env and shutil.which(env):
        return shutil.which(env)
    return next((shutil.which(n) for n in CHROMIUM_NAMES if shutil.which(n)), None)


def install_chromium(timeout_s: float = 900) -> str | None:
    """Install the Debian packages when missing, if this process may (root and apt-get); else None."""
    if find_chromium():
        return find_chromium()
    if not shutil.which("apt-get") or os.geteuid() != 0:
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (("apt-get", "update"), INSTALL_COMMAND):
        try:
            subprocess.run(command, env=env, check=True, timeout=timeout_s, capture_output=True)
        except (subprocess.SubprocessError, OSError):
            return None
    return find_chromium()


@dataclass
class PageResult:
    """What happened while a page loaded; `problems` is empty only for a clean page."""

    url: str
    dom: str = ""
    console_errors: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    probe: Any = None

    @property
    def problems(self) -> list[str]:
        return ([f"console: {m}" for m in self.console_errors] + [f"exception: {m}" for m in self.exceptions]
                + [f"failed load: {m}" for m in self.failed_requests]
                + [f"network request: {m}" for m in self.external_requests])


class _Session:
    """One DevTools websocket: commands wait for their answer; events are kept for the page."""

    def __init__(self, ws_url: str):
        from websockets.sync.client import connect

        self.ws = connect(ws_url, max_size=None, open_timeout=10, proxy=None, ping_interval=None)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, params: dict[str, Any] | None = None, session_id: str | None = None,
             timeout_s: float = 30.0) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session_id:
            message["sessionId"] = session_id
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + timeout_s
        while True:
            reply = self._receive(deadline, method)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method: str, timeout_s: float) -> dict[str, Any]:
        seen = next((e for e in self.events if e["method"] == method), None)
        deadline = time.monotonic() + timeout_s
        while seen is None:
            event = self._receive(deadline, method)
            if "method" in event:
                self.events.append(event)
                seen = event if event["method"] == method else None
        return seen

    def _receive(self, deadline: float, waiting_for: str) -> dict[str, Any]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise BrowserError(f"timed out waiting for {waiting_for}")
        try:
            return json.loads(self.ws.recv(timeout=remaining))
        except TimeoutError as exc:
            raise BrowserError(f"timed out waiting for {waiting_for}") from exc

    def close(self) -> None:
        self.ws.close()


class Chromium:
    """A headless Chromium process with its own throw-away profile, stopped (with its children) on exit."""

    def __init__(self, executable: str | None = None, start_timeout_s: float = 30.0):
        self.executable = executable or find_chromium()
        if not self.executable:
            raise BrowserError("no Chromium found: apt-get install -y chromium chromium-driver")
        self.start_timeout_s = start_timeout_s
        self.proc: subprocess.Popen[bytes] | None = None
        self.session: _Session | None = None

    def __enter__(self) -> Chromium:
        self.profile = tempfile.TemporaryDirectory(prefix="escmon-chromium-")
        self.log = open(Path(self.profile.name) / "chromium.log", "wb")  # noqa: SIM115 closed in __exit__
        command = [self.executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile.name}", "about:blank"]
        self.proc = subprocess.Popen(command, stdout=self.log, stderr=self.log, start_new_session=True)
        try:
            self.session = _Session(self._devtools_url())
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()

    def _devtools_url(self) -> str:
        """Chromium writes its port and browser path to DevToolsActivePort once it listens."""
        marker = Path(self.profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise BrowserError(f"chromium exited with {self.proc.returncode}: {self._log_tail()}")
            lines = marker.read_text().split() if marker.exists() else []
            if len(lines) >= 2:
                return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
            time.sleep(0.05)
        raise BrowserError(f"chromium did not open its DevTools port in {self.start_timeout_s}s: "
                           f"{self._log_tail()}")

    def _log_tail(self) -> str:
        self.log.flush()
        return (Path(self.profile.name) / "chromium.log").read_text(errors="replace")[-2000:]

    def _stop(self) -> None:
        if self.session is not None:
            with contextlib.suppress(Exception):  # the process is killed below anyway
                self.session.call("Browser.close", timeout_s=5)
            self.session.close()
            self.session = None
        if self.proc is not None:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # the group we started: chromium and its helpers
                self.proc.wait(timeout=5)
            self.proc = None
        self.log.close()
        self.profile.cleanup()

    def open(self, url: str, *, width: int = 1280, height: int = 800, wait_for: str = "true",
             probe: str | None = None, screenshot: Path | None = None, screenshot_height: int | None = None,
             pdf: Path | None = None, media: str | None = None, timeout_s: float = 60.0) -> PageResult:
        """Load `url` in a fresh tab; wait until the JS expression `wait_for` is truthy (charts drawn),
        then evaluate `probe`, keep the DOM after scripts ran, and optionally save a PNG and a PDF.
        `media="print"` lays the page out with its print style sheet (what the PNG then shows)."""
        assert self.session is not None
        s = self.session
        target = s.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        sid = s.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        s.events.clear()
        for domain in ("Runtime", "Log", "Network", "Page"):
            s.call(f"{domain}.enable", session_id=sid)
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
        s.call("Emulation.setDeviceMetricsOverride", metrics, session_id=sid)
        if media:
            s.call("Emulation.setEmulatedMedia", {"media": media}, session_id=sid)
        deadline = time.monotonic() + timeout_s
        s.call("Page.navigate", {"url": url}, session_id=sid)
        s.wait_event("Page.loadEventFired", deadline - time.monotonic())
        self._wait_until(sid, wait_for, deadline)
        self._evaluate(sid, "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => "
                            "setTimeout(r, 150))))", deadline)
        result = PageResult(url=url)
        result.probe = self._evaluate(sid, probe, deadline) if probe else None
        result.dom = self._evaluate(sid, "document.documentElement.outerHTML", deadline)
        if screenshot is not None:
            screenshot.write_bytes(self._screenshot(sid, width, screenshot_height, deadline))
        if pdf is not None:
            pdf.write_bytes(base64.b64decode(s.call("Page.printToPDF", {
                "printBackground": True, "preferCSSPageSize": True}, session_id=sid,
                timeout_s=max(deadline - time.monotonic(), 1))["data"]))
        self._collect(result, sid)
        s.call("Target.closeTarget", {"targetId": target})
        return result

    def _evaluate(self, sid: str, expression: str, deadline: float) -> Any:
        answer = self.session.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                        "awaitPromise": True}, session_id=sid,
                                   timeout_s=max(deadline - time.monotonic(), 0.1))
        if "exceptionDetails" in answer:
            raise BrowserError(f"evaluating {expression[:60]!r}: {answer['exceptionDetails'].get('text')}")
        return answer["result"].get("value")

    def _wait_until(self, sid: str, expression: str, deadline: float) -> None:
        while not self._evaluate(sid, f"Boolean({expression})", deadline):
            if time.monotonic() >= deadline:
                raise BrowserError(f"page never satisfied {expression!r}")
            time.sleep(0.1)

    def _screenshot(self, sid: str, width: int, height: int | None, deadline: float) -> bytes:
        """The page from the top: the whole page, or its first `height` pixels."""
        metrics = self.session.call("Page.getLayoutMetrics", session_id=sid)
        full = metrics["cssContentSize"]["height"]
        clip = {"x": 0, "y": 0, "width": width, "height": min(full, height or full), "scale": 1}
        shot = self.session.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                            "clip": clip}, session_id=sid,
                                 timeout_s=max(deadline - time.monotonic(), 1))
        return base64.b64decode(shot["data"])

    def _collect(self, result: PageResult, sid: str) -> None:
        """Sort this tab's events into errors, failed loads and requests that left the machine."""
        urls: dict[str, str] = {}
        for event in self.session.events:
            if event.get("sessionId") != sid:
                continue
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                thrown = details.get("exception", {}).get("description")
                result.exceptions.append(thrown or details.get("text", ""))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                result.console_errors.append(" ".join(_arg_text(a) for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                entry = params["entry"]
                result.console_errors.append(f"{entry.get('text')} {entry.get('url', '')}".strip())
            elif method == "Network.requestWillBeSent":
                request_url = params["request"]["url"]
                urls[params["requestId"]] = request_url
                if urlsplit(request_url).scheme not in LOCAL_SCHEMES:
                    result.external_requests.append(request_url)
            elif method == "Network.loadingFailed":
                failed = urls.get(params["requestId"], "?")
                result.failed_requests.append(f"{failed}: {params.get('errorText')}")


def _arg_text(arg: dict[str, Any]) -> str:
    return str(arg.get("value", arg.get("description", arg.get("type", ""))))
