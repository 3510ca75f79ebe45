-- Dashboard: top 10 product variants by revenue.
SELECT product, variant,
       sum(total_amount_inr) AS revenue
FROM gold.fact_orders_enriched
GROUP BY product, variant
ORDER BY revenue DESC
LIMIT 10
