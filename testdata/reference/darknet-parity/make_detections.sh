#!/bin/sh
# Regenerates detect/<cfg>.<image>.txt (Darknet's own letterbox/resize, network, get_network_boxes and
# do_nms_sort with formula weights; see darknet_detect.c) and images/<image>.ppm.gz (the photo as
# Darknet's stb decoder reads it). Needs Debian's `darknet` package (0.0.0+git20180914.61c9d02e).
# Usage: make_detections.sh [CFG...]   (default: the small cfgs; yolov2, yolov3, yolov1 take minutes)
# The parameters of the full-size cfgs come from search_params.sh / DarknetParamSearch (search/*.txt).
# Weight formula parameters per cfg (gain of batch-norm layers, gain and bias shift of the heads) are
# chosen so that some scores exceed the threshold; the fixture's header records them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/detect" "$here/images"
gcc -O1 -I/usr/lib/darknet/include -I"$here" "$here/darknet_detect.c" -L/usr/lib/darknet -ldarknet -lm \
  -Wl,-rpath,/usr/lib/darknet -o /tmp/darknet_detect
cd /usr/share/darknet
cfgs=${*:-"yolov3-tiny yolov2-tiny yolov1-tiny"}
for name in $cfgs; do
  case "$name" in
    yolov1*) mode=stretch; thresh=0.2; nms=0.4 ;;   # darknet yolo test
    *) mode=letterbox; thresh=0.25; nms=0.45 ;;     # darknet detector test -thresh .25
  esac
  case "$name" in
    yolov3-tiny) params="2.5 1 -7" ;;
    yolov2-tiny) params="2.5 1 -7" ;;
    yolov1-tiny) params="1 3 0" ;;
    yolov2) params="1.6 4 -5" ;;        # search/yolov2.txt (search_params.sh)
    yolov1) params="1.7 1 0" ;;         # search/yolov1.txt
    yolov3) params="0.85 2 -6" ;;       # search/yolov3.txt
    *) params="2.5 1 -7" ;;
  esac
  sed 's/^batch *=.*/batch=1/; s/^subdivisions *=.*/subdivisions=1/' "cfg/$name.cfg" > "/tmp/dd.$name.cfg"
  for img in dog horses; do
    /tmp/darknet_detect "/tmp/dd.$name.cfg" "data/$img.jpg" $mode $thresh $nms $params "/tmp/$img.ppm" \
      > "$here/detect/$name.$img.txt" 2>/dev/null
    [ -f "$here/images/$img.ppm.gz" ] || gzip -9n -c "/tmp/$img.ppm" > "$here/images/$img.ppm.gz"
  done
done
