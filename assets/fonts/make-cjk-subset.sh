#!/bin/sh
# Rebuilds assets/fonts/DroidSansFallback-subset.ttf: the glyphs of Droid Sans Fallback
# (Apache-2.0; Debian's fonts-droid-fallback) for every character of locales/zh-CN.ftl that
# DejaVu Sans lacks. Charts draw those characters with it (src/chart.rs). Run it after
# adding Chinese text to a chart; `cargo test --test it chart::` fails until then.
# Needs: fonttools (pip install fonttools) and fonts-droid-fallback (apt-get install).
set -eu
cd "$(dirname "$0")/../.."
src=${DROID:-/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf}
python3 - "$src" <<'PY'
import sys
from fontTools import subset
from fontTools.ttLib import TTFont
dejavu = TTFont("assets/fonts/DejaVuSans.ttf").getBestCmap()
text = open("locales/zh-CN.ftl", encoding="utf-8").read()
chars = sorted({c for c in text if ord(c) > 127 and ord(c) not in dejavu})
options = subset.Options()
options.name_IDs = ["*"]
options.notdef_outline = True
options.drop_tables += ["DSIG"]
font = subset.load_font(sys.argv[1], options)
s = subset.Subsetter(options)
s.populate(text="".join(chars))
s.subset(font)
subset.save_font(font, "assets/fonts/DroidSansFallback-subset.ttf", options)
print(len(chars), "characters")
PY
