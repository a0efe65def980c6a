"""Signed-in users clicking through the main pages (run by bench.load, not by hand).

Each simulated user has its own account, already signed in (BENCH_SESSIONS: session keys
made by bench.load, so that fifty password hashes at once do not swamp the run; sign-in is
timed apart), and opens a page every one to three seconds: a busy user, not a script
hammering the server.
"""

import itertools
import os
import random

from locust import HttpUser, between, task

SESSIONS = itertools.cycle(os.environ.get("BENCH_SESSIONS", "").split(","))
PROJECTS = [int(pk) for pk in os.environ.get("BENCH_PROJECTS", "").split(",") if pk]
YEAR = os.environ.get("BENCH_YEAR", "")


class PlatformUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.client.cookies.set("sessionid", next(SESSIONS))

    def get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as reply:
            if reply.status_code != 200:
                reply.failure(f"status {reply.status_code}")

    @task(3)
    def portfolio(self):
        self.get("/projecten/", "portfolio")

    @task(3)
    def project(self):
        self.get(f"/projecten/{random.choice(PROJECTS)}/", "project detail")  # noqa: S311

    @task(2)
    def werkvoorraad(self):
        self.get("/", "werkvoorraad")

    @task(2)
    def requests(self):
        self.get("/verzoeken/", "requests overview")

    @task(1)
    def contributions(self):
        self.get(f"/bijdragen/{YEAR}/", "contribution table")
