#!/bin/sh
# Peak memory of `impact report` and `impact validate` on a large partner
# file. See benches/README.md.
#
#   benches/report_memory.sh [ROWS] [BINARY]
#
# ROWS (default 3,000,000: about 200 MB) rows are written to a temporary
# file, in the shape of the read_validate_aggregate bench's: 321 series
# (8 indicators written as codes and as printed names, 10 countries as
# codes and names, 4 channels with their partners, and a rate given by its
# numerator and denominator), each row one series in one month from
# September 1800 on, so that 2019/20 and 20/21 H1 are among the months; a
# row in 1,000 has a thousands separator ("1,234"), which is refused.
# BINARY defaults to target/release/impact (cargo build --release
# --features cli). Needs awk and GNU time (/usr/bin/time).
set -eu
rows=${1:-3000000}
impact=${2:-target/release/impact}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
file="$dir/partner.csv"
awk -v rows="$rows" 'BEGIN {
  split("victims_removed|Survivors cared for|survivors_repatriated|Vulnerable people receiving prevention education|accused_arrested|Prosecutions of exploiters supported|exploiters_convicted|Frontline professionals trained", ind, "|");
  split("GB|Bangladesh|RO|Thailand|IN|Myanmar|NP|Cambodia|VN|Philippines", cty, "|");
  split("direct|Joint operations|joint|systemic", chn, "|");
  split("|LIFT International|Vihaan|", ptn, "|");
  split("Sep|Oct|Nov|Dec|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug", mon, "|");
  series = 8 * 10 * 4 + 1;
  print "indicator,country,channel,partner,period,value,numerator,denominator,note";
  for (i = 0; i < rows; i++) {
    s = i % series; m = int(i / series); cm = m % 12;
    year = 1800 + int(m / 12) + (cm >= 4 ? 1 : 0);
    if (s % 4 != 3) period = mon[cm + 1] " " year;
    else period = sprintf("FY%04d-09-M%02d", 1800 + int(m / 12), cm + 1);
    if (s == series - 1) { printf "income_rise_rate,BD,direct,,%s,,%d,%d,\n", period, i % 50, 50 + i % 7; continue }
    c = int(s / 8) % 10; h = int(s / 80);
    value = (i % 1000 == 999) ? "\"1,234\"" : (i * 7919) % 1000;
    note = (i % 10 == 0) ? "checked" : "";
    printf "%s,%s,%s,%s,%s,%s,,,%s\n", ind[s % 8 + 1], cty[c + 1], chn[h + 1], ptn[h + 1], period, value, note;
  }
}' > "$file"
echo "$(wc -c < "$file") bytes, $rows rows"
measure() {
  # The exit status is 1 (a row in 1,000 is refused): not a failure here.
  /usr/bin/time -f "impact $*: %M KB peak, %e s" "$impact" "$@" "$file" \
    > /dev/null 2> "$dir/stderr" || true
  tail -n 1 "$dir/stderr"
}
measure report --period "20/21 H1" --format csv
measure report --period "20/21 H1" --by country,partner --format json
measure validate
