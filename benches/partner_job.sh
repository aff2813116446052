#!/bin/sh
# The partner-file job at scale: writes a file of ROWS rows (10,000,000 by
# default: about 810 MB) with benches/partner_file.sh, then runs, each
# under GNU time (peak memory):
#
#   - the csv crate alone splitting the records (the floor);
#   - the crate's job (examples/partner_totals: totals by indicator,
#     country, channel and fiscal half, and each half's growth on the
#     previous fiscal year's half-year average) on 1 thread and on every
#     core;
#
# Then the bytes a series costs: the job's peak on two files of the same
# 24 months, one with 83,200 series and one with 8,160, the difference
# divided by the difference in series.
#
#   cargo build --release --example partner_totals
#   benches/partner_job.sh [ROWS]
set -eu
rows=${1:-10000000}
job=${JOB:-target/release/examples/partner_totals}
here=$(dirname "$0")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
file="$dir/partner.csv"
sh "$here/partner_file.sh" "$rows" > "$file"
echo "$rows rows, $(wc -c < "$file") bytes, $(nproc) cores"
run() {
  label=$1; shift
  /usr/bin/time -f "  peak %M KB, %e s wall" "$@" > "$dir/out" 2> "$dir/err" || { cat "$dir/err"; exit 1; }
  echo "$label:"; sed 's/^/  /' "$dir/out"; tail -n 1 "$dir/err"
}
run "csv crate alone (floor)" "$job" "$file" floor
run "crate, 1 thread" "$job" "$file" 1
run "crate, every core" "$job" "$file" "$(nproc)"
# Bytes a series: the same 24 months, 83,200 series and 8,160 series.
sh "$here/partner_file.sh" $((83200 * 24)) 1038 > "$dir/many.csv"
sh "$here/partner_file.sh" $((8160 * 24)) 100 > "$dir/few.csv"
peak() { /usr/bin/time -f "%M" "$job" "$1" 1 2>&1 > /dev/null | tail -n 1; }
many=$(peak "$dir/many.csv"); few=$(peak "$dir/few.csv")
echo "peak with 83,200 series: $many KB; with 8,160 series: $few KB;" \
  "$(( (many - few) * 1024 / (83200 - 8160) )) bytes a series"
