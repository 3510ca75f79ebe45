"""The benchmark's queries in Polars' lazy API, one function per query file in queries/.

Each takes the tables (`layer.table` -> LazyFrame over the Delta snapshot's Parquet files)
and returns a LazyFrame whose columns and row order match the SQL query's."""
from __future__ import annotations

import datetime

import polars as pl

FACT = "gold.fact_orders_enriched"
ORDERS = "silver.orders"
PRODUCTS = "silver.products"

revenue = pl.col("total_amount_inr").sum()


def sql_sum(column: str, condition: pl.Expr) -> pl.Expr:
    """SQL's sum over the rows where `condition` holds: NULL, not 0, when there are none."""
    values = pl.col(column).filter(condition)
    return pl.when(values.count() > 0).then(values.sum())


def d01_kpis_by_year(t):
    yearly = (t[FACT].group_by("year")
              .agg(revenue.alias("revenue"), pl.col("sold_quantity").sum().alias("quantity"),
                   pl.col("customer_code").drop_nulls().n_unique().alias("customers")))
    prev = yearly.select((pl.col("year") + 1).alias("year"), pl.col("revenue").alias("prev_revenue"),
                         pl.col("customers").alias("prev_customers"))
    return (yearly.join(prev, on="year", how="left")
            .select("year", "revenue", "quantity", "customers",
                    (pl.col("revenue").cast(pl.Float64) / pl.col("quantity")).alias("asp"),
                    (pl.col("revenue") - pl.col("prev_revenue")).alias("revenue_change"),
                    ((pl.col("revenue") - pl.col("prev_revenue")).cast(pl.Float64)
                     / pl.col("prev_revenue").cast(pl.Float64)).alias("revenue_growth"),
                    (pl.col("customers").cast(pl.Int64) - pl.col("prev_customers")).alias("customers_change"))
            .sort("year"))


def d02_monthly_trend(t):
    return (t[FACT].group_by("date")
            .agg(revenue.alias("revenue"), pl.col("sold_quantity").sum().alias("quantity"))
            .rename({"date": "month"}).sort("month"))


def d03_channel_share(t):
    return (t[FACT].group_by("channel").agg(revenue.alias("revenue"))
            .with_columns((pl.col("revenue").cast(pl.Float64) / pl.col("revenue").sum().cast(pl.Float64)).alias("share"))
            .sort("revenue", descending=True))


def d04_top_products(t):
    return (t[FACT].group_by("product")
            .agg(revenue.alias("revenue"), pl.col("sold_quantity").sum().alias("quantity"))
            .top_k(10, by="revenue").sort("revenue", descending=True))


def d05_top_variants(t):
    return (t[FACT].group_by("product", "variant").agg(revenue.alias("revenue"))
            .top_k(10, by="revenue").sort("revenue", descending=True))


def d06_top_customers(t):
    return (t[FACT].group_by("customer_code", "customer")
            .agg(revenue.alias("revenue"), pl.col("sold_quantity").sum().alias("quantity"))
            .top_k(10, by="revenue").sort("revenue", descending=True))


def d07_division_category(t):
    return (t[FACT].group_by("division", "category")
            .agg(revenue.alias("revenue"), pl.col("sold_quantity").sum().alias("quantity"))
            .sort("division", "category", nulls_last=True))


def d08_company_over_time(t):
    sportsbar = pl.col("platform") == "Sports Bar"
    return (t[FACT].group_by("date")
            .agg(sql_sum("total_amount_inr", sportsbar).alias("sportsbar_revenue"),
                 sql_sum("total_amount_inr", ~sportsbar.fill_null(False)).alias("atliqon_revenue"))
            .rename({"date": "month"}).sort("month"))


def d09_quarter_category(t):
    return (t[FACT].filter((pl.col("date") >= datetime.date(2025, 1, 1)) & (pl.col("date") < datetime.date(2025, 7, 1)))
            .group_by("category", "platform")
            .agg(revenue.alias("revenue"), pl.len().alias("order_lines"))
            .sort("category", "platform", nulls_last=True))


def d10_month_vs_last_year(t):
    return (t[FACT].group_by(pl.col("date").dt.month().alias("month"))
            .agg(sql_sum("total_amount_inr", pl.col("year") == 2025).alias("revenue_2025"),
                 sql_sum("total_amount_inr", pl.col("year") == 2024).alias("revenue_2024"))
            .sort("month"))


def h01_by_day(t):
    return (t[ORDERS].group_by("order_date")
            .agg(pl.len().alias("order_lines"), pl.col("order_qty").sum().alias("quantity"),
                 pl.col("order_qty").min().alias("min_qty"), pl.col("order_qty").max().alias("max_qty"))
            .sort("order_date"))


def h02_by_customer(t):
    return (t[ORDERS].group_by("customer_id")
            .agg(pl.len().alias("order_lines"), pl.col("order_qty").sum().alias("quantity"),
                 pl.col("order_qty").mean().alias("avg_qty"))
            .sort(["quantity", "customer_id"], descending=[True, False]))


def h03_distinct_orders(t):
    return (t[ORDERS].group_by("order_month")
            .agg(pl.col("order_id").drop_nulls().n_unique().alias("orders"), pl.len().alias("order_lines"))
            .sort("order_month"))


def h04_join_products(t):
    return (t[ORDERS].join(t[PRODUCTS], on="product_code", how="inner")
            .group_by("division", "category")
            .agg(pl.len().alias("order_lines"), pl.col("order_qty").sum().alias("quantity"))
            .sort("division", "category"))


def h05_rank_products_per_customer(t):
    return (t[ORDERS].group_by("customer_id", "product_id")
            .agg(pl.col("order_qty").sum().alias("quantity"))
            .with_columns(pl.col("quantity").rank("min", descending=True).over("customer_id").cast(pl.Int32).alias("rnk"))
            .filter(pl.col("rnk") <= 3)
            .sort("customer_id", "rnk", "product_id"))


def h06_running_total(t):
    daily = (t[ORDERS].group_by("customer_id", "order_date")
             .agg(pl.col("order_qty").sum().alias("quantity"))
             .sort("customer_id", "order_date")
             .with_columns(pl.col("quantity").cum_sum().over("customer_id").alias("running_quantity")))
    return (daily.group_by("customer_id")
            .agg(pl.col("order_date").filter(pl.col("running_quantity") >= 100000).min().alias("passed_100k"),
                 pl.col("running_quantity").max().alias("total_quantity"))
            .sort("customer_id"))


QUERIES = {name: function for name, function in globals().items() if name[:1] in "dh" and name[1:3].isdigit()}
