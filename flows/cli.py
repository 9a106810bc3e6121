"""The ``phoenix`` command line: simulate, calibrate and process nights, and look at the results."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from flows.runtime import prepare_prefect_environment
from phoenix.archive.backends import ArchiveName
from phoenix.config import resolve_settings
from phoenix.errors import PhoenixError

app = typer.Typer(help=__doc__, no_args_is_help=True, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Bookkeeping database.")
app.add_typer(db_app, name="db")
review_app = typer.Typer(
    help="Datasets held for review: look, then accept (ingest) or reject.", no_args_is_help=True
)
app.add_typer(review_app, name="review")
console = Console(stderr=True)
out = Console()

Workspace = Annotated[
    str | None, typer.Option(help="Workspace directory [default: $PHOENIX_WORKSPACE or ./phoenix-workspace]")
]
Instrument = Annotated[str, typer.Option("--instrument", "-i", help="Instrument id, e.g. uves.")]
Night = Annotated[
    str, typer.Option("--night", "-n", help="Night, YYYY-MM-DD (date at the start of the night).")
]
TaskRunnerOption = Annotated[
    str, typer.Option(help="Where recipe jobs run: threads (this machine) or dask (a Dask cluster).")
]
DaskAddressOption = Annotated[
    str,
    typer.Option(help="With --task-runner dask: the scheduler, tcp://host:8786 [default: a local cluster]."),
]


def _context(workspace: str | None):  # type: ignore[no-untyped-def]
    from flows.runtime import context

    return context(resolve_settings(workspace))


@app.command()
def plugins(workspace: Workspace = None) -> None:
    """List the installed instrument plugins, with their package, version and hooks.

    Every plugin that fails to load or breaks the hook contract is listed with its problem, and
    the command then exits with status 1.
    """
    from phoenix.plugins import discover_instruments

    found = discover_instruments()
    table = Table("instrument", "package", "version", "pipeline", "hooks")
    for p in found.loaded:
        table.add_row(
            p.info.name,
            p.package,
            p.package_version or p.info.version,
            p.info.pipeline,
            ", ".join(h.removeprefix("phoenix_") for h in p.hooks),
        )
    out.print(table)
    for plugin, message in found.warnings:
        console.print(f"[yellow]warning[/] plugin {plugin!r}: {message}")
    for failure in found.failures:
        origin = f" ({failure.package} {failure.package_version})" if failure.package else ""
        console.print(f"[red]failed[/] plugin {failure.plugin!r}{origin}: {failure.problem}")
    if found.failures:
        raise typer.Exit(1)


@app.command()
def simulate(
    instrument: Instrument = "uves",
    night: Night = "2016-05-03",
    sources: Annotated[
        int | None, typer.Option(help="Science sources (UVES: one OB each) [default: the plugin's].")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    fault: Annotated[list[str] | None, typer.Option(help="Add a broken frame: truncated, no_dpr.")] = None,
    option: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="A simulator option of the plugin, KEY=VALUE (repeatable), e.g. science=12."
        ),
    ] = None,
    workspace: Workspace = None,
) -> None:
    """Simulate a night into the workspace's archive (raw frames, night log, truth)."""
    from phoenix.production.simulate import simulate_night

    options: dict[str, Any] = {"seed": seed, **simulator_options(option or [])}
    if sources is not None:
        options["sources"] = sources
    if fault:
        options["faults"] = tuple(fault)
    with console.status(f"simulating {instrument} {night} ..."):
        sim = simulate_night(_context(workspace), instrument, night, options)
    out.print(f"simulated {sim.raw_files} raw frames for {instrument} {night}; truth in {sim.truth_dir}")


def simulator_options(pairs: list[str]) -> dict[str, Any]:
    """``KEY=VALUE`` pairs as simulator options; values that read as numbers become numbers."""
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"--set takes KEY=VALUE, got {pair!r}")
        value: Any = text
        for convert in (int, float):
            try:
                value = convert(text)
                break
            except ValueError:
                continue
        options[key.strip()] = value
    return options


@app.command()
def calib(
    instrument: Instrument = "uves",
    night: Night = "2016-05-03",
    force: Annotated[bool, typer.Option(help="Redo jobs already done.")] = False,
    dry_run: Annotated[bool, typer.Option(help="Plan only.")] = False,
    workspace: Workspace = None,
) -> None:
    """Build and certify the master calibrations of a night (calibration mode)."""
    summary = _run_flow(
        "reconstruct_masters", workspace, instrument=instrument, night=night, force=force, dry_run=dry_run
    )
    _print_summary(summary)
    _show_status(workspace, instrument, night, kind="calibration")
    _exit_on_failure(summary)


@app.command()
def run(
    instrument: Instrument,
    night: Annotated[
        str | None, typer.Option("--night", "-n", help="Night, YYYY-MM-DD (date at the start of the night).")
    ] = None,
    month: Annotated[
        str | None,
        typer.Option(
            help="Instead of --night: every night of a month, YYYY-MM (masters first, then science)."
        ),
    ] = None,
    complete: Annotated[bool, typer.Option(help="Build the masters the night needs first.")] = False,
    force: Annotated[bool, typer.Option(help="Redo jobs already done and replace their products.")] = False,
    dry_run: Annotated[bool, typer.Option(help="Plan and associate only; show each job's SOF.")] = False,
    archive: Annotated[
        ArchiveName,
        typer.Option(help="Where the raw frames come from: this workspace's archive or ESO's (fetched)."),
    ] = ArchiveName.LOCAL,
    task_runner: TaskRunnerOption = "threads",
    dask_address: DaskAddressOption = "",
    workspace: Workspace = None,
) -> None:
    """Process a night's science datasets through the ten steps of the production line.

    With ``--month``, every night of the month that is not settled yet: its masters, then its science.
    """
    if (night is None) == (month is None):
        raise typer.BadParameter("give exactly one of --night or --month")
    if month is not None:
        if dry_run or archive is not ArchiveName.LOCAL:
            raise typer.BadParameter(
                "--month works on the local archive; for a dry run use phoenix batch --dry-run"
            )
        summary = _run_flow(
            "process_month",
            workspace,
            task_runner=task_runner,
            dask_address=dask_address,
            instrument=instrument,
            month=month,
            force=force,
        )
        _print_month(summary)
        _exit_on_failure(summary)
        return
    summary = _run_flow(
        "process_night",
        workspace,
        task_runner=task_runner,
        dask_address=dask_address,
        instrument=instrument,
        night=night,
        force=force,
        dry_run=dry_run,
        complete=complete,
        archive=archive.value,
    )
    if dry_run:
        _print_plan(summary)
    _print_fetch(summary.get("fetch"))
    _print_summary(summary)
    _show_status(workspace, instrument, night, kind="science")
    _exit_on_failure(summary)


@app.command()
def deep(
    instrument: Instrument,
    target: Annotated[str, typer.Option("--target", "-t", help="OBS.TARG.NAME (or OBJECT) of the target.")],
    force: Annotated[bool, typer.Option(help="Redo the combination and replace its products.")] = False,
    workspace: Workspace = None,
) -> None:
    """Deep cubes: combine every reduced exposure of a target, per setup, across OBs and nights."""
    summary = _run_flow("deep_cube", workspace, instrument=instrument, target=target, force=force)
    if not summary["deep"]:
        out.print(f"no finished {instrument} OB of {target} to combine")
        raise typer.Exit(1)
    for item in summary["deep"]:
        state = "already done" if item["skipped"] else "combined"
        out.print(f"{item['dataset']}: {item['exposures']} exposures of {len(item['obs'])} OBs {state}")
        for name in item["ingested"]:
            out.print(f"  ingested {name}")


@app.command()
def batch(
    instrument: Instrument,
    first: Annotated[str, typer.Option("--from", help="First month, YYYY-MM.")],
    last: Annotated[str, typer.Option("--to", help="Last month, YYYY-MM.")],
    dry_run: Annotated[
        bool, typer.Option(help="Plan and associate only; write a report under <workspace>/reports/batch/.")
    ] = False,
    force: Annotated[bool, typer.Option(help="Redo months and jobs already done.")] = False,
    workspace: Workspace = None,
) -> None:
    """Process an instrument's history month by month; a restarted batch resumes where it stopped."""
    summary = _run_flow(
        "historical_batch",
        workspace,
        instrument=instrument,
        start=first,
        end=last,
        dry_run=dry_run,
        force=force,
    )
    if dry_run:
        table = Table(
            "month", "nights", "frames", "datasets", "incomplete", "awaiting masters", "est. recipe s"
        )
        for m in summary["months"]:
            table.add_row(
                m["month"],
                str(len(m["nights"])),
                str(m["frames"]),
                str(m["datasets"]),
                str(m["incomplete"]),
                str(m["awaiting_masters"]),
                f"{m['estimated_recipe_s']:.0f}",
            )
        out.print(table)
        out.print(f"report: {summary['markdown']}", soft_wrap=True)
        out.print(f"        {summary['json']}", soft_wrap=True)
        return
    if summary["already_done"]:
        console.print(f"already done: {', '.join(summary['already_done'])}")
    if summary.get("busy"):
        console.print(f"held by another worker (left to it): {', '.join(summary['busy'])}")
    for month_summary in summary["processed"].values():
        _print_month(month_summary)
    _exit_on_failure(summary)


@app.command()
def serve(
    instrument: Annotated[
        list[str] | None,
        typer.Option("--instrument", "-i", help="Serve these [default: every installed one]."),
    ] = None,
    workspace: Workspace = None,
) -> None:
    """Serve each instrument's monthly stream (5th, 06:00 Garching) and batch from this machine.

    Needs a Prefect server (PREFECT_API_URL); runs until stopped, and stopping does not pause the
    schedules. Several machines share the work through a work pool instead (deployments/prefect.yaml).
    """
    from phoenix.plugins import discover_instruments

    settings = resolve_settings(workspace)
    prepare_prefect_environment()
    from flows.serve import serve_deployments

    chosen = instrument or [p.info.name for p in discover_instruments().loaded]
    console.print(f"serving {', '.join(chosen)} from workspace {settings.workspace}")
    serve_deployments(chosen, str(settings.workspace))


def _print_month(summary: dict) -> None:
    if summary["settled"]:
        console.print(f"{summary['month']}: settled already: {', '.join(summary['settled'])}")
    for night, n in summary["processed"].items():
        console.print(
            f"{summary['month']} {night}: masters={n['masters']}, datasets={n['datasets']},"
            f" incomplete={n['incomplete']}, ran={n['ran']}, ingested files={n['ingested_files']}"
        )
    for failure in summary["failed"]:
        console.print(f"[red]failed[/] {failure['night']} {failure['dataset']}: {failure['error']}")
    if not summary["nights"]:
        console.print(f"{summary['month']}: no night with raw data")


@app.command()
def demo(
    workspace: Workspace = None,
    night: Night = "2016-05-03",
    instrument: Instrument = "uves",
    sources: Annotated[
        int | None, typer.Option(help="UVES: science sources, one OB each [default: 3].")
    ] = None,
) -> None:
    """Simulate a night (UVES by default), build its masters and process its science, end to end."""
    if instrument == "uves" and sources is None:
        sources = 3
    simulate(
        instrument=instrument,
        night=night,
        sources=sources,
        seed=0,
        fault=None,
        option=None,
        workspace=workspace,
    )
    summary = _run_flow("process_night", workspace, instrument=instrument, night=night, complete=True)
    _print_summary(summary)
    _show_status(workspace, instrument, night, kind=None)
    _exit_on_failure(summary)


@app.command()
def status(
    instrument: Annotated[str | None, typer.Option("--instrument", "-i")] = None,
    night: Annotated[str | None, typer.Option("--night", "-n")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    workspace: Workspace = None,
) -> None:
    """Every dataset with its members, associations, state and products."""
    from phoenix.production.status import night_status

    report = night_status(_context(workspace), instrument, night)
    if as_json:
        out.print_json(json.dumps(report, default=str))
        return
    _show_status(workspace, instrument, night, kind=None, report=report)


Reviewer = Annotated[str, typer.Option(help="Who decides [default: your login name].")]
Comment = Annotated[str, typer.Option("--comment", "-c", help="Why (kept with the decision).")]


@review_app.command("list")
def review_list(
    instrument: Annotated[str | None, typer.Option("--instrument", "-i")] = None,
    state: Annotated[str, typer.Option(help="pending, accepted, rejected or all.")] = "pending",
    workspace: Workspace = None,
) -> None:
    """Datasets in the review queue, with their score and why they are there."""
    from phoenix.production.quality import pending_reviews

    table = Table(title=f"reviews: {state}")
    for column in ("dataset", "score", "state", "reason / decision"):
        table.add_column(column, overflow="fold")
    for review, dataset in pending_reviews(
        _context(workspace), instrument, None if state == "all" else state
    ):
        decision = f"{review.reviewer}: {review.comment}" if review.decided else dataset.message or ""
        table.add_row(dataset.name, review.score or "", review.state, decision)
    out.print(table)


@review_app.command("show")
def review_show(dataset: str, workspace: Workspace = None) -> None:
    """A dataset's QC values with their scores and thresholds."""
    from phoenix.production.quality import dataset_by_name, qc_scores

    ctx = _context(workspace)
    found = dataset_by_name(ctx, dataset)
    out.print(f"[bold]{found.name}[/] status {found.status}, QC score {found.qc_score}")
    if found.message:
        out.print(found.message)
    table = Table("parameter", "product", "value", "score", "lower", "upper", "method / reason")
    for value, qc in qc_scores(ctx, found):
        colour = {"green": "green", "red": "red"}.get(qc.score if qc else "", "white")
        table.add_row(
            value.name,
            value.product_category,
            f"{value.value:.6g}" if value.value is not None else "",
            f"[{colour}]{qc.score if qc else 'grey'}[/]",
            _num(qc.lower if qc else None),
            _num(qc.upper if qc else None),
            f"{qc.method} {qc.reason}" if qc else "",
        )
    out.print(table)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


@review_app.command("accept")
def review_accept(
    dataset: str, comment: Comment = "", reviewer: Reviewer = "", workspace: Workspace = None
) -> None:
    """Accept a held dataset: its products are written and ingested (or its masters certified)."""
    from phoenix.production.quality import dataset_by_name, decide, publish_accepted

    ctx = _context(workspace)
    decide(ctx, dataset, accept=True, reviewer=reviewer or _login(), comment=comment)
    names = publish_accepted(ctx, dataset_by_name(ctx, dataset))
    out.print(f"accepted {dataset}; ingested: {', '.join(names) or 'nothing'}")


@review_app.command("reject")
def review_reject(
    dataset: str, comment: Comment, reviewer: Reviewer = "", workspace: Workspace = None
) -> None:
    """Reject a held dataset: it stays out of the archive, with the comment kept."""
    from phoenix.production.quality import decide

    decide(_context(workspace), dataset, accept=False, reviewer=reviewer or _login(), comment=comment)
    out.print(f"rejected {dataset}: {comment}")


def _login() -> str:
    import getpass

    return getpass.getuser()


@db_app.command("upgrade")
def db_upgrade(workspace: Workspace = None) -> None:
    """Create or migrate the bookkeeping database to the latest schema."""
    from phoenix.db import open_database

    settings = resolve_settings(workspace)
    open_database(settings.database_url).dispose()
    out.print(f"database at {settings.database_url} is up to date")


def _run_flow(
    name: str, workspace: str | None, task_runner: str = "threads", dask_address: str = "", **kwargs: Any
) -> dict:
    from flows.progress import JobProgress

    settings = resolve_settings(workspace)
    prepare_prefect_environment()
    import flows.deep_cube as dc
    import flows.historical_batch as hb
    import flows.process_month as pm
    import flows.process_night as pn
    import flows.reconstruct_masters as rm

    flow = {
        "process_night": pn.process_night,
        "reconstruct_masters": rm.reconstruct_masters,
        "process_month": pm.process_month,
        "historical_batch": hb.historical_batch,
        "deep_cube": dc.deep_cube,
    }[name]
    from flows.taskrunners import TaskRunnerKind
    from flows.taskrunners import task_runner as make_runner

    runner = make_runner(settings, TaskRunnerKind(task_runner), dask_address)
    with JobProgress(settings, console):
        return flow.with_options(task_runner=runner)(workspace=str(settings.workspace), **kwargs)


def _print_plan(summary: dict) -> None:
    for job in summary.get("plan", []):
        runs = (
            f"  (reference recipe {job['runs']}: pipeline not installed)"
            if job["runner"] == "reference"
            else ""
        )
        out.print(f"[bold]{job['recipe']}[/] {job['dataset']}  ~{job['memory_mb']:.0f} MB{runs}")
        for tag, path in job["sof"]:
            out.print(f"    {path} {tag}")


def _print_fetch(fetch: dict | None) -> None:
    if not fetch:
        return
    for missing in fetch["missing"]:
        console.print(f"[yellow]missing from {fetch['source']}[/] {missing['name']}: {missing['reason']}")
    console.print(
        f"{fetch['source']}: {fetch['listed']} raw frame(s) listed, {len(fetch['fetched'])} fetched,"
        f" {len(fetch['skipped'])} already present, {len(fetch['missing'])} missing"
    )


def _print_summary(summary: dict) -> None:
    if summary.get("calibration"):
        console.print("[bold]calibration:[/]", end=" ")
        _print_summary(summary["calibration"])
        console.print("[bold]science:[/]", end=" ")
    for problem in summary.get("problems", []):
        console.print(f"[yellow]unusable frame[/] {problem['filename']}: {problem['reason']}")
    for failure in summary.get("failed", []):
        console.print(f"[red]failed[/] {failure['dataset']}: {failure['error']}")
    for name in summary.get("held_for_review", []):
        console.print(f"[yellow]held for review[/] {name} (phoenix review show {name})")
    keys = ("frames", "datasets", "calibration_datasets", "incomplete", "jobs", "ran", "skipped")
    console.print(", ".join(f"{k}={summary[k]}" for k in keys if k in summary))


def _show_status(
    workspace: str | None,
    instrument: str | None,
    night: str | None,
    *,
    kind: str | None,
    report: dict | None = None,
) -> None:
    from phoenix.production.status import night_status

    report = report or night_status(_context(workspace), instrument, night)
    table = Table(title=f"{instrument or 'all instruments'} {night or ''}".strip())
    for column in ("dataset", "kind", "OB", "QC", "status", "products / reason"):
        table.add_column(column, overflow="fold")
    for d in report["datasets"]:
        if kind and d["kind"] != kind:
            continue
        detail = "\n".join(a["path"] for a in d["archived"]) or (d["message"] or "")
        missing = [a["reason"] for a in d["associations"] if a["status"] == "missing"]
        score = d["qc_score"] or ""
        colour = {"green": "green", "red": "red"}.get(score, "white")
        table.add_row(
            d["name"],
            d["kind"],
            d["ob"]["grade"] or "",
            f"[{colour}]{score}[/]",
            d["status"],
            detail or "\n".join(missing),
        )
    out.print(table)
    for p in report["frame_problems"]:
        out.print(f"[yellow]unusable[/] {p['file']}: {p['reason']}")


def _exit_on_failure(summary: dict) -> None:
    if summary.get("failed"):
        raise typer.Exit(1)


@app.command()
def report(
    instrument: Instrument,
    night: Annotated[str | None, typer.Option("--night", "-n", help="A night's score report.")] = None,
    month: Annotated[str | None, typer.Option(help="Every night of a month, YYYY-MM, and its index.")] = None,
    trending: Annotated[bool, typer.Option(help="Trending pages per setup (Health Check).")] = False,
    first: Annotated[str | None, typer.Option("--from", help="Trending: first night, YYYY-MM-DD.")] = None,
    last: Annotated[str | None, typer.Option("--to", help="Trending: last night, YYYY-MM-DD.")] = None,
    workspace: Workspace = None,
) -> None:
    """Write HTML QC reports under <workspace>/reports/<instrument>/ and print the page to open."""
    from phoenix.db import open_database
    from phoenix.report import reports_root, write_month_report, write_night_report, write_trending_report

    if sum((night is not None, month is not None, trending)) != 1:
        raise typer.BadParameter("give exactly one of --night, --month or --trending")
    if (first or last) and not trending:
        raise typer.BadParameter("--from and --to go with --trending")
    settings = resolve_settings(workspace)
    root = reports_root(settings.workspace)
    db = open_database(settings.database_url)
    try:
        if night is not None:
            page = write_night_report(db, root, instrument, night)
        elif month is not None:
            page = write_month_report(db, root, instrument, month)
        else:
            from phoenix.plugins import get_instruments

            plots = get_instruments().call_optional(instrument, "phoenix_declare_correlations", ())
            page = write_trending_report(db, root, instrument, first, last, scatter=plots)
    finally:
        db.dispose()
    out.print(str(page), soft_wrap=True)


def main() -> None:
    try:
        app()
    except PhoenixError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise SystemExit(2) from exc


if __name__ == "__main__":
    main()
