"""Start Koers (or any Streamlit script) with `streamlit run` on a free port, and drive it
with Debian's Chromium through Playwright. Shared by the browser tests and the benchmark."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, timeout: float = 30.0, process: subprocess.Popen | None = None) -> float:
    """Seconds until GET /_stcore/health answers ok."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.read().decode().strip() == "ok":
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{url} not healthy after {timeout} s")


@contextmanager
def streamlit_app(
    db_path: Path | str, script: str = "app.py", env: dict | None = None, address: str | None = "127.0.0.1",
    args: tuple[str, ...] = (), port: int | None = None,
) -> Iterator["RunningApp"]:
    """`streamlit run script` on a free port (or on `port`, for a caller that must know it
    before the server starts: a sign-in redirect address) against the database at db_path,
    listening on `address` (None: Streamlit's own choice, or what `args` say)."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    environment = {**os.environ, "KOERS_DB": str(db_path), **(env or {})}
    log = open(Path(db_path).with_suffix(".server.log"), "wb")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", script,
            "--server.headless", "true",
            "--server.port", str(port),
            *(("--server.address", address) if address else ()),
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
            *args,
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        started = wait_healthy(url, process=process)
        yield RunningApp(url=url, process=process, seconds_to_healthy=started, port=port)
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen) -> None:
    """Ask a server to stop (SIGTERM), and kill it if it has not within ten seconds."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class RunningApp:
    def __init__(self, url: str, process: subprocess.Popen, seconds_to_healthy: float, port: int):
        self.url = url
        self.process = process
        self.seconds_to_healthy = seconds_to_healthy
        self.port = port


def wait_for_run(page, timeout: float = 20_000) -> None:
    """Until the app is connected and its script run has finished."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
