"""Screenshots of the console for docs/screenshots/, from a running console (e.g. after `make demo`).

    .venv/bin/python scripts/console_screenshots.py http://127.0.0.1:8000 rf_… [docs/screenshots]

Uses Debian's chromium and chromedriver (never a downloaded browser). Install a CJK font
(fonts-wqy-zenhei) first so Chinese SMS text renders in the images.
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
    try:
        driver.get(f"{url}/console/login")
        driver.save_screenshot(str(out / "login.png"))
        driver.find_element(By.ID, "key").send_keys(key)
        driver.find_element(By.ID, "login").click()
        WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.ID, "kpi-alerts")))  # logged in
        pages = {
            "dashboard": "/console/",
            "alerts": "/console/alerts",
            "lists": "/console/lists",
            "reports": "/console/reports",
            "policies": "/console/policies",
        }
        for name, path in pages.items():
            driver.get(url + path)
            driver.save_screenshot(str(out / f"{name}.png"))
        driver.get(url + "/console/alerts")
        number = driver.find_element(By.CSS_SELECTOR, "a.num").get_attribute("href")
        driver.get(str(number))
        driver.save_screenshot(str(out / "number.png"))
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print(f"screenshots in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
