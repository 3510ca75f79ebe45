-- Heavy: order lines joined with products, by division and category.
SELECT p.division, p.category,
       count(*) AS order_lines,
       sum(o.order_qty) AS quantity
FROM silver.orders o
JOIN silver.products p ON o.product_code = p.product_code
GROUP BY p.division, p.category
ORDER BY p.division, p.category
