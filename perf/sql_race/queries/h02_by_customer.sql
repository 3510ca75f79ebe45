-- Heavy: order lines, quantity and average line per customer.
SELECT customer_id,
       count(*) AS order_lines,
       sum(order_qty) AS quantity,
       avg(order_qty) AS avg_qty
FROM silver.orders
GROUP BY customer_id
ORDER BY quantity DESC, customer_id
