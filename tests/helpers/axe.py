"""axe-core (WCAG 2.1 A and AA rules) run in headless Chromium on an HTML page, for the HTML tests.

Needs Debian's ``chromium`` and ``chromium-driver``, selenium, and axe-core from npm in
``.cache/node`` (tests/helpers/system.py: ``CHROMIUM``, ``AXE_CORE``).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.helpers.system import AXE

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RULES = WCAG21_AA + ["best-practice"]  # and axe's best practices (unique landmarks, heading order, …)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync")


def run_axe(driver, page: Path, width: int = 1280) -> list[dict]:
    """axe-core's violations of the WCAG 2.1 A/AA rules and best practices on ``page`` at ``width`` CSS pixels."""
    driver.set_window_size(width, 900)
    driver.get(page.resolve().as_uri())
    driver.execute_script(AXE.read_text("utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(JSON.stringify({violations: r.violations, passes: r.passes.length})))"
        ".catch(e => done(JSON.stringify({error: String(e)})));", RULES)
    data = json.loads(result)
    assert "error" not in data, data
    assert data["passes"] > 10  # the rules really ran
    return data["violations"]


def assert_no_violation_and_no_sideways_page(driver, page: Path, width: int) -> None:
    """axe finds nothing on ``page`` at ``width`` CSS pixels, and the page itself never scrolls
    sideways (only regions inside it may)."""
    violations = run_axe(driver, page, width=width)
    assert not violations, describe(violations)
    page_width, viewport = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert page_width <= viewport


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -- " +
                     "; ".join(n["html"][:120] for n in v["nodes"][:3]) for v in violations)
