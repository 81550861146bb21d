"""Stage 3, the decision: the pure rule engine, the frozen assessment it returns, the cost
model per architecture and portfolios of many workloads."""
