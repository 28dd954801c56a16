"""Screenshots of the console for docs/screenshots/, from a running console (e.g. after `make demo`).

    .venv/bin/python scripts/console_screenshots.py http://127.0.0.1:8000 rf_… [docs/screenshots]

Every page is taken in English (``NAME.png``) and in Chinese (``NAME-zh.png``), the language picked
with the console's own switch. Uses Debian's chromium and chromedriver (never a downloaded browser).
Install a CJK font (fonts-wqy-zenhei) first so Chinese renders in the images.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


def main(argv: list[str]) -> int:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    url, key = argv[1].rstrip("/"), argv[2]
    out = Path(argv[3] if len(argv) > 3 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    os.environ["SE_OFFLINE"] = "true"
    profile = tempfile.mkdtemp(prefix="ringfence-shots-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (*FLAGS, f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
    wait = WebDriverWait(driver, 20)

    def pick(locale: str) -> None:
        """The top bar's language switch (a no-op when the page is in that language already)."""
        button = driver.find_elements(By.ID, f"lang-{locale}")
        if button:
            button[0].click()
            wait.until(ec.staleness_of(button[0]))

    try:
        driver.get(f"{url}/console/login")
        pick("en")
        driver.save_screenshot(str(out / "login.png"))
        pick("zh_CN")
        driver.save_screenshot(str(out / "login-zh.png"))
        pick("en")
        driver.find_element(By.ID, "key").send_keys(key)
        driver.find_element(By.ID, "login").click()
        wait.until(ec.presence_of_element_located((By.ID, "kpi-alerts")))  # logged in
        pages = {
            "dashboard": "/console/",
            "alerts": "/console/alerts",
            "lists": "/console/lists",
            "reports": "/console/reports",
            "policies": "/console/policies",
        }
        for locale, suffix in (("en", ""), ("zh_CN", "-zh")):
            driver.get(url + "/console/")
            pick(locale)
            for name, path in pages.items():
                driver.get(url + path)
                driver.save_screenshot(str(out / f"{name}{suffix}.png"))
            driver.get(url + "/console/alerts")
            number = driver.find_element(By.CSS_SELECTOR, "a.num").get_attribute("href")
            driver.get(str(number))
            driver.save_screenshot(str(out / f"number{suffix}.png"))
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print(f"screenshots in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
