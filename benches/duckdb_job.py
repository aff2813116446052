# The partner-file job in DuckDB, for comparison with the crate's
# (examples/partner_totals.rs): the same names read as the same codes, the
# rows with "1,234" left out, totals by indicator x country x channel x
# fiscal half (September year), and each half's growth on the previous
# fiscal year's half-year average. DuckDB does none of the crate's checks
# (double counting, coverage), so it gives growth where the crate says a
# half lacks a refused row's month.
#
#   pip install duckdb
#   python3 benches/duckdb_job.py partner.csv [THREADS]
import sys, time, duckdb
path = sys.argv[1]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
con = duckdb.connect()
con.execute(f"SET threads = {threads}")
sql = f"""
WITH raw AS (
  SELECT * FROM read_csv('{path}', header=true, all_varchar=true, quote='"', delim=',')
), clean AS (
  SELECT
    CASE indicator
      WHEN 'Survivors cared for' THEN 'survivors_cared_for'
      WHEN 'Vulnerable people receiving prevention education' THEN 'prevention_education'
      WHEN 'Prosecutions of exploiters supported' THEN 'prosecutions_supported'
      WHEN 'Frontline professionals trained' THEN 'professionals_trained'
      ELSE indicator END AS ind,
    CASE country
      WHEN 'UK' THEN 'GB' WHEN 'United Kingdom' THEN 'GB' WHEN 'Bangladesh' THEN 'BD'
      WHEN 'Thailand' THEN 'TH' WHEN 'Myanmar' THEN 'MM' WHEN 'Cambodia' THEN 'KH'
      WHEN 'Philippines' THEN 'PH' ELSE country END AS cty,
    CASE channel WHEN 'Joint operations' THEN 'joint' ELSE channel END AS chan,
    CASE WHEN period LIKE 'FY%'
      THEN date_add(make_date(CAST(substr(period, 3, 4) AS INTEGER), 9, 1),
                    INTERVAL (CAST(substr(period, 12, 2) AS INTEGER) - 1) MONTH)
      ELSE CAST(strptime('1 ' || period, '%d %b %Y') AS DATE) END AS month,
    TRY_CAST(value AS BIGINT) AS v
  FROM raw
), halves AS (
  SELECT ind, cty, chan,
    -- fiscal year starting in September, and its half
    year(month) - CASE WHEN month(month) < 9 THEN 1 ELSE 0 END AS fy,
    CASE WHEN ((month(month) + 3) % 12) < 6 THEN 1 ELSE 2 END AS half,
    v
  FROM clean WHERE v IS NOT NULL
), totals AS (
  SELECT ind, cty, chan, fy, half, sum(v) AS total FROM halves GROUP BY ALL
), years AS (
  SELECT ind, cty, chan, fy, sum(total) AS year_total, count(*) AS halves FROM totals GROUP BY ALL
)
SELECT t.ind, t.cty, t.chan, t.fy, t.half, t.total,
  CASE WHEN y.halves = 2 AND y.year_total > 0
    THEN (t.total - y.year_total / 2.0) / (y.year_total / 2.0) END AS growth
FROM totals t LEFT JOIN years y
  ON y.ind = t.ind AND y.cty = t.cty AND y.chan = t.chan AND y.fy = t.fy - 1
"""
start = time.time()
rows = con.execute(sql).fetchall()
took = time.time() - start
growths = sum(1 for r in rows if r[6] is not None)
print(f"{len(rows)} totals, {growths} growths, sum {sum(r[5] for r in rows)}; {took:.3f} s on {threads} threads")
