-- Dashboard: revenue share by channel.
SELECT channel,
       sum(total_amount_inr) AS revenue,
       CAST(sum(total_amount_inr) AS DOUBLE) / CAST(sum(sum(total_amount_inr)) OVER () AS DOUBLE) AS share
FROM gold.fact_orders_enriched
GROUP BY channel
ORDER BY revenue DESC
