#!/usr/bin/env bash
# Regenerates biliuhe-rain.csv from the full Biliuhe data set (see PROVENANCE.md):
#   src/Silo/Synth/Data/extract.sh [../shared/data]
# Every BLH-RAIN-01 rain_mm value of biliuhe-2012.csv … biliuhe-2022.csv, in file order then row order, unchanged
# (text copied as written), 24 values a line. The flow rows and the timestamps are left out: synth only draws whole
# days of hourly rain. 80,856 values = 3,369 lines.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="${1:-$here/../../../../../shared/data}"
out="$here/biliuhe-rain.csv"
{
  echo "# BLH-RAIN-01 rain_mm (hourly areal rainfall, Biliuhe basin), 24 values a line, in the order of biliuhe-2012.csv … biliuhe-2022.csv."
  echo "# GNU GPL v3 (COPYING.GPL-3), from OuyangWenyu/hydromodel; see PROVENANCE.md. Regenerate with extract.sh."
  for f in $(ls "$data"/biliuhe/biliuhe-*.csv | LC_ALL=C sort); do tail -n +2 "$f"; done \
    | awk -F, '$3 == "BLH-RAIN-01" { print $5 }' \
    | paste -d, - - - - - - - - - - - - - - - - - - - - - - - -
} > "$out"
echo "extract.sh: $(grep -vc '^#' "$out") lines, $(wc -c < "$out") bytes: $out" >&2
