#!/bin/sh
# Peak memory of `impact validate` on a large partner file: the bytes a
# figure costs. See benches/README.md.
#
#   benches/validate_memory.sh [MONTHS] [BINARY]
#
# Writes 8 indicators x 30 countries x 52 partners (joint operations) x
# MONTHS months (default 240, Sep 2000 to Aug 2020: 2,995,200 rows, about
# 206 MB), one value each and a note on one row in ten, then runs
# `impact validate` on it under GNU time. BINARY defaults to
# target/release/impact (cargo build --release --features cli).
set -eu
months=${1:-240}
impact=${2:-target/release/impact}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
file="$dir/partner.csv"
awk -v months="$months" 'BEGIN {
  split("victims_removed|survivors_cared_for|survivors_repatriated|prevention_education|accused_arrested|prosecutions_supported|exploiters_convicted|professionals_trained", ind, "|");
  split("GB|BD|RO|TH|IN|MM|NP|KH|VN|PH|AL|BG|MD|UA|PL|LT|LV|EE|SK|HU|CZ|SI|HR|RS|BA|ME|MK|GR|IT|ES", cty, "|");
  split("Sep|Oct|Nov|Dec|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug", mon, "|");
  print "indicator,country,channel,partner,period,value,note";
  n = 0;
  for (i = 1; i <= 8; i++) for (c = 1; c <= 30; c++) for (p = 1; p <= 52; p++) for (m = 0; m < months; m++) {
    cm = m % 12; year = 2000 + int(m / 12) + (cm >= 4 ? 1 : 0);
    value = 20 + (n * 7919) % 41;
    note = (n % 10 == 0) ? "checked" : "";
    printf "%s,%s,joint,Partner Organisation %02d,%s %d,%d,%s\n", ind[i], cty[c], p, mon[cm + 1], year, value, note;
    n++;
  }
}' > "$file"
echo "$(wc -c < "$file") bytes, $(($(wc -l < "$file") - 1)) rows"
/usr/bin/time -f "impact validate: %M KB peak, %e s" "$impact" validate --as-of 2021-03-31 --format csv "$file" \
  > /dev/null 2> "$dir/stderr" || true
tail -n 1 "$dir/stderr"
