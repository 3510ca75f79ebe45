-- Heavy: order lines and quantity per day.
SELECT order_date,
       count(*) AS order_lines,
       sum(order_qty) AS quantity,
       min(order_qty) AS min_qty,
       max(order_qty) AS max_qty
FROM silver.orders
GROUP BY order_date
ORDER BY order_date
