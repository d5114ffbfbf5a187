"""The cluster's configuration, deployment files and supervisor, without a browser.

HAProxy's own checker (``haproxy -c``) reads every generated configuration; the checked-in
``deploy/`` files must be what the generator writes; the Dockerfile must pin, drop root and
check health; and ``python -m metrics cluster`` must start, answer through the balancer and
stop everything it started on SIGINT, SIGTERM or its own death. Servers on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import psutil
import pytest
import yaml

from metrics import cluster
from metrics.cluster import ClusterError, Upstream, haproxy_config

from conftest import FIXTURE_DATA_DIR, ROOT, run_metrics

DEPLOY = ROOT / "deploy"
UPSTREAMS = [Upstream(cluster.replica_name(n), "127.0.0.1", 9000 + n) for n in (1, 2, 3)]


def haproxy_check(tmp_path: Path, text: str) -> str:
    path = tmp_path / "haproxy.cfg"
    path.write_text(text)
    return cluster.check_config(path)


def test_the_loopback_configuration_passes_haproxys_check_without_a_warning(tmp_path):
    text = haproxy_config("127.0.0.1:8501", UPSTREAMS, str(tmp_path / "admin.sock"))
    output = haproxy_check(tmp_path, text)
    assert "Configuration file is valid" in output
    assert "WARNING" not in output and "ALERT" not in output, output


def test_the_container_configuration_passes_haproxys_check(tmp_path):
    output = haproxy_check(tmp_path, cluster.container_haproxy_config(3))
    assert "Configuration file is valid" in output
    # the replicas' names resolve inside the Compose network only; nothing else may warn
    warnings = [line for line in output.splitlines() if "WARNING" in line]
    assert all("could not resolve address 'replica-" in line for line in warnings), output


def test_a_broken_configuration_is_refused_with_haproxys_reason(tmp_path):
    text = haproxy_config("127.0.0.1:8501", UPSTREAMS, str(tmp_path / "a.sock"))
    with pytest.raises(ClusterError, match="haproxy -c rejected"):
        haproxy_check(tmp_path, text.replace("balance leastconn", "balance nonsense"))


@pytest.mark.parametrize(
    "directive",
    [
        # affinity by a cookie the balancer sets, never by the client's address
        "cookie METRICS_REPLICA insert indirect nocache httponly",
        # active health checks of Streamlit's own endpoint
        "http-check send meth GET uri /_stcore/health",
        "http-check expect status 200",
        # failover: a request whose replica is gone goes to another; its tunnels are closed
        "option redispatch 1",
        "retry-on conn-failure empty-response 503",
        "on-error mark-down",
        # WebSockets stay open while a visitor reads; static files are compressed
        "timeout tunnel 1h",
        "compression algo gzip",
        "application/javascript",
        "text/css",
    ],
)
def test_the_configuration_has(directive):
    assert directive in haproxy_config("127.0.0.1:8501", UPSTREAMS, "/tmp/a.sock")


def test_taking_a_replica_out_does_not_cut_its_responses_under_way():
    text = haproxy_config("127.0.0.1:8501", UPSTREAMS, "/tmp/a.sock")
    assert "default-server" in text and " shutdown-sessions" not in text.split("default-server")[1]


def test_the_balancer_never_balances_by_address():
    text = haproxy_config("127.0.0.1:8501", UPSTREAMS, "/tmp/a.sock")
    assert "balance source" not in text and "stick-table" not in text


def test_each_replica_is_a_server_with_its_own_cookie():
    text = haproxy_config("127.0.0.1:8501", UPSTREAMS, "/tmp/a.sock")
    for n in (1, 2, 3):
        assert f"server replica-{n} 127.0.0.1:{9000 + n} cookie replica-{n}" in text


@pytest.mark.parametrize(
    ("upstreams", "message"),
    [([], "at least one replica"), ([UPSTREAMS[0], UPSTREAMS[0]], "must be unique")],
)
def test_a_configuration_needs_distinct_replicas(upstreams, message):
    with pytest.raises(ClusterError, match=message):
        haproxy_config("127.0.0.1:8501", upstreams, "/tmp/a.sock")


# --- the deployment files -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(cluster.deploy_files()))
def test_the_checked_in_deploy_file_is_what_the_generator_writes(name):
    written = (DEPLOY / name).read_text(encoding="utf-8")
    assert written == cluster.deploy_files()[name], f"run: make deploy-files ({name} is stale)"


def test_the_compose_file_runs_the_replicas_and_the_balancer_as_make_cluster_does():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    replicas = [name for name in services if name.startswith("replica-")]
    assert replicas == [cluster.replica_name(n) for n in range(1, cluster.DEPLOY_REPLICAS + 1)]
    for name in replicas:
        service = services[name]
        # the replica command of make cluster, listening inside its container
        assert service["command"] == cluster.replica_command(
            "python", "0.0.0.0", cluster.CONTAINER_REPLICA_PORT
        )
        assert service["healthcheck"]["test"][-1].count(cluster.HEALTH_PATH) == 1
        assert service["volumes"] == ["${METRICS_RELEASES:-../data}:/releases:ro"]  # read-only
        assert "STREAMLIT_SERVER_COOKIE_SECRET" in service["environment"]
    balancer = services["balancer"]
    assert balancer["volumes"] == ["./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"]
    assert set(balancer["depends_on"]) == set(replicas)
    # published on the host's loopback unless told otherwise
    assert balancer["ports"] == ["${METRICS_PUBLISH:-127.0.0.1:8080}:8080"]
    config = (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8")
    for name in replicas:
        assert f"server {name} {name}:{cluster.CONTAINER_REPLICA_PORT} cookie {name}" in config


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments left out."""
    joined = path.read_text(encoding="utf-8").replace("\\\n", " ")
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def test_the_dockerfile_pins_drops_root_and_checks_health():
    steps = dockerfile_instructions(ROOT / "Dockerfile")
    base = [args for keyword, args in steps if keyword == "FROM"]
    assert len(base) == 1
    assert base[0].count(":") == 1 and base[0].split(":")[1][0].isdigit()  # a versioned tag
    assert base[0].split(":")[1].startswith(f"{sys.version_info.major}.{sys.version_info.minor}.")
    installs = [args for keyword, args in steps if keyword == "RUN" and "pip install" in args]
    assert installs and all("--constraint constraints.txt" in args for args in installs)
    users = [args for keyword, args in steps if keyword == "USER"]
    assert users and users[-1] not in ("root", "0")
    # every step after the last USER runs unprivileged: nothing is installed there
    last_user = max(i for i, (keyword, _) in enumerate(steps) if keyword == "USER")
    assert not [k for k, _ in steps[last_user:] if k == "RUN"]
    health = [args for keyword, args in steps if keyword == "HEALTHCHECK"]
    assert len(health) == 1 and cluster.HEALTH_PATH in health[0]
    command = [args for keyword, args in steps if keyword == "CMD"]
    expected = cluster.replica_command("python", "0.0.0.0", cluster.CONTAINER_REPLICA_PORT)
    assert command == ["[" + ", ".join(f'"{part}"' for part in expected) + "]"]
    copied = " ".join(args for keyword, args in steps if keyword == "COPY")
    for needed in ("constraints.txt", "src", "app.py", "app_pages", ".streamlit", "data"):
        assert needed in copied


def test_every_package_the_image_installs_is_pinned():
    pins = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pinned = {line.split("==")[0].lower() for line in pins if "==" in line}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for requirement in project["project"]["dependencies"]:
        name = re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].lower()
        assert name in pinned, name


def test_the_image_leaves_out_what_it_does_not_need():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for folder in (".venv", ".git", "tests"):
        assert folder in ignored
    for needed in ("src", "data", "app_pages", ".streamlit"):
        assert needed not in ignored


def test_the_balancer_image_installs_debians_haproxy_and_drops_root():
    steps = dockerfile_instructions(DEPLOY / "balancer.Dockerfile")
    assert any(k == "RUN" and "apt-get install" in a and "haproxy=" in a for k, a in steps)
    assert [a for k, a in steps if k == "USER"][-1] == "haproxy"
    assert "/usr/local/etc/haproxy/haproxy.cfg" in dict(steps)["CMD"]


# --- the command --------------------------------------------------------------------------


def test_only_loopback_addresses_are_accepted():
    cluster.require_loopback("127.0.0.1")
    cluster.require_loopback("::1")
    for host in ("0.0.0.0", "192.168.1.10", "example.org"):
        with pytest.raises(ClusterError, match="not a loopback address"):
            cluster.require_loopback(host)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return run_metrics("cluster", *args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--host", "0.0.0.0"), "not a loopback address"),
        (("--replicas", "0"), "at least 1"),
        (("--data-dir", "/nonexistent/data"), "does not exist"),
    ],
)
def test_the_command_refuses_bad_input_in_one_line(args, message):
    result = run_cli(*args)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_write_deploy_writes_the_checked_in_files(tmp_path):
    result = run_cli("--write-deploy", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for name, text in cluster.deploy_files().items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text


def start_cli(tmp_path: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "metrics", "cluster", "--replicas", "2", "--port", str(port),
         "--data-dir", str(FIXTURE_DATA_DIR), "--run-dir", str(tmp_path / "run")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip


def wait_for_address(process: subprocess.Popen, timeout: float = 120) -> list[str]:
    """The command's output up to the line with the balancer's address."""
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Stop with Ctrl-C" in line:
            return lines
    process.kill()
    raise AssertionError("".join(lines))


def family(process: subprocess.Popen) -> list[psutil.Process]:
    return [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]


def all_gone(processes: list[psutil.Process], timeout: float = 20) -> bool:
    _gone, alive = psutil.wait_procs(processes, timeout=timeout)
    return not alive


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_the_command_serves_through_the_balancer_and_stops_everything(tmp_path, stop_signal):
    from testing.browser import free_port

    port = free_port()
    process = start_cli(tmp_path, port)
    try:
        output = "".join(wait_for_address(process))
        assert f"http://127.0.0.1:{port}" in output
        children = psutil.Process(process.pid).children(recursive=True)
        names = sorted(Path(p.cmdline()[0]).name for p in children)
        assert names.count("haproxy") == 1 and len(children) == 3, names
        for child in children:  # everything listens on loopback only
            for conn in child.net_connections(kind="inet"):
                if conn.status == psutil.CONN_LISTEN:
                    assert conn.laddr.ip in ("127.0.0.1", "::1"), (child.cmdline(), conn)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
            assert r.status == 200
            assert any("METRICS_REPLICA=replica-" in c for c in r.headers.get_all("Set-Cookie"))
        every = family(process)
        process.send_signal(stop_signal)
        rest, _ = process.communicate(timeout=60)
        assert process.returncode == 0, rest
        assert "stopped" in rest
        assert all_gone(every), [p for p in every if p.is_running()]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def test_the_replicas_and_balancer_die_with_a_killed_supervisor(tmp_path):
    from testing.browser import free_port

    process = start_cli(tmp_path, free_port())
    children: list[psutil.Process] = []
    try:
        wait_for_address(process)
        children = psutil.Process(process.pid).children(recursive=True)
        assert len(children) == 3
        process.kill()  # no chance to clean up: the children are told by the kernel
        process.wait(timeout=10)
        assert all_gone(children), [p.cmdline() for p in children if p.is_running()]
    finally:
        process.kill()
        for child in children:
            if child.is_running():
                child.kill()


def test_sighup_rolls_out_the_data_directory_named_in_the_run_folder(tmp_path, data_copy):
    from testing.browser import free_port

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "metrics", "cluster", "--replicas", "1", "--port", str(port),
         "--data-dir", str(FIXTURE_DATA_DIR), "--run-dir", str(tmp_path / "run")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        wait_for_address(process)
        (tmp_path / "run" / "data-dir").write_text(f"{data_copy}\n")
        process.send_signal(signal.SIGHUP)
        assert process.stdout is not None
        deadline = time.monotonic() + 120
        lines = []
        while time.monotonic() < deadline and "every replica serves" not in "".join(lines):
            lines.append(process.stdout.readline())
        assert f"every replica serves {data_copy}" in "".join(lines), lines
        replica = next(p for p in psutil.Process(process.pid).children() if "serve" in p.cmdline())
        assert replica.environ()["METRICS_DATA_DIR"] == str(data_copy.resolve())
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
            assert r.status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
