"""The Chromium half of the dashboard page test (driven by DashboardPageTests.swift).

  page_check.py check                       -> "ok" when playwright, deltalake, duckdb and chromium are there
  page_check.py run PAGE LAKE SCREENSHOT    -> one JSON object on stdout:
      what the page shows in headless Chromium with every network request blocked
      (console errors, blocked requests, KPI tiles for all years and for year 2025 set
      through the data-filter="year" select, chart points, a cross-filter click, a CSV
      export), and DuckDB's KPIs over the same Delta table version the page names.
"""
import json
import os
import sys
import time

CHROMIUM = "/usr/bin/chromium"
KPIS = ["revenue", "quantity", "customers", "asp"]


def check():
    import deltalake  # noqa: F401
    import duckdb  # noqa: F401
    import playwright.sync_api  # noqa: F401
    if not os.access(CHROMIUM, os.X_OK):
        raise SystemExit(f"{CHROMIUM} is missing: install the Debian package chromium (scripts/install-deps.sh)")
    print("ok")


def duckdb_kpis(lake, version, year):
    import deltalake
    import duckdb
    table = deltalake.DeltaTable(os.path.join(lake, "gold", "fact_orders_enriched"), version=version)
    facts = table.to_pyarrow_dataset()
    con = duckdb.connect()
    con.register("facts", facts)
    where = f"WHERE year = {int(year)}" if year is not None else ""
    revenue, quantity, customers = con.execute(
        f"SELECT CAST(sum(total_amount_inr) AS VARCHAR), sum(sold_quantity), count(DISTINCT customer_code) FROM facts {where}"
    ).fetchone()
    return {"revenue": revenue, "quantity": str(quantity), "customers": str(customers),
            "asp": float(revenue) / float(quantity) if quantity else None}


def read_kpis(page):
    return {kpi: page.get_attribute(f'[data-kpi="{kpi}"]', "data-value") for kpi in KPIS}


def chart_state(page):
    # Points each chart draws, and whether its canvas has any painted pixel.
    return page.evaluate("""() => {
      const out = {};
      for (const box of document.querySelectorAll('[data-chart]')) {
        const canvas = box.querySelector('canvas');
        let painted = false;
        if (canvas && canvas.width && canvas.height) {
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) { painted = true; break; }
        }
        out[box.dataset.chart] = { points: Number(box.dataset.points || 0), painted };
      }
      return out;
    }""")


def run(page_path, lake, screenshot):
    from playwright.sync_api import sync_playwright
    report = {"console_errors": [], "blocked_requests": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page = context.new_page()
        page.on("console", lambda m: report["console_errors"].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: report["console_errors"].append(str(e)))

        def route(r):
            if r.request.url.startswith("file://") or r.request.url.startswith("blob:") or r.request.url.startswith("data:"):
                r.continue_()
            else:
                report["blocked_requests"].append(r.request.url)
                r.abort()
        context.route("**/*", route)
        started = time.monotonic()
        page.goto("file://" + os.path.abspath(page_path))
        page.wait_for_selector("body[data-ready='1']", timeout=30000)
        report["ready_seconds"] = time.monotonic() - started
        report["lake_version"] = page.get_attribute("[data-lake-version]", "data-lake-version")
        report["run"] = page.get_attribute("[data-lake-version]", "data-run")
        report["kpis_all"] = read_kpis(page)
        report["charts_all"] = chart_state(page)
        report["year_options"] = page.eval_on_selector_all('select[data-filter="year"] option', "os => os.map(o => o.value)")
        report["filters"] = page.eval_on_selector_all("select[data-filter]", "ss => ss.map(s => s.dataset.filter)")
        page.screenshot(path=screenshot, full_page=True)

        page.select_option('select[data-filter="year"]', "2025")
        page.wait_for_function("() => document.querySelector('[data-status]').textContent.includes('filter')")
        report["kpis_2025"] = read_kpis(page)
        report["status_2025"] = page.text_content("[data-status]")
        report["charts_2025"] = chart_state(page)

        # CSV export of a widget under the filter.
        with page.expect_download() as download:
            page.click('[data-csv="channel_table"]')
        report["csv_channel_2025"] = open(download.value.path(), encoding="utf-8").read()

        # Clicking the first slice of the channel donut filters every widget by it.
        target = page.evaluate("""() => {
          const canvas = document.querySelector('[data-chart="channel_share"] canvas');
          canvas.scrollIntoView({ block: 'center' });
          const chart = Chart.getChart(canvas);
          const element = chart.getDatasetMeta(0).data[0];
          const box = canvas.getBoundingClientRect();
          const at = element.tooltipPosition();
          return { x: box.left + at.x, y: box.top + at.y, raw: chart.$raw[0] };
        }""")
        page.mouse.click(target["x"], target["y"])
        page.wait_for_function(
            "(v) => document.querySelector('select[data-filter=\"channel\"]').value === v", arg=target["raw"])
        report["cross_filter"] = {"clicked": target["raw"],
                                  "channel_select": page.eval_on_selector('select[data-filter="channel"]', "s => s.value"),
                                  "kpis": read_kpis(page)}
        browser.close()
    version = int(report["lake_version"]) if report["lake_version"] else None
    report["duckdb_all"] = duckdb_kpis(lake, version, None)
    report["duckdb_2025"] = duckdb_kpis(lake, version, 2025)
    report["screenshot"] = os.path.abspath(screenshot)
    print(json.dumps(report))


if __name__ == "__main__":
    if sys.argv[1:] == ["check"]:
        check()
    elif len(sys.argv) == 5 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        raise SystemExit("usage: page_check.py check | run PAGE LAKE SCREENSHOT")
