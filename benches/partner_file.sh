#!/bin/sh
# Writes a partner file in the crate's CSV format to standard output:
#
#   benches/partner_file.sh ROWS [PARTNERS] > partner.csv
#
# 8 indicators (codes and printed names) x 10 countries (codes and names;
# the United Kingdom as GB, UK and United Kingdom) x (direct, systemic, and
# joint operations with each of PARTNERS partners, 1,038 by default, quoted
# names holding a comma): 80 x (2 + PARTNERS) series, 83,200 by default.
# Row i is series i % SERIES in fiscal month i / SERIES from September 2000;
# three series in four write the month as a label (Sep 2000), the others in
# the machine form (FY2000-09-M01). A row in ten has a note (some quoted,
# with a comma); a row in 1,000 has a thousands separator ("1,234"), which
# is refused.
set -eu
rows=${1:?rows}
partners=${2:-1038}
awk -v rows="$rows" -v partners="$partners" 'BEGIN {
  split("victims_removed|Survivors cared for|survivors_repatriated|Vulnerable people receiving prevention education|accused_arrested|Prosecutions of exploiters supported|exploiters_convicted|Frontline professionals trained", ind, "|");
  split("GB|Bangladesh|RO|Thailand|IN|Myanmar|NP|Cambodia|VN|Philippines", cty, "|");
  split("GB|UK|United Kingdom", uk, "|");
  split("Sep|Oct|Nov|Dec|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug", mon, "|");
  per = 2 + partners;
  series = 80 * per;
  print "indicator,country,channel,partner,period,value,note";
  for (i = 0; i < rows; i++) {
    s = i % series; m = int(i / series); cm = m % 12;
    year = 2000 + int(m / 12) + (cm >= 4 ? 1 : 0);
    if (s % 4 != 3) period = mon[cm + 1] " " year;
    else period = sprintf("FY%04d-09-M%02d", 2000 + int(m / 12), cm + 1);
    k = s % 8; c = int(s / 8) % 10; h = int(s / 80);
    country = (c == 0) ? uk[m % 3 + 1] : cty[c + 1];
    if (h == 0) { channel = "direct"; partner = "" }
    else if (h == 1) { channel = "systemic"; partner = "" }
    else { channel = (h % 2) ? "Joint operations" : "joint"; partner = sprintf("\"Partner %04d, Ltd\"", h - 2) }
    value = (i % 1000 == 999) ? "\"1,234\"" : (i * 7919) % 1000;
    note = (i % 10 == 0) ? ((i % 20 == 0) ? "\"checked, twice\"" : "checked") : "";
    printf "%s,%s,%s,%s,%s,%s,%s\n", ind[k + 1], country, channel, partner, period, value, note;
  }
}'
