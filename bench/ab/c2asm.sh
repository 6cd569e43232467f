#!/usr/bin/env bash
# Disassembles the C2 code of one method (session 16). Without a working hsdis plugin, HotSpot prints a
# compiled method as hex ([MachCode]); this collects the last C2 (tier 4, non-OSR) version's bytes and
# runs objdump on them. Needs binutils. Usage:
#   bench/ab/c2asm.sh 'org.gridbox.nn.VectorBlockedKernel::depthwise3' JAVA-ARGS...   > depthwise3.s
# e.g. JAVA-ARGS: --add-modules jdk.incubator.vector -cp /tmp/probe:core/target/classes org.gridbox.nn.DepthwiseProbe 32:104
set -euo pipefail
method=$1; shift
log=$(mktemp)
java -XX:+UnlockDiagnosticVMOptions "-XX:CompileCommand=print,$method" "$@" > "$log" 2>&1 || true
python3 - "$log" "${method##*::}" <<'PY'
import re, subprocess, sys, tempfile
text = open(sys.argv[1]).read().split('\n')
starts = [i for i, l in enumerate(text) if 'Compiled method (c2)' in l and ' % ' not in l and '::' + sys.argv[2] + ' ' in l]
if not starts:
    sys.exit('no C2 version of the method was printed (did the program run long enough?)')
code, base = bytearray(), None
for l in text[starts[-1] + 1:]:
    if 'Compiled method' in l:
        break
    m = re.match(r'\s*0x([0-9a-f]+):\s+([0-9a-f| ]+)$', l)
    if not m:
        continue
    addr, hexs = int(m.group(1), 16), m.group(2).replace('|', '').replace(' ', '')
    if base is None:
        base = addr
    if addr == base + len(code) and len(hexs) % 2 == 0:
        code += bytes.fromhex(hexs)
with tempfile.NamedTemporaryFile(suffix='.bin') as f:
    f.write(code); f.flush()
    print(subprocess.run(['objdump', '-D', '-b', 'binary', '-mi386:x86-64', '-M', 'intel',
                          '--adjust-vma=' + hex(base), f.name], capture_output=True, text=True).stdout)
PY
rm -f "$log"
