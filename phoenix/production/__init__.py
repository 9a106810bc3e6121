"""The production line's steps as plain functions (the flows wrap them as Prefect tasks)."""
