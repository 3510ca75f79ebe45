-- Dashboard: monthly revenue and quantity trend.
SELECT date AS month,
       sum(total_amount_inr) AS revenue,
       sum(sold_quantity) AS quantity
FROM gold.fact_orders_enriched
GROUP BY date
ORDER BY month
