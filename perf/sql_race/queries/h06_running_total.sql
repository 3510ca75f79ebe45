-- Heavy: each customer's running quantity by day (a running-sum window), reduced to the
-- day each customer passed 100,000 units and the final total.
WITH daily AS (
    SELECT customer_id, order_date, sum(order_qty) AS quantity
    FROM silver.orders
    GROUP BY customer_id, order_date
),
running AS (
    SELECT customer_id, order_date,
           sum(quantity) OVER (PARTITION BY customer_id ORDER BY order_date
                               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_quantity
    FROM daily
)
SELECT customer_id,
       min(CASE WHEN running_quantity >= 100000 THEN order_date END) AS passed_100k,
       max(running_quantity) AS total_quantity
FROM running
GROUP BY customer_id
ORDER BY customer_id
