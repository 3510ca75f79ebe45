-- Dashboard with a date filter (the partition column): one half-year by category and platform.
SELECT category, platform,
       sum(total_amount_inr) AS revenue,
       count(*) AS order_lines
FROM gold.fact_orders_enriched
WHERE date >= DATE '2025-01-01' AND date < DATE '2025-07-01'
GROUP BY category, platform
ORDER BY category NULLS LAST, platform NULLS LAST
