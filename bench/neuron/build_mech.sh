#!/usr/bin/env bash
# Compiles bench/neuron/mod/*.mod into DIR/x86_64/libnrnmech.so (DIR: first
# argument, default /tmp/synlab-nrnmech) and prints the library path.
#
# Debian's nrnivmodl (packages neuron 8.2.2 + neuron-dev) looks for
# nrnmech_makefile, libnrniv.so, the headers and nrnmain.cpp under one
# prefix, but Debian splits them over /usr/lib/nrn, /usr/include and
# /usr/share/nrn; a throw-away NRNHOME of symbolic links joins them. Linking
# the `special` executable still fails (a missing header) and is not needed:
# ca1_spine.py loads the shared library with nrn_load_dll. The build is kept
# outside the repository because NEURON auto-loads ./x86_64 from the working
# directory.
set -euo pipefail
MOD=$(cd "$(dirname "$0")/mod" && pwd)
DIR=${1:-/tmp/synlab-nrnmech}
mkdir -p "$DIR"
H=$(mktemp -d)
trap 'rm -rf "$H"' EXIT
mkdir -p "$H/bin" "$H/share"
for f in /usr/bin/*; do ln -s "$f" "$H/bin/" 2>/dev/null || true; done
ln -sf /usr/lib/nrn/nrnmech_makefile "$H/bin/"
ln -s /usr/lib/nrn "$H/lib"
ln -s /usr/include "$H/include"
ln -s /usr/share/nrn "$H/share/nrn"
cd "$DIR"
NRNHOME=$H nrnivmodl "$MOD" > build.log 2>&1 || true
test -f x86_64/libnrnmech.so || { cat build.log >&2; exit 1; }
echo "$DIR/x86_64/libnrnmech.so"
