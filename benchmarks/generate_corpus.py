"""Write a deterministic corpus of Kubernetes manifest files for benchmarking ``cniselect scan``.

Usage::

    python benchmarks/generate_corpus.py DIR --files 1000 [--seed 0]

The corpus imitates a GitOps repository: mostly workloads, Services, ConfigMaps and
Namespaces, some of them with the pod-template annotations of several CNIs. It also
has Kubernetes, Cilium, Antrea and Calico network policies, multi-document files,
``kind: List`` files and JSON files. Five hostile files are always part of it: a Helm
template, an alias bomb, a file with a duplicate key, a binary file with a ``.yaml``
extension and an empty file.

The same ``--files``, ``--seed`` and PyYAML version give byte-identical files, because
the generator draws from ``random.Random(seed)`` and always uses PyYAML's pure-Python
emitter, so the output does not depend on whether libyaml is installed.

``write_corpus`` writes a corpus from Python. ``benchmarks/run.py`` runs this file as a
child process instead, so that its own peak RSS stays small.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FILES_PER_FOLDER = 25
"""Number of generated files in one ``<namespace>/<app>`` folder, as in a GitOps tree."""

Manifest = dict[str, Any]

TEAMS = ("payments", "search", "identity", "media", "platform", "data", "edge", "ml")
APPS = ("api", "worker", "frontend", "gateway", "cache", "indexer", "scheduler", "auth",
        "billing", "ingest", "reports", "notifier", "exporter", "proxy", "store")
IMAGES = ("nginx:1.27", "redis:7.2", "postgres:16", "python:3.12-slim", "golang:1.22",
          "envoyproxy/envoy:v1.30.1", "busybox:1.36", "registry.example.com/app:2024.05.1")
FQDNS = ("api.github.com", "s3.eu-west-1.amazonaws.com", "pypi.org", "sentry.io",
         "hooks.slack.com", "login.microsoftonline.com", "registry.npmjs.org")


def random_address(rng: random.Random, prefix: str) -> str:
    return f"{prefix}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"


# Pod annotations that some CNI reads, with a generator of a plausible value each.
CNI_POD_ANNOTATIONS: tuple[tuple[str, Callable[[random.Random], str]], ...] = (
    ("ovn.kubernetes.io/ip_address", lambda rng: random_address(rng, "10.16")),
    ("ovn.kubernetes.io/logical_switch", lambda rng: f"subnet-{rng.choice(TEAMS)}"),
    ("ovn.kubernetes.io/ingress_rate", lambda rng: str(rng.choice((10, 50, 100)))),
    ("ovn.kubernetes.io/egress_rate", lambda rng: str(rng.choice((10, 50, 100)))),
    ("cni.projectcalico.org/ipAddrs", lambda rng: json.dumps([random_address(rng, "10.48")])),
    ("cni.projectcalico.org/ipv4pools", lambda rng: json.dumps([f"pool-{rng.choice(TEAMS)}"])),
    ("kubernetes.io/ingress-bandwidth", lambda rng: rng.choice(("1M", "10M", "100M"))),
    ("kubernetes.io/egress-bandwidth", lambda rng: rng.choice(("1M", "10M", "100M"))),
    ("k8s.v1.cni.cncf.io/networks",
     lambda rng: rng.choice(("macvlan-conf", "sriov-net-a", "storage/ipvlan-1"))),
    ("ipam.antrea.io/ippools", lambda rng: f"pool-{rng.choice(TEAMS)}"),
    ("bandwidth.cilium.io/priority", lambda rng: str(rng.randint(0, 10))),
)
# Pod annotations that no CNI reads, for monitoring, rollouts and autoscaling.
OTHER_POD_ANNOTATIONS: tuple[tuple[str, Callable[[random.Random], str]], ...] = (
    ("prometheus.io/scrape", lambda rng: "true"),
    ("prometheus.io/port", lambda rng: str(rng.choice((8080, 9090, 9102)))),
    ("checksum/config", lambda rng: f"{rng.getrandbits(256):064x}"),
    ("kubectl.kubernetes.io/default-container", lambda rng: "app"),
    ("cluster-autoscaler.kubernetes.io/safe-to-evict", lambda rng: rng.choice(("true", "false"))),
)


@dataclass
class CorpusSummary:
    """Counts of the files ``write_corpus`` wrote, by category, and their size in bytes."""

    files: int = 0
    bytes: int = 0
    categories: Counter[str] = field(default_factory=Counter)


# ---------------------------------------------------------------- Kubernetes objects


def build_metadata(rng: random.Random, name: str, namespace: str | None) -> Manifest:
    metadata: Manifest = {"name": name}
    if namespace is not None:
        metadata["namespace"] = namespace
    metadata["labels"] = {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/part-of": rng.choice(TEAMS),
        "app.kubernetes.io/managed-by": rng.choice(("argocd", "flux", "kustomize")),
    }
    return metadata


def build_container(rng: random.Random, name: str) -> Manifest:
    container: Manifest = {
        "name": name,
        "image": rng.choice(IMAGES),
        "ports": [{"name": "http", "containerPort": rng.choice((80, 8080, 8443, 9000))}],
        "resources": {
            "requests": {"cpu": f"{rng.choice((50, 100, 250, 500))}m",
                         "memory": f"{rng.choice((64, 128, 256, 512))}Mi"},
            "limits": {"memory": f"{rng.choice((256, 512, 1024))}Mi"},
        },
    }
    if rng.random() < 0.7:
        container["env"] = [
            {"name": f"SETTING_{index}", "value": str(rng.randint(0, 10_000))}
            for index in range(rng.randint(1, 8))
        ]
    if rng.random() < 0.6:
        container["readinessProbe"] = {
            "httpGet": {"path": "/healthz", "port": "http"},
            "periodSeconds": rng.choice((5, 10, 15)),
        }
    return container


def build_pod_annotations(rng: random.Random) -> tuple[dict[str, str], bool]:
    """Pick pod annotations; return them and whether one fixes the pod's IP address."""
    annotations: dict[str, str] = {}
    if rng.random() < 0.5:
        for key, make_value in rng.sample(OTHER_POD_ANNOTATIONS, rng.randint(1, 3)):
            annotations[key] = make_value(rng)
    if rng.random() < 0.35:
        for key, make_value in rng.sample(CNI_POD_ANNOTATIONS, rng.randint(1, 2)):
            annotations[key] = make_value(rng)
    fixes_ip = any(key.endswith(("ip_address", "ipAddrs")) for key in annotations)
    return annotations, fixes_ip


def build_pod_template(rng: random.Random, name: str) -> tuple[Manifest, bool]:
    annotations, fixes_ip = build_pod_annotations(rng)
    metadata: Manifest = {"labels": {"app.kubernetes.io/name": name}}
    if annotations:
        metadata["annotations"] = annotations
    containers = [build_container(rng, "app")]
    if rng.random() < 0.25:
        containers.append(build_container(rng, "sidecar"))
    template = {"metadata": metadata, "spec": {"containers": containers}}
    return template, fixes_ip


def build_workload(rng: random.Random, kind: str, name: str, namespace: str) -> Manifest:
    template, fixes_ip = build_pod_template(rng, name)
    metadata = build_metadata(rng, name, namespace)
    if rng.random() < 0.01:
        # A pod annotation on the workload's own metadata, which `check` reports as CNI021.
        metadata["annotations"] = {"kubernetes.io/ingress-bandwidth": "10M"}
    selector = {"matchLabels": {"app.kubernetes.io/name": name}}
    if kind in ("Deployment", "StatefulSet"):
        replicas = 1 if fixes_ip else rng.choice((1, 2, 3, 5))
        spec: Manifest = {"replicas": replicas, "selector": selector, "template": template}
        if kind == "StatefulSet":
            spec["serviceName"] = name
        api_version = "apps/v1"
    elif kind == "DaemonSet":
        spec = {"selector": selector, "template": template}
        api_version = "apps/v1"
    elif kind == "Job":
        template["spec"]["restartPolicy"] = "Never"
        spec = {"backoffLimit": rng.randint(0, 6), "template": template}
        api_version = "batch/v1"
    elif kind == "CronJob":
        template["spec"]["restartPolicy"] = "OnFailure"
        spec = {
            "schedule": f"{rng.randint(0, 59)} {rng.randint(0, 23)} * * *",
            "jobTemplate": {"spec": {"template": template}},
        }
        api_version = "batch/v1"
    else:
        raise ValueError(f"not a workload kind: {kind}")
    return {"apiVersion": api_version, "kind": kind, "metadata": metadata, "spec": spec}


def build_service(rng: random.Random, name: str, namespace: str) -> Manifest:
    metadata = build_metadata(rng, name, namespace)
    if rng.random() < 0.03:
        metadata["annotations"] = {"service.cilium.io/global": "true"}
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": metadata,
        "spec": {
            "type": rng.choice(("ClusterIP", "ClusterIP", "ClusterIP", "NodePort")),
            "selector": {"app.kubernetes.io/name": name},
            "ports": [{"name": "http", "port": 80, "targetPort": "http"}],
        },
    }


def build_config_map(rng: random.Random, name: str, namespace: str) -> Manifest:
    data = {f"key_{index}": f"value-{rng.getrandbits(48):012x}"
            for index in range(rng.randint(1, 10))}
    if rng.random() < 0.2:
        lines = [f"setting_{index} = {rng.randint(0, 1000)}" for index in range(rng.randint(5, 30))]
        data["app.conf"] = "\n".join(lines) + "\n"
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": build_metadata(rng, f"{name}-config", namespace), "data": data}


def build_namespace(rng: random.Random, name: str, namespace: str) -> Manifest:
    metadata = build_metadata(rng, namespace, None)
    if rng.random() < 0.1:
        metadata["annotations"] = {"ovn.kubernetes.io/logical_switch": f"subnet-{namespace}"}
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": metadata}


def build_network_policy(rng: random.Random, name: str, namespace: str) -> Manifest:
    spec: Manifest = {"podSelector": {"matchLabels": {"app.kubernetes.io/name": name}}}
    variant = rng.randrange(4)
    if variant == 0:
        spec = {"podSelector": {}, "policyTypes": ["Ingress"]}
    elif variant == 1:
        spec["policyTypes"] = ["Ingress"]
        spec["ingress"] = [{
            "from": [{"namespaceSelector": {"matchLabels": {"team": rng.choice(TEAMS)}}},
                     {"podSelector": {"matchLabels": {"role": "client"}}}],
            "ports": [{"protocol": "TCP", "port": 8080}],
        }]
    elif variant == 2:
        spec["policyTypes"] = ["Egress"]
        spec["egress"] = [{
            "to": [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.96.0.0/12"]}}],
            "ports": [{"protocol": "TCP", "port": 32000, "endPort": 32768}],
        }]
    else:
        spec["policyTypes"] = ["Ingress", "Egress"]
        spec["ingress"] = [{"from": [{"podSelector": {}}]}]
        spec["egress"] = [{"to": [{"namespaceSelector": {}}],
                           "ports": [{"protocol": "UDP", "port": 53}]}]
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": build_metadata(rng, f"{name}-policy", namespace), "spec": spec}


def build_cilium_policy(rng: random.Random, name: str, namespace: str) -> Manifest:
    spec: Manifest = {"endpointSelector": {"matchLabels": {"app.kubernetes.io/name": name}}}
    spec["ingress"] = [{
        "fromEndpoints": [{"matchLabels": {"role": "client"}}],
        "toPorts": [{
            "ports": [{"port": "8080", "protocol": "TCP"}],
            "rules": {"http": [{"method": "GET", "path": "/api/v1/.*"},
                               {"method": "POST", "path": "/api/v1/orders"}]},
        }],
    }]
    if rng.random() < 0.7:
        spec["egress"] = [
            {
                "toEndpoints": [{"matchLabels": {"k8s:io.kubernetes.pod.namespace": "kube-system",
                                                 "k8s:k8s-app": "kube-dns"}}],
                "toPorts": [{"ports": [{"port": "53", "protocol": "ANY"}],
                             "rules": {"dns": [{"matchPattern": "*"}]}}],
            },
            {"toFQDNs": [{"matchName": fqdn} for fqdn in rng.sample(FQDNS, 2)]
             + [{"matchPattern": "*.example.com"}]},
        ]
    return {"apiVersion": "cilium.io/v2", "kind": "CiliumNetworkPolicy",
            "metadata": build_metadata(rng, f"{name}-l7", namespace), "spec": spec}


def build_antrea_policy(rng: random.Random, name: str, namespace: str) -> Manifest:
    rule_to_fqdn = {"action": "Allow", "to": [{"fqdn": rng.choice(FQDNS)}],
                    "ports": [{"protocol": "TCP", "port": 443}]}
    rule_drop = {"action": rng.choice(("Drop", "Reject")),
                 "to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}
    spec: Manifest = {
        "priority": rng.randint(1, 100),
        "tier": rng.choice(("securityops", "application", "platform")),
        "egress": [rule_to_fqdn, rule_drop],
    }
    if rng.random() < 0.5:
        spec["appliedTo"] = [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": name}}}]
        kind = "NetworkPolicy"
        metadata = build_metadata(rng, f"{name}-acnp", namespace)
    else:
        spec["appliedTo"] = [{"namespaceSelector": {"matchLabels": {"team": rng.choice(TEAMS)}}}]
        spec["ingress"] = [{"action": "Allow", "enableLogging": True,
                            "from": [{"namespaceSelector": {}}]}]
        kind = "ClusterNetworkPolicy"
        metadata = build_metadata(rng, f"{name}-acnp", None)
    return {"apiVersion": "crd.antrea.io/v1beta1", "kind": kind, "metadata": metadata,
            "spec": spec}


def build_calico_policy(rng: random.Random, name: str, namespace: str) -> Manifest:
    ingress_rule = {"action": rng.choice(("Allow", "Log")), "protocol": "TCP",
                    "source": {"selector": "role == 'frontend'"},
                    "destination": {"ports": [6379]}}
    spec: Manifest = {"selector": f"app.kubernetes.io/name == '{name}'",
                      "types": ["Ingress"], "ingress": [ingress_rule]}
    if rng.random() < 0.5:
        kind = "GlobalNetworkPolicy"
        metadata = build_metadata(rng, f"{name}-global", None)
        spec["order"] = rng.randint(100, 1000)
        spec["types"] = ["Ingress", "Egress"]
        spec["egress"] = [{"action": "Allow", "protocol": "ICMP", "icmp": {"type": 8}}]
    else:
        kind = "NetworkPolicy"
        metadata = build_metadata(rng, f"{name}-calico", namespace)
    return {"apiVersion": "projectcalico.org/v3", "kind": kind, "metadata": metadata,
            "spec": spec}


def build_single_object(rng: random.Random, name: str, namespace: str) -> Manifest:
    """Build one object of a common kind, for multi-document, List and JSON files."""
    kind = rng.choice(("Deployment", "Service", "ConfigMap", "NetworkPolicy", "StatefulSet"))
    if kind in ("Deployment", "StatefulSet"):
        return build_workload(rng, kind, name, namespace)
    builders = {"Service": build_service, "ConfigMap": build_config_map,
                "NetworkPolicy": build_network_policy}
    return builders[kind](rng, name, namespace)


# ---------------------------------------------------------------- file text


def dump_yaml(manifest: Manifest) -> str:
    return yaml.dump(manifest, Dumper=yaml.SafeDumper, sort_keys=False, width=100)


def render_single(manifest: Manifest, rng: random.Random) -> str:
    text = dump_yaml(manifest)
    if rng.random() < 0.15:
        text = f"# Source: {manifest['kind'].lower()}.yaml, rendered by kustomize\n{text}"
    return text


def render_multi_document(rng: random.Random, name: str, namespace: str) -> str:
    manifests = [build_workload(rng, "Deployment", name, namespace),
                 build_service(rng, name, namespace),
                 build_config_map(rng, name, namespace)]
    if rng.random() < 0.5:
        manifests.append(build_network_policy(rng, name, namespace))
    return "---\n" + "---\n".join(dump_yaml(manifest) for manifest in manifests)


def render_list(rng: random.Random, name: str, namespace: str) -> str:
    items = [build_single_object(rng, f"{name}-{index}", namespace)
             for index in range(rng.randint(2, 5))]
    return dump_yaml({"apiVersion": "v1", "kind": "List", "items": items})


def render_json(rng: random.Random, name: str, namespace: str) -> str:
    if rng.random() < 0.2:
        items = [build_single_object(rng, f"{name}-{index}", namespace) for index in range(3)]
        manifest: Manifest = {"apiVersion": "v1", "kind": "List", "items": items}
    else:
        manifest = build_single_object(rng, name, namespace)
    return json.dumps(manifest, indent=2) + "\n"


# Each category: (name, weight, file suffix, text builder). The weights are percentages.
TextBuilder = Callable[[random.Random, str, str], str]


def single(kind: str) -> TextBuilder:
    builders: dict[str, Callable[[random.Random, str, str], Manifest]] = {
        "Service": build_service, "ConfigMap": build_config_map, "Namespace": build_namespace,
        "NetworkPolicy": build_network_policy, "CiliumNetworkPolicy": build_cilium_policy,
        "Antrea": build_antrea_policy, "Calico": build_calico_policy,
    }

    def build_text(rng: random.Random, name: str, namespace: str) -> str:
        if kind in builders:
            manifest = builders[kind](rng, name, namespace)
        else:
            manifest = build_workload(rng, kind, name, namespace)
        return render_single(manifest, rng)

    return build_text


CATEGORIES: tuple[tuple[str, int, str, TextBuilder], ...] = (
    ("deployment", 16, ".yaml", single("Deployment")),
    ("statefulset", 5, ".yaml", single("StatefulSet")),
    ("daemonset", 3, ".yaml", single("DaemonSet")),
    ("job", 3, ".yaml", single("Job")),
    ("cronjob", 3, ".yaml", single("CronJob")),
    ("service", 12, ".yaml", single("Service")),
    ("configmap", 10, ".yml", single("ConfigMap")),
    ("namespace", 4, ".yaml", single("Namespace")),
    ("networkpolicy", 8, ".yaml", single("NetworkPolicy")),
    ("ciliumnetworkpolicy", 4, ".yaml", single("CiliumNetworkPolicy")),
    ("antrea-policy", 2, ".yaml", single("Antrea")),
    ("calico-policy", 2, ".yaml", single("Calico")),
    ("multi-document", 18, ".yaml", render_multi_document),
    ("list", 3, ".yaml", render_list),
    ("json", 7, ".json", render_json),
)


# ---------------------------------------------------------------- hostile files

HELM_TEMPLATE = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    metadata:
      {{- with .Values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
"""

# Nine levels of nine aliases: a few hundred bytes that expand to 9**9 scalars.
ALIAS_BOMB = (
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: laughs\ndata:\n"
    "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"  {name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
        for previous, name in zip("abcdefgh", "bcdefghi")
    )
)

DUPLICATE_KEY = """\
apiVersion: v1
kind: Service
metadata:
  name: duplicate-port
  annotations:
    kubernetes.io/ingress-bandwidth: 10M
spec:
  selector:
    app.kubernetes.io/name: duplicate-port
  ports:
    - name: http
      port: 80
      port: 8080
"""


HOSTILE_FILE_COUNT = 5


def write_hostile_files(folder: Path, rng: random.Random) -> list[tuple[str, Path, bytes]]:
    """Write the hostile files into ``folder``; return ``(category, path, content)`` each."""
    binary = bytes(rng.getrandbits(8) for _ in range(2048)) + b"\x00\x00"
    files = [
        ("helm-template", folder / "helm-deployment.yaml", HELM_TEMPLATE.encode()),
        ("alias-bomb", folder / "alias-bomb.yaml", ALIAS_BOMB.encode()),
        ("duplicate-key", folder / "duplicate-key.yaml", DUPLICATE_KEY.encode()),
        ("binary", folder / "binary.yaml", binary),
        ("empty", folder / "empty.yaml", b""),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    for _category, path, data in files:
        path.write_bytes(data)
    return files


# ---------------------------------------------------------------- corpus


def write_corpus(directory: str | Path, files: int, seed: int = 0) -> CorpusSummary:
    """Write ``files`` manifest files under ``directory``, which must be empty or absent.

    The five hostile files count towards ``files``, so ``files`` must be at least five.
    Raises ``ValueError`` for a bad count and ``FileExistsError`` for a non-empty directory.
    """
    if files < HOSTILE_FILE_COUNT:
        raise ValueError(f"--files must be at least {HOSTILE_FILE_COUNT} (the hostile files), "
                         f"got {files}")
    root = Path(directory)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty; choose an empty or new directory")
    root.mkdir(parents=True, exist_ok=True)

    rng = random.Random(seed)
    summary = CorpusSummary()
    for category, path, data in write_hostile_files(root / "hostile", rng):
        summary.categories[category] += 1
        summary.files += 1
        summary.bytes += len(data)

    names = [category[0] for category in CATEGORIES]
    weights = [category[1] for category in CATEGORIES]
    by_name = {category[0]: category for category in CATEGORIES}
    for index in range(files - HOSTILE_FILE_COUNT):
        folder_number = index // FILES_PER_FOLDER
        team = TEAMS[folder_number % len(TEAMS)]
        namespace = f"{team}-{folder_number // len(TEAMS):03d}"
        app = APPS[rng.randrange(len(APPS))]
        name = f"{app}-{index:05d}"

        category, _weight, suffix, build_text = by_name[rng.choices(names, weights)[0]]
        text = build_text(rng, name, namespace)
        data = text.encode("utf-8")

        folder = root / namespace / f"app-{folder_number:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}-{category}{suffix}").write_bytes(data)
        summary.categories[category] += 1
        summary.files += 1
        summary.bytes += len(data)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", metavar="DIR", help="Empty or new directory to write into.")
    parser.add_argument("--files", type=int, required=True, metavar="N",
                        help=f"Number of files to write, at least {HOSTILE_FILE_COUNT}.")
    parser.add_argument("--seed", type=int, default=0, metavar="S",
                        help="Seed of the random choices (default: 0).")
    args = parser.parse_args(argv)
    try:
        summary = write_corpus(args.directory, args.files, args.seed)
    except (ValueError, FileExistsError) as error:
        parser.error(str(error))
    print(f"wrote {summary.files} files, {summary.bytes:,} bytes, to {args.directory}")
    for category, count in sorted(summary.categories.items()):
        print(f"  {category:20} {count:6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
