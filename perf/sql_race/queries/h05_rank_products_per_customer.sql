-- Heavy: each customer's top 3 products by quantity (a rank window over 600k groups).
SELECT customer_id, product_id, quantity, rnk
FROM (
    SELECT customer_id, product_id,
           sum(order_qty) AS quantity,
           rank() OVER (PARTITION BY customer_id ORDER BY sum(order_qty) DESC) AS rnk
    FROM silver.orders
    GROUP BY customer_id, product_id
) ranked
WHERE rnk <= 3
ORDER BY customer_id, rnk, product_id
