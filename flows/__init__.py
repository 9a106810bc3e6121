"""Prefect flows of the production line. No science here: each task calls one engine step."""
