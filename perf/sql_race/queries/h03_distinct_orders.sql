-- Heavy: distinct orders (order ids) per month.
SELECT order_month,
       count(DISTINCT order_id) AS orders,
       count(*) AS order_lines
FROM silver.orders
GROUP BY order_month
ORDER BY order_month
