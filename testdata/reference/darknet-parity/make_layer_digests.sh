#!/bin/sh
# Regenerates layers-exact/<cfg>.<image>.txt: a digest of every layer's output as Darknet computes it
# (darknet_layer_digest.c) with the formula weights and photo of detect/<cfg>.<image>.txt, for
# DarknetArithmeticParityTest. Needs Debian's `darknet` package (0.0.0+git20180914.61c9d02e).
# Usage: make_layer_digests.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/layers-exact"
gcc -O1 -I/usr/lib/darknet/include -I"$here" "$here/darknet_layer_digest.c" -L/usr/lib/darknet -ldarknet -lm \
  -Wl,-rpath,/usr/lib/darknet -o /tmp/darknet_layer_digest
cd /usr/share/darknet
# cfg image mode gain head shift (the parameters of the detect/ fixtures)
while read -r name img mode params; do
  sed 's/^batch *=.*/batch=1/; s/^subdivisions *=.*/subdivisions=1/' "cfg/$name.cfg" > "/tmp/dl.$name.cfg"
  # shellcheck disable=SC2086
  /tmp/darknet_layer_digest "/tmp/dl.$name.cfg" "data/$img.jpg" $mode $params \
    > "$here/layers-exact/$name.$img.txt" 2>/dev/null
done <<LIST
yolov3-tiny dog letterbox 2.5 1 -7
yolov2-tiny horses letterbox 2.5 1 -7
yolov1-tiny dog stretch 1 3 0
yolov2 horses letterbox 1.6 4 -5
yolov1 dog stretch 1.7 1 0
LIST
