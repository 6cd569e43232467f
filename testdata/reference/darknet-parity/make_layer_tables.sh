#!/bin/sh
# Regenerates layers/<cfg>.txt: Darknet's own layer table (darknet_layers.c) for every shipped,
# non-recurrent cfg, and copies the cfgs to testdata/darknet-cfg/. Needs Debian's `darknet` package
# (0.0.0+git20180914.61c9d02e: /usr/lib/darknet/libdarknet.so, /usr/share/darknet/cfg). batch and
# subdivisions are set to 1 in a temporary copy only, so that Darknet does not allocate 128-image
# batches; shapes and parameter counts do not depend on them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cfgs="$here/../../darknet-cfg"
mkdir -p "$here/layers" "$cfgs"
gcc -O1 -I/usr/lib/darknet/include "$here/darknet_layers.c" -L/usr/lib/darknet -ldarknet \
  -Wl,-rpath,/usr/lib/darknet -o /tmp/darknet_layers
cd /usr/share/darknet   # yolo9000/darknet9000 read tree=data/9k.tree relative to here
for f in cfg/*.cfg; do
  name=$(basename "$f" .cfg)
  cp "$f" "$cfgs/$name.cfg"
  case "$name" in gru|rnn|rnn.train) continue ;; esac   # recurrent: gridbox rejects them
  sed 's/^batch *=.*/batch=1/; s/^subdivisions *=.*/subdivisions=1/' "$f" > /tmp/dn_layers.cfg
  /tmp/darknet_layers /tmp/dn_layers.cfg > "$here/layers/$name.txt" 2>/dev/null
done
