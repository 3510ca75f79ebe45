-- Dashboard: headline KPIs per year (revenue, quantity, unique customers, average selling
-- price) with the change from the previous year.
WITH yearly AS (
    SELECT year,
           sum(total_amount_inr) AS revenue,
           sum(sold_quantity) AS quantity,
           count(DISTINCT customer_code) AS customers
    FROM gold.fact_orders_enriched
    GROUP BY year
)
SELECT cur.year,
       cur.revenue,
       cur.quantity,
       cur.customers,
       CAST(cur.revenue AS DOUBLE) / cur.quantity AS asp,
       cur.revenue - prev.revenue AS revenue_change,
       CAST(cur.revenue - prev.revenue AS DOUBLE) / CAST(prev.revenue AS DOUBLE) AS revenue_growth,
       cur.customers - prev.customers AS customers_change
FROM yearly cur LEFT JOIN yearly prev ON prev.year = cur.year - 1
ORDER BY cur.year
