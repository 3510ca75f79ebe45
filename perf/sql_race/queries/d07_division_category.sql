-- Dashboard: revenue by division and category.
SELECT division, category,
       sum(total_amount_inr) AS revenue,
       sum(sold_quantity) AS quantity
FROM gold.fact_orders_enriched
GROUP BY division, category
ORDER BY division NULLS LAST, category NULLS LAST
