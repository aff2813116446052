# The partner-file job in polars, for comparison with the crate's
# (examples/partner_totals.rs from the file, examples/dataset_totals.rs in
# memory): the same names read as the same codes, the rows with "1,234"
# left out, totals by indicator x country x channel x fiscal half
# (September year), and each half's growth on the previous fiscal year's
# half-year average. Like DuckDB (benches/duckdb_job.py), polars does none
# of the crate's checks (double counting, coverage).
#
# It times the job twice: from the file (read, normalise, total), and in
# memory (the file already read and normalised into a frame of codes,
# months and values, as a Dataset holds it; the fiscal half, the totals
# and the growth timed), the best of three.
#
#   pip install polars
#   python3 benches/polars_job.py partner.csv [THREADS]
#
# THREADS sets POLARS_MAX_THREADS (the machine's cores by default); it
# must be set before polars is imported, so it is read first.
import os, sys, time
if len(sys.argv) > 2:
    os.environ["POLARS_MAX_THREADS"] = sys.argv[2]
import polars as pl

path = sys.argv[1]
INDICATORS = {
    "Survivors cared for": "survivors_cared_for",
    "Vulnerable people receiving prevention education": "prevention_education",
    "Prosecutions of exploiters supported": "prosecutions_supported",
    "Frontline professionals trained": "professionals_trained",
}
COUNTRIES = {
    "UK": "GB", "United Kingdom": "GB", "Bangladesh": "BD", "Thailand": "TH",
    "Myanmar": "MM", "Cambodia": "KH", "Philippines": "PH",
}
MONTHS = {m: i + 1 for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())}


def normalised(frame):
    """Codes, the month as a date, and the value; refused values dropped."""
    period = pl.col("period")
    machine = period.str.starts_with("FY")
    fy_start = period.str.slice(2, 4).cast(pl.Int32, strict=False)
    fy_month = period.str.slice(11, 2).cast(pl.Int32, strict=False)
    label_month = period.str.slice(0, 3).replace_strict(MONTHS, default=None, return_dtype=pl.Int32)
    label_year = period.str.slice(4, 4).cast(pl.Int32, strict=False)
    # Fiscal month m of a September year y is month (8 + m - 1) % 12 + 1
    # of calendar year y + (8 + m - 1) // 12.
    year = pl.when(machine).then(fy_start + (7 + fy_month) // 12).otherwise(label_year)
    month = pl.when(machine).then((7 + fy_month) % 12 + 1).otherwise(label_month)
    return frame.select(
        pl.col("indicator").replace(INDICATORS).alias("ind"),
        pl.col("country").replace(COUNTRIES).alias("cty"),
        pl.col("channel").replace({"Joint operations": "joint"}).alias("chan"),
        year.alias("year"),
        month.alias("month"),
        pl.col("value").cast(pl.Int64, strict=False).alias("v"),
    ).filter(pl.col("v").is_not_null())


def job(clean):
    """Totals by half and each half's growth on the year before's average."""
    halves = clean.with_columns(
        (pl.col("year") - (pl.col("month") < 9).cast(pl.Int32)).alias("fy"),
        pl.when(((pl.col("month") + 3) % 12) < 6).then(1).otherwise(2).alias("half"),
    )
    totals = halves.group_by("ind", "cty", "chan", "fy", "half").agg(pl.col("v").sum().alias("total"))
    years = totals.group_by("ind", "cty", "chan", "fy").agg(
        pl.col("total").sum().alias("year_total"), pl.len().alias("halves"))
    years = years.with_columns((pl.col("fy") + 1).alias("fy"))
    joined = totals.join(years, on=["ind", "cty", "chan", "fy"], how="left")
    return joined.with_columns(
        pl.when((pl.col("halves") == 2) & (pl.col("year_total") > 0))
        .then((pl.col("total") - pl.col("year_total") / 2) / (pl.col("year_total") / 2))
        .alias("growth"))


def read():
    return pl.read_csv(path, infer_schema=False, quote_char='"')


def say(what, out, seconds):
    growths = out.filter(pl.col("growth").is_not_null()).height
    print(f"{what}: {out.height} totals, {growths} growths, sum {out['total'].sum()}; "
          f"{seconds:.3f} s on {pl.thread_pool_size()} threads")


start = time.time()
out = job(normalised(read()))
say("from the file", out, time.time() - start)

# In memory the names are categories, as a Dataset holds them as codes.
clean = normalised(read()).with_columns(
    pl.col("ind", "cty", "chan").cast(pl.Categorical)).rechunk()
best = float("inf")
for _ in range(3):
    start = time.time()
    out = job(clean)
    best = min(best, time.time() - start)
say(f"in memory ({clean.height} figures, best of 3)", out, best)
