"""The pages in a real browser: Debian's headless Chromium driven by selenium, at 360×740.

Nothing is downloaded: the browser and its driver are /usr/bin/chromium and
/usr/bin/chromedriver (`apt-get install chromium chromium-driver`; .ci/run installs them).
Without them the test is skipped, except in CI (CI=true), where it must run.
Screenshots go to $YIBAO_SCREENSHOT_DIR (default tests/web/screenshots/, not committed);
docs/screenshots/ holds a set made with YIBAO_SCREENSHOT_DIR=docs/screenshots.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import TODAY

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parents[2]
WIDTH, HEIGHT = 360, 740
FORWARD = "a.btn.option, a.btn.ordinary, a.btn.today, a.btn.month, a.btn.day"
REGIONS = ["长治市屯留区", "乌拉特前旗", "乌鲁木齐市", "酉阳土家族苗族自治县"]

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()) and os.environ.get("CI") != "true":
    pytest.skip("no /usr/bin/chromium (apt-get install chromium chromium-driver)", allow_module_level=True)

from selenium import webdriver  # noqa: E402  (in the test extra)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`python -m bot web` as a newcomer runs it, on a free port, with a fixed today."""
    port = _free_port()
    env = {**os.environ, "YIBAO_WEB_PORT": str(port), "YIBAO_AS_OF": TODAY.isoformat(),
           "YIBAO_WEB_RATE": "0", "YIBAO_RELOAD_EVERY": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "web"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        assert proc.stdout is not None
        assert f"{base}/" in proc.stdout.readline()  # the address it prints
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _browser(javascript: bool = True) -> webdriver.Chrome:
    """A fresh browser: its own profile, so nothing carries over (a "fresh context")."""
    profile = tempfile.mkdtemp(prefix="yibao-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", f"--window-size={WIDTH},{HEIGHT}"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    # A phone's viewport, exactly (the window size alone leaves room for a window frame), and a
    # phone's rules: the viewport meta tag counts, scroll bars overlay the page.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 2, "mobile": True})
    return driver


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    driver = _browser()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def no_script_browser() -> Iterator[webdriver.Chrome]:
    driver = _browser(javascript=False)
    yield driver
    driver.quit()


def _shots() -> Path:
    folder = Path(os.environ.get("YIBAO_SCREENSHOT_DIR") or ROOT / "tests" / "web" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _say(driver: webdriver.Chrome) -> str:
    return driver.find_element(By.ID, "say").text


# The smallest font of any element that holds text itself, and the shortest button or field.
_SIZES = """
const texts = [...document.querySelectorAll('body *')].filter(e =>
    [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
const fonts = texts.map(e => parseFloat(getComputedStyle(e).fontSize));
const targets = [...document.querySelectorAll('a.btn, button, textarea, input.link')]
    .map(e => e.getBoundingClientRect().height);
return [Math.min(...fonts), Math.min(...targets)];
"""


def _fits(driver: webdriver.Chrome) -> None:
    """No sideways scrolling at 360 px, text at least 18 px, touch targets at least 44 px."""
    width = driver.execute_script("return document.documentElement.scrollWidth")
    inner = driver.execute_script("return window.innerWidth")
    assert inner <= WIDTH and width <= WIDTH, (driver.current_url, width)
    smallest_font, shortest_target = driver.execute_script(_SIZES)
    assert smallest_font >= 18 and shortest_target >= 44, (driver.current_url, smallest_font, shortest_target)


def _walk(driver: webdriver.Chrome, base: str, region: str, check_width: bool = True) -> list[str]:
    """Tap from the start page to an answer; the URLs visited."""
    driver.get(base + "/")
    driver.find_element(By.LINK_TEXT, region).click()
    visited = [driver.current_url]
    for _ in range(20):
        if check_width:
            _fits(driver)
        if driver.find_elements(By.ID, "share-link"):
            return visited
        driver.find_elements(By.CSS_SELECTOR, FORWARD)[0].click()
        visited.append(driver.current_url)
    raise AssertionError(f"no answer for {region}")


@pytest.mark.parametrize("region", REGIONS)
def test_each_region_by_tapping_fits_360px(browser: webdriver.Chrome, server: str, region: str) -> None:
    _walk(browser, server, region)
    assert region in _say(browser) and "元" in _say(browser)
    assert browser.find_element(By.ID, "share-link").get_attribute("value") == browser.current_url


@pytest.mark.parametrize("region", REGIONS)
def test_each_region_without_javascript(no_script_browser: webdriver.Chrome, server: str,
                                        region: str) -> None:
    _walk(no_script_browser, server, region, check_width=False)  # measuring needs script: done above
    assert region in _say(no_script_browser) and "元" in _say(no_script_browser)


def test_screenshots_back_and_a_copied_link(browser: webdriver.Chrome, server: str) -> None:
    browser.get(server + "/")
    _fits(browser)
    browser.save_screenshot(str(_shots() / "region-step-360x740.png"))
    visited = _walk(browser, server, "酉阳土家族苗族自治县")
    browser.save_screenshot(str(_shots() / "answer-360x740.png"))
    answer, link = _say(browser), browser.find_element(By.ID, "share-link").get_attribute("value")
    browser.back()  # the browser's own back: the step before the answer
    assert browser.current_url == visited[-2] and "share-link" not in browser.page_source
    fresh = _browser()
    try:
        fresh.get(link)
        assert _say(fresh) == answer
    finally:
        fresh.quit()


def test_a_typed_question(browser: webdriver.Chrome, server: str) -> None:
    browser.get(server + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("酉阳 低保 二档 12月5号交多少，身份证650102199001011234")
    box.submit()
    assert "酉阳" in _say(browser) and "元" in _say(browser)
    assert "650102199001011234" not in browser.page_source
    assert "q=" not in browser.current_url and "650102" not in browser.current_url
    _fits(browser)
