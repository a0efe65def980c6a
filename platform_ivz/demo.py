"""Demo data for a fresh install: every app adds its own, in the order data flows."""

from platform_ivz.core import demo as core_demo
from platform_ivz.core.demo import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "demo_usernames", "load"]


def load():
    core_demo.load_users()


def demo_usernames() -> list[str]:
    return [row[0] for row in core_demo.DEMO_USERS]
