"""``phoenix serve``: the stream and batch deployments served from one machine, without a work pool."""

from __future__ import annotations

from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from flows.batch_month import batch_month
from flows.historical_batch import historical_batch
from flows.process_month import process_month

# the 5th of every month at 06:00 in Garching (CET/CEST), as in deployments/prefect.yaml
STREAM_CRON = "0 6 5 * *"
STREAM_TIMEZONE = "Europe/Berlin"


def deployments(instruments: list[str], workspace: str | None = None) -> list[RunnerDeployment]:
    """Per instrument: the monthly stream on its schedule, an ad-hoc historical batch and its months."""
    common = {"workspace": workspace} if workspace else {}
    out = []
    for instrument in instruments:
        parameters = {"instrument": instrument, **common}
        out.append(
            process_month.to_deployment(
                name=f"{instrument}-monthly-stream",
                parameters=parameters,
                schedules=[Cron(STREAM_CRON, timezone=STREAM_TIMEZONE)],
            )
        )
        out.append(historical_batch.to_deployment(name=f"{instrument}-batch", parameters=parameters))
        out.append(batch_month.to_deployment(name=f"{instrument}-batch-month", parameters=parameters))
    return out


def serve_deployments(instruments: list[str], workspace: str | None = None) -> None:
    """Serve until stopped; stopping leaves the schedules active (``pause_on_shutdown=False``)."""
    from prefect import serve

    serve(*deployments(instruments, workspace), pause_on_shutdown=False)
