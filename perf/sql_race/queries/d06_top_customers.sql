-- Dashboard: top 10 customers by revenue.
SELECT customer_code, customer,
       sum(total_amount_inr) AS revenue,
       sum(sold_quantity) AS quantity
FROM gold.fact_orders_enriched
GROUP BY customer_code, customer
ORDER BY revenue DESC
LIMIT 10
