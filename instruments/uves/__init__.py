"""UVES instrument plugin."""
