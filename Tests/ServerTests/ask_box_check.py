"""The Chromium half of the ask box test (driven by AskBoxBrowserTests.swift).

  ask_box_check.py check          -> "ok" when playwright and chromium are there
  ask_box_check.py run URL OUT    -> writes one JSON object to OUT: what the served page's
      ask box shows after a question, a follow-up, a refused question and a click on its
      first suggestion, with every request to another origin blocked.
"""
import json
import os
import sys
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"


def check():
    import playwright.sync_api  # noqa: F401
    if not os.access(CHROMIUM, os.X_OK):
        raise SystemExit(f"{CHROMIUM} is missing: install the Debian package chromium (scripts/install-deps.sh)")
    print("ok")


def ask(page, question):
    page.fill("[data-ask] input", question)
    page.click("[data-ask] button[type=submit]")


def answer(page):
    return {
        "interpretation": page.text_content(".ask-interpretation"),
        "sql": page.text_content(".ask-sql pre"),
        "header": page.eval_on_selector_all("[data-ask-answer] th", "e => e.map(x => x.textContent)"),
        "rows": page.eval_on_selector_all("[data-ask-answer] tbody tr", "e => e.map(r => [...r.children].map(c => c.textContent))"),
    }


def run(url, out_path):
    from playwright.sync_api import sync_playwright
    origin = urlparse(url).netloc
    out = {"errors": [], "blocked": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("pageerror", lambda e: out["errors"].append(str(e)))

        def route(r):
            if urlparse(r.request.url).netloc == origin:
                r.continue_()
            else:
                out["blocked"].append(r.request.url)
                r.abort()
        page.route("**/*", route)
        page.goto(url)
        ask(page, "revenue by channel in 2025")
        page.wait_for_selector("[data-ask-answer] table", timeout=120000)
        out["first"] = answer(page)
        ask(page, "and in 2024?")
        page.wait_for_function("(document.querySelector('.ask-interpretation') || {}).textContent?.includes('2024')", timeout=120000)
        out["follow_up"] = answer(page)
        ask(page, "revenue by colour")
        page.wait_for_selector(".ask-suggestions button", timeout=120000)
        out["refusal"] = page.text_content(".ask-refusal")
        out["suggestions"] = page.eval_on_selector_all(".ask-suggestions button", "e => e.map(x => x.textContent)")
        page.click(".ask-suggestions button >> nth=0")
        page.wait_for_selector("[data-ask-answer] table", timeout=120000)
        out["after_suggestion"] = answer(page)
        out["input_after_suggestion"] = page.input_value("[data-ask] input")
        browser.close()
    with open(out_path, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    if sys.argv[1:] == ["check"]:
        check()
    elif len(sys.argv) == 4 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
