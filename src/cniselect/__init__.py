"""cniselect: choose a Kubernetes CNI plugin, and gate CI on what the CNI delivers."""

__version__ = "0.1.0"
