"""Serve an app with timestamps of the server's work written to $TRACE_LOG, for trace_time.py.

    TRACE_LOG=/tmp/trace.log python benchmarks/traced_server.py dashboard [streamlit options]
    TRACE_LOG=/tmp/trace.log python benchmarks/traced_server.py reference [streamlit options]

Each line is ``<time.perf_counter()> <event>``: a browser connecting, a rerun request
arriving, a script run starting and ending, and every message queued for the browser (with
the element's type). ``perf_counter`` is the system's monotonic clock, so the lines compare
with the times trace_time.py takes in its own process. The patches only add logging.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from streamlit.runtime import app_session, forward_msg_queue, runtime
from streamlit.runtime.scriptrunner import script_runner

LOG = open(os.environ["TRACE_LOG"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115


def log(event: str) -> None:
    LOG.write(f"{time.perf_counter():.6f} {event}\n")


def logged(owner: type, name: str, describe) -> None:
    """Wrap ``owner.name`` so each call is logged first as ``describe(*args)``."""
    original = getattr(owner, name)

    def wrapper(self, *args, **kwargs):
        log(describe(*args))
        return original(self, *args, **kwargs)

    setattr(owner, name, wrapper)


def message_kind(msg) -> str:
    kind = msg.WhichOneof("type")
    if kind == "delta":
        delta = msg.delta.WhichOneof("type")
        kind = f"delta {delta}"
        if delta == "new_element":
            kind += f" {msg.delta.new_element.WhichOneof('type')}"
    return f"queued {kind}"


logged(runtime.Runtime, "connect_session", lambda *a, **k: "browser connected")
logged(app_session.AppSession, "handle_backmsg", lambda msg: f"request {msg.WhichOneof('type')}")
logged(forward_msg_queue.ForwardMsgQueue, "enqueue", message_kind)
run_script = script_runner.ScriptRunner._run_script


def traced_run_script(self, *args, **kwargs):
    log("script run start")
    try:
        return run_script(self, *args, **kwargs)
    finally:
        log("script run end (after Streamlit's clean-up)")


script_runner.ScriptRunner._run_script = traced_run_script  # type: ignore[method-assign]

if __name__ == "__main__":
    app, options = sys.argv[1], sys.argv[2:]
    if app == "dashboard":
        from metrics.serve import serve

        sys.exit(serve(options))
    from streamlit.web import cli

    reference = Path(__file__).with_name("reference_app.py")
    sys.argv = ["streamlit", "run", str(reference), *options]
    sys.exit(cli.main(prog_name="streamlit"))
