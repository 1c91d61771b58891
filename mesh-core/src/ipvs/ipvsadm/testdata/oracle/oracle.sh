#!/bin/bash
# Record what the real ipvsadm prints, on a machine without the ip_vs module.
#
#   oracle.sh STATE 'ipvsadm ARGS...' ['ipvsadm ARGS...' ...]
#
# fake_ipvs_kernel.c (LD_PRELOAD) answers ipvsadm's IPVS socket options from
# the STATE file (lines `svc PROTO ADDR PORT FWMARK SCHED FLAGS TIMEOUT NETMASK
# [10 stats]` and `dest ADDR PORT CONN_FLAGS WEIGHT U L ACTIVE INACT PERSIST
# [10 stats]`), fails every change with errno $FAKE_IPVS_ERRNO if set, and
# serves $CONN in place of /proc/net/ip_vs_conn. Needs gcc, unshare (so that
# reverse lookups fail without touching any network) and ipvsadm 1.31
# (`apt-get install ipvsadm`). Output: the transcript format of ../*.txt.
set -u
here=$(cd "$(dirname "$0")" && pwd)
so=$(mktemp --suffix=.so)
gcc -shared -fPIC -O1 -o "$so" "$here/fake_ipvs_kernel.c" -ldl
st=$(realpath "$1"); shift
for l in "$@"; do
  out=$(mktemp); err=$(mktemp)
  eval "set -- $l"; shift
  FAKE_IPVS_STATE=$st FAKE_IPVS_CONN=${CONN:-/dev/null} unshare -n env LD_PRELOAD="$so" \
    bash -c 'exec -a ipvsadm /usr/sbin/ipvsadm "$@"' ipvsadm "$@" >"$out" 2>"$err"
  rc=$?
  printf -- '--- %s => rc=%s\n' "$l" "$rc"; cat "$out"; grep -v '^SHIM' "$err" | sed 's/^/   E: /'
  rm -f "$out" "$err"
done
rm -f "$so"
