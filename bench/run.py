"""`make bench`: build the benchmark database, run every benchmark, write bench/RESULTS.md.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.run [--quick] [--skip-load]

The database (DATABASE_URL, default ivz_bench) is dropped and created anew, so it must
have "bench" in its name: the benchmark never touches a database that may hold real work.
"""

import argparse
import datetime
import os
import pickle
import sys
import time
from pathlib import Path

import environ
import psycopg2
from psycopg2 import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ivz_bench"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
# The last run's figures, so that RESULTS.md can be written again (--render-only).
SAVED = Path(__file__).resolve().parent / ".load" / "results.pickle"

# The worker models the load test compares with gunicorn.conf.py's (workers, class, threads).
WORKER_MODELS = ((2, "sync", 1), (5, "sync", 1), (2, "gthread", 4))
FULL = {
    "sizes": (10, 100, 1000),
    "pdf_sizes": (100, 1000),
    "rounds": 40,
    "users": 50,
    "secs": 60,
    "worker_models": WORKER_MODELS,
}
QUICK = {
    "sizes": (5, 20, 50),
    "pdf_sizes": (20, 50),
    "rounds": 5,
    "users": 10,
    "secs": 15,
    "worker_models": WORKER_MODELS[:1],
}


def log(message: str) -> None:
    print(f"[{datetime.datetime.now(datetime.UTC):%H:%M:%S}] {message}", flush=True)


def fresh_database(url: str) -> None:
    config = environ.Env.db_url_config(url)
    name = config["NAME"]
    if "postgresql" not in config["ENGINE"]:
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    if "bench" not in name:
        sys.exit(
            f"The benchmark drops and recreates its database; '{name}' has no 'bench' in its "
            "name. Set DATABASE_URL to e.g. " + DEFAULT_URL
        )
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        cursor.execute(drop.format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def analyze() -> None:
    """Fresh planner statistics after a bulk load. A production database has them (autovacuum
    analyses as rows change), but right after the generator's inserts it may not have got to
    it yet, and the planner then guesses: the portfolio's query took 25 ms instead of 2."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def refresh_changes(output: Path) -> None:
    """Replace the results' last section (from bench/CHANGES.md) without measuring again."""
    changes = (Path(__file__).resolve().parent / "CHANGES.md").read_text().strip()
    heading = changes.splitlines()[0]
    text = output.read_text()
    if heading not in text:
        sys.exit(f"{output} has no section '{heading}'")
    output.write_text(text[: text.index(heading)] + changes + "\n")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, to try the code")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument(
        "--skip-web-report",
        action="store_true",
        help="do not time a report generated from the web page with a task worker",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="write the output again from the last run's figures (bench/.load/results.pickle)",
    )
    parser.add_argument(
        "--refresh-changes",
        action="store_true",
        help="only put the current bench/CHANGES.md into the last section of the output",
    )
    args = parser.parse_args(argv)
    if args.refresh_changes:
        refresh_changes(args.output)
        return
    if args.render_only:
        os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        import django

        django.setup()
        from bench import report

        args.output.write_text(report.markdown(pickle.loads(SAVED.read_bytes())))  # noqa: S301
        return
    plan = QUICK if args.quick else FULL

    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    log(f"fresh database {environ.Env.db_url_config(os.environ['DATABASE_URL'])['NAME']}")
    fresh_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    from bench import generate, load, pages, pdfs, report, webreport

    call_command("migrate", verbosity=0)
    results = {
        "machine": report.machine(),
        "started": datetime.datetime.now(datetime.UTC),
        "quick": args.quick,
        "generate": {},
        "queries": {},
        "pdf": {},
    }
    largest = plan["sizes"][-1]

    def write() -> None:
        """After every phase, so that a run cut short still leaves its figures."""
        results["finished"] = datetime.datetime.now(datetime.UTC)
        results["load_average"] = os.getloadavg()
        results["counts"] = generate.counts()
        SAVED.parent.mkdir(exist_ok=True)
        SAVED.write_bytes(pickle.dumps(results))
        args.output.write_text(report.markdown(results))

    def pdf_phase(size: int) -> None:
        if not args.skip_pdf and size in plan["pdf_sizes"]:
            log(f"PDFs at {size} projects")
            results["pdf"][size] = pdfs.run(log=log)
            write()

    for size in plan["sizes"]:
        log(f"generating {size} projects")
        started = time.perf_counter()
        generate.grow(projects=size)
        results["generate"][size] = time.perf_counter() - started
        analyze()
        log(f"query counts at {size} projects")
        results["queries"][size] = pages.query_counts()
        if size != largest:
            pdf_phase(size)
    log(f"page timings, {plan['rounds']} interleaved rounds")
    results["pages"] = pages.timings(rounds=plan["rounds"])
    write()
    if not args.skip_load:
        log("load test")
        results["load"] = load.run(users=plan["users"], seconds=plan["secs"], log=log)
        results["load"].update(configured=True, load_average=os.getloadavg())
        results["load_variants"] = [results["load"]]
        write()
        configured = tuple(results["load"][key] for key in ("workers", "worker_class", "threads"))
        for workers, worker_class, threads in plan["worker_models"]:
            if (workers, worker_class, threads) == configured:
                continue
            log(f"load test with {workers} {worker_class} workers, {threads} threads each")
            variant = load.run(
                users=plan["users"],
                seconds=plan["secs"],
                workers=workers,
                worker_class=worker_class,
                threads=threads,
                log=log,
            )
            variant["load_average"] = os.getloadavg()
            results["load_variants"].append(variant)
            write()
    if not args.skip_web_report:
        log(f"a report generated from the web page at {largest} projects")
        results["webreport"] = webreport.run(log=log)
        write()
    # The slowest part last: the PDFs of the whole portfolio.
    pdf_phase(largest)
    write()
    log(f"written {args.output}")


if __name__ == "__main__":
    main()
