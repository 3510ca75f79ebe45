-- Dashboard: the two companies side by side over time (SportsBar's orders come in on the
-- 'Sports Bar' platform, AtliQon's on its own platforms).
SELECT date AS month,
       sum(CASE WHEN platform = 'Sports Bar' THEN total_amount_inr END) AS sportsbar_revenue,
       sum(CASE WHEN platform = 'Sports Bar' THEN NULL ELSE total_amount_inr END) AS atliqon_revenue
FROM gold.fact_orders_enriched
GROUP BY date
ORDER BY month
