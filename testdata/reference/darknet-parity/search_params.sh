#!/bin/sh
# Prints, for each gain, how many detections Darknet lists on dog.jpg and horses.jpg for a grid of
# formula-weight head gains and bias shifts (darknet_search.c), so that a fixture's parameters give a
# sensible count (some, not thousands) on both photos. Needs Debian's `darknet` package.
# Usage: search_params.sh CFG "GAINS" "HEADS" "SHIFTS"
#   e.g. search_params.sh yolov2 "1.6 1.8 2.0" "0.5 1 2 4" "-3 -4 -5 -6 -7 -8"
# The chosen values go into make_detections.sh; its fixtures record them in their header.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
gcc -O1 -I/usr/lib/darknet/include "$here/darknet_search.c" -L/usr/lib/darknet -ldarknet -lm \
  -Wl,-rpath,/usr/lib/darknet -o /tmp/darknet_search.$$
cd /usr/share/darknet
name=$1
case "$name" in
  yolov1*) mode=stretch; thresh=0.2; nms=0.4 ;;
  *) mode=letterbox; thresh=0.25; nms=0.45 ;;
esac
sed 's/^batch *=.*/batch=1/; s/^subdivisions *=.*/subdivisions=1/' "cfg/$name.cfg" > "/tmp/ds.$name.cfg"
echo "# $name $mode thresh $thresh nms $nms; columns: HEAD SHIFT, then per image (dog, horses): COUNT MEDIAN_W MEDIAN_H"
for gain in $2; do
  echo "gain $gain"
  /tmp/darknet_search.$$ "/tmp/ds.$name.cfg" $mode $thresh $nms "$gain" "$3" "$4" data/dog.jpg data/horses.jpg 2>/dev/null
done
