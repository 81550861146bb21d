"""A small Chrome DevTools Protocol client for testing the HTML report in real chromium.

Starts Debian's headless ``chromium`` with a fresh profile and every network path closed
(unresolvable hosts, a dead proxy, no background services), then drives one page over the
DevTools websocket: records console errors, exceptions and every request the page makes,
evaluates JavaScript, takes screenshots and prints PDFs.
"""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

FLAGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-pings",
    "--no-default-browser-check",
    "--mute-audio",
    # Belt and braces: even if the page asked for something, nothing could leave the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=socks5://127.0.0.1:9",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
]
LOCAL_SCHEMES = ("file:", "data:", "about:")


@dataclass
class PageLog:
    """What a page did while it loaded."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def outgoing(self) -> list[str]:
        """Requests that would leave the machine (anything but file:, data:, about:)."""
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]


class Chromium:
    """One headless chromium process and one page (tab) driven over CDP."""

    def __init__(self, executable: str, workdir: Path) -> None:
        self.profile = workdir / "profile"
        self.profile.mkdir(parents=True)
        self.stderr = (workdir / "chromium.log").open("wb")
        self.proc = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=self.stderr,
        )  # fmt: skip
        self.ws = self._connect()
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)

    def _connect(self) -> ClientConnection:
        # chromium writes its port and browser websocket path once the DevTools server is up
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.is_file() or len(port_file.read_text().split()) < 2:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chromium did not start; see {self.stderr.name}")
            time.sleep(0.05)
        port, path = port_file.read_text().split()[:2]
        ws = connect(f"ws://127.0.0.1:{port}{path}", max_size=None, open_timeout=10)
        return ws.__enter__()  # what `with connect(...)` does; closed in close()

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its result; events seen meanwhile are recorded."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.recv(timeout=60))
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, event: str, timeout: float = 30) -> None:
        """Wait until the page emits ``event`` (e.g. Page.loadEventFired)."""
        deadline = time.monotonic() + timeout
        if any(e.get("method") == event for e in self.events):
            return
        while time.monotonic() < deadline:
            reply = json.loads(self.ws.recv(timeout=max(deadline - time.monotonic(), 0.1)))
            self.events.append(reply)
            if reply.get("method") == event:
                return
        raise TimeoutError(event)

    def open(self, url: str, width: int = 1280, height: int = 900) -> PageLog:
        """Load ``url`` in a laptop-sized viewport and report its errors and requests."""
        self.events.clear()
        self.call("Emulation.setEmulatedMedia", session=True, media="screen")
        self.call(
            "Emulation.setDeviceMetricsOverride", session=True,
            width=width, height=height, deviceScaleFactor=1, mobile=False,
        )  # fmt: skip
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")
        self.evaluate("new Promise(r => requestAnimationFrame(() => r(1)))")  # one paint
        return self.page_log()

    def page_log(self) -> PageLog:
        """Errors and requests among the events recorded so far."""
        log = PageLog()
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                log.errors.append(params["exceptionDetails"].get("text", "exception"))
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                log.errors.append(" ".join(str(a.get("value")) for a in params["args"]))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                log.errors.append(params["entry"]["text"])
            elif method == "Network.requestWillBeSent":
                log.requests.append(params["request"]["url"])
        return log

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises are awaited)."""
        result = self.call(
            "Runtime.evaluate", session=True,
            expression=expression, returnByValue=True, awaitPromise=True,
        )  # fmt: skip
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def screenshot(self, path: Path, max_height: int = 6000) -> None:
        """A PNG of the page from the top (full width, up to ``max_height`` CSS pixels)."""
        size = self.call("Page.getLayoutMetrics", session=True)["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"],
                "height": min(size["height"], max_height), "scale": 1}  # fmt: skip
        data = self.call(
            "Page.captureScreenshot", session=True,
            format="png", clip=clip, captureBeyondViewport=True,
        )["data"]  # fmt: skip
        path.write_bytes(base64.b64decode(data))

    def print_pdf(self, path: Path) -> None:
        """Print the page as the browser would to paper (print stylesheet applies)."""
        data = self.call("Page.printToPDF", session=True, printBackground=True)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        """Close the connection and stop the process this object started."""
        with contextlib.suppress(Exception):
            self.ws.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.stderr.close()


@contextlib.contextmanager
def chromium(executable: str, workdir: Path) -> Iterator[Chromium]:
    """A running chromium, stopped on exit."""
    browser = Chromium(executable, workdir)
    try:
        yield browser
    finally:
        browser.close()
