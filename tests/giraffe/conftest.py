"""The end-to-end GIRAFFE night needs the Prefect test server the e2e tests share."""

from tests.e2e.conftest import prefect_server

__all__ = ["prefect_server"]
