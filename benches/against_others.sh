#!/bin/sh
# The partner-file job beside DuckDB and polars, one run each, back to
# back, under GNU time (wall and peak memory), on the same file:
#
#   - the csv crate alone splitting the records (the floor);
#   - the crate from the file (examples/partner_totals), on 1 thread and
#     on every core;
#   - DuckDB from the file (benches/duckdb_job.py), on every core and on 1;
#   - polars from the file and in memory (benches/polars_job.py), on every
#     core;
#   - the crate in memory (examples/dataset_totals: the file read into a
#     Dataset, not timed, then totalled and the growths found, the best of
#     three).
#
# DuckDB and polars come from PyPI (pip install duckdb polars); a missing
# one is left out, saying so.
#
#   cargo build --release --example partner_totals --example dataset_totals
#   sh benches/partner_file.sh 10000000 > partner.csv
#   sh benches/against_others.sh partner.csv
set -eu
file=${1:?file}
bin=${BIN:-target/release/examples}
here=$(dirname "$0")
cores=$(nproc)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "$(wc -c < "$file") bytes, $cores cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run() {
  label=$1; shift
  if /usr/bin/time -f "peak %M KB, %e s wall" "$@" > "$out" 2>&1; then
    echo "$label:"; sed "s/^/  /" "$out"
  else
    echo "$label: failed"; sed 's/^/  /' "$out"
  fi
}
run "csv crate alone (floor)" "$bin/partner_totals" "$file" floor
run "crate, 1 thread" "$bin/partner_totals" "$file" 1
run "crate, $cores threads" "$bin/partner_totals" "$file" "$cores"
for module in duckdb polars; do
  if ! python3 -c "import $module" 2> /dev/null; then
    echo "$module: not installed (pip install $module), left out"
  fi
done
if python3 -c "import duckdb" 2> /dev/null; then
  run "DuckDB, $cores threads" python3 "$here/duckdb_job.py" "$file" "$cores"
  run "DuckDB, 1 thread" python3 "$here/duckdb_job.py" "$file" 1
fi
if python3 -c "import polars" 2> /dev/null; then
  run "polars, $cores threads (from the file, then in memory)" python3 "$here/polars_job.py" "$file" "$cores"
fi
run "crate in memory (a Dataset)" "$bin/dataset_totals" "$file"
