-- Dashboard: top 10 products by revenue.
SELECT product,
       sum(total_amount_inr) AS revenue,
       sum(sold_quantity) AS quantity
FROM gold.fact_orders_enriched
GROUP BY product
ORDER BY revenue DESC
LIMIT 10
