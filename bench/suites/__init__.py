"""The measuring code, one module per part of PlanAtlas: each function
measures one thing and returns a typed result from bench/results.py."""
