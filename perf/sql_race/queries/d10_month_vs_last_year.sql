-- Dashboard: each calendar month this year beside the same month last year.
SELECT month(date) AS month,
       sum(CASE WHEN year = 2025 THEN total_amount_inr END) AS revenue_2025,
       sum(CASE WHEN year = 2024 THEN total_amount_inr END) AS revenue_2024
FROM gold.fact_orders_enriched
GROUP BY month(date)
ORDER BY month
