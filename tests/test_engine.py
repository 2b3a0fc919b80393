"""Ranking cases over the bundled catalog, written as a table of queries and expectations."""

from __future__ import annotations

import pytest

from cniselect.data.loader import load_bundled
from cniselect.engine import Query, Want, judge, recommend


@pytest.fixture(scope="module")
def catalog():
    return load_bundled()


def ranked(catalog, **query):
    return recommend(catalog, Query(**query)).candidates


def stack(candidate) -> tuple[str, ...]:
    return (candidate.plugin, *candidate.addons)


def test_fixed_ip_and_egress_gateway_ranks_kube_ovn_first(catalog):
    candidates = ranked(catalog, needs=("fixed-ip", "egress-gateway"))
    assert stack(candidates[0]) == ("kube-ovn",)
    assert candidates[0].qualified
    flannel = next(c for c in candidates if c.plugin == "flannel")
    assert not flannel.qualified
    assert "egress-gateway" in flannel.disqualified_by


@pytest.mark.parametrize("plugin", ["cilium", "kube-ovn"])
def test_windows_and_isolation_disqualifies(catalog, plugin):
    candidates = ranked(catalog, needs=("windows-nodes", "isolation"))
    candidate = next(c for c in candidates if c.plugin == plugin)
    assert not candidate.qualified
    assert "windows-nodes" in candidate.disqualified_by


def test_windows_and_isolation_keeps_calico_and_antrea(catalog):
    candidates = ranked(catalog, needs=("windows-nodes", "isolation"))
    qualified = {c.plugin for c in candidates if c.qualified}
    assert {"calico", "antrea"} <= qualified


def test_multicluster_service_with_fixed_ip_uses_submariner(catalog):
    candidates = ranked(catalog, needs=("multicluster-service", "fixed-ip"))
    top = candidates[0]
    assert top.qualified
    assert stack(top) in {("kube-ovn", "submariner"), ("calico", "submariner")}


def test_submariner_never_stacks_with_cilium_or_antrea(catalog):
    for needs in [("multicluster-service", "fixed-ip"), ("multicluster-pod",),
                  ("multicluster-service",)]:
        for candidate in ranked(catalog, needs=needs):
            if candidate.plugin in ("cilium", "antrea"):
                assert "submariner" not in candidate.addons


def test_l7_and_fqdn_ranks_cilium_first(catalog):
    candidates = ranked(catalog, needs=("l7-policy", "fqdn-policy"))
    assert stack(candidates[0]) == ("cilium",)


def test_disqualified_candidates_rank_last(catalog):
    candidates = ranked(catalog, needs=("fixed-ip", "egress-gateway"))
    flags = [c.qualified for c in candidates]
    assert flags == sorted(flags, reverse=True)
    assert [c.rank for c in candidates] == list(range(1, len(candidates) + 1))


def test_ranking_is_stable_across_runs(catalog):
    query = {"needs": ("isolation",), "wants": (Want("bandwidth", 2.0), Want("encryption"))}
    first = [stack(c) for c in ranked(catalog, **query)]
    for _ in range(3):
        assert [stack(c) for c in ranked(catalog, **query)] == first


def test_ties_break_by_plugin_id(catalog):
    candidates = ranked(catalog, needs=("isolation",))
    full = [c.plugin for c in candidates
            if c.qualified and c.score == 100.0 and not c.addons]
    assert full == sorted(full)


def test_partial_is_never_scored_as_full(catalog):
    verdict = judge(catalog, "cilium", (), "fixed-ip")
    assert verdict.level == "partial"
    assert verdict.met
    candidates = ranked(catalog, needs=("fixed-ip",))
    cilium = next(c for c in candidates if c.plugin == "cilium")
    calico = next(c for c in candidates if c.plugin == "calico")
    assert calico.score == 100.0
    assert cilium.score == 50.0


def test_unknown_is_unmet(catalog):
    verdict = judge(catalog, "gke-dataplane-v2", (), "fixed-ip")
    assert verdict.level == "unknown"
    assert not verdict.met
    assert verdict.reason == "unknown"


@pytest.mark.parametrize("allow, met", [(False, False), (True, True)])
def test_enterprise_counts_only_when_allowed(catalog, allow, met):
    verdict = judge(catalog, "calico", (), "egress-gateway", allow_enterprise=allow)
    assert verdict.level == "enterprise"
    assert verdict.met is met


def test_addon_level_without_the_addon_names_it(catalog):
    verdict = judge(catalog, "kube-ovn", (), "multicluster-service")
    assert not verdict.met
    assert verdict.reason == "addon-missing"
    assert verdict.addon == "submariner"


def test_exclude_removes_candidate(catalog):
    candidates = ranked(catalog, needs=("fixed-ip",), exclude=frozenset({"kube-ovn"}))
    assert "kube-ovn" not in {c.plugin for c in candidates}


def test_no_addons_ranks_cnis_alone(catalog):
    candidates = ranked(catalog, needs=("multicluster-service", "fixed-ip"), allow_addons=False)
    assert all(not c.addons for c in candidates)
    kube_ovn = next(c for c in candidates if c.plugin == "kube-ovn")
    assert not kube_ovn.qualified


def test_wants_raise_score_but_never_disqualify(catalog):
    candidates = ranked(catalog, needs=("isolation",), wants=(Want("qos-latency-loss", 3.0),))
    assert next(c for c in candidates if c.plugin == "calico").qualified
    kube_ovn = next(c for c in candidates if c.plugin == "kube-ovn")
    calico = next(c for c in candidates if c.plugin == "calico")
    assert kube_ovn.score > calico.score


def test_judging_at_older_version_changes_answer(catalog):
    now = judge(catalog, "kube-ovn", (), "windows-nodes")
    before = judge(catalog, "kube-ovn", (), "windows-nodes", versions={"kube-ovn": "1.14"})
    assert not now.met
    assert before.met
