"""The architectures the advisor scores (contract v2), in the order reports list them."""

from __future__ import annotations

ARCHITECTURES = ("serverless", "long_running", "hybrid", "durable_functions")
