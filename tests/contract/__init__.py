"""Documented Open Cloud wire contract and the checker that enforces it in tests."""
