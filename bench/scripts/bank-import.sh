#!/usr/bin/env bash
# End-to-end bank load on the local plane (start it with SAFETYPLANE_JAVA_OPTS=-Xmx4g bin/safety-plane up
# for a million hashes or more): imports N random
# PDQ hashes through the admin API as one hash list, then reports the import time (validation,
# one Kafka transaction, applied and indexed by the replica), the heap the entries take after a
# full GC, and a lookup of one of them. Usage: bench/scripts/bank-import.sh [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
n=${1:-1000000}
api=http://127.0.0.1:${SAFETYPLANE_HASH_PORT:-8083}
pid=$(cat .state/hash-service.pid)
auth="Authorization: Bearer $(bin/safety-plane token hash-admin)"
bank="bench-$n"
list=$(mktemp)
trap 'rm -f "$list"' EXIT

node -e "const c=require('crypto');const n=+process.argv[1];let out=[];for(let i=0;i<n;i++){out.push(c.randomBytes(32).toString('hex'));if(out.length===100000){process.stdout.write(out.join('\n')+'\n');out=[]}}process.stdout.write(out.length?out.join('\n')+'\n':'')" "$n" >"$list"
heap() {
  jcmd "$pid" GC.run >/dev/null
  sleep 1
  curl -fs "$api/q/metrics" | awk '$1 ~ /^jvm_memory_used_bytes/ && /area="heap"/ {s += $NF} END {printf "%.0f", s}'
}
curl -fs -o /dev/null -X DELETE -H "$auth" "$api/v1/banks/$bank" || true
curl -fsS -o /dev/null -H "$auth" -H 'Content-Type: application/json' "$api/v1/banks" \
  -d "{\"name\":\"$bank\",\"source\":\"internal\",\"category\":\"csam\",\"action\":\"review\"}"
before=$(heap)
start=$(date +%s.%N)
curl -fsS -o /dev/null -H "$auth" -H 'Content-Type: text/plain' --data-binary @"$list" \
  "$api/v1/banks/$bank/entries:import?signalType=pdq"
# the call returns once applied here, or after the apply timeout: wait until every entry is searchable
until curl -fsS -H "$auth" "$api/v1/banks/$bank" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>process.exit(JSON.parse(s).entries.pdq>=$n?0:1))"; do
  sleep 0.2
done
end=$(date +%s.%N)
after=$(heap)
probe=$(sed -n "$((n / 2))p" "$list")
lookup=$(curl -fsS -H 'Content-Type: application/json' "$api/v1/hashes:match" \
  -d "{\"signals\":[{\"type\":\"pdq\",\"value\":\"$probe\"}]}")
stats=$(curl -fsS -H "$auth" "$api/v1/banks/$bank/stats")
node -e "
const [n, t0, t1, b, a] = process.argv.slice(1, 6).map(Number);
const lookup = JSON.parse(process.argv[6]), stats = JSON.parse(process.argv[7]);
console.log('entries imported           ' + stats.total);
console.log('import, applied, indexed   ' + (t1 - t0).toFixed(1) + ' s (' + Math.round(n / (t1 - t0)) + ' hashes/s)');
console.log('heap per entry             ' + Math.round((a - b) / n) + ' bytes (index alone: ' + Math.round(stats.indexBytes / n) + ')');
console.log('lookup of an imported hash ' + (lookup.matches.length ? 'found, distance ' + lookup.matches[0].distance : 'NOT FOUND'));
" "$n" "$start" "$end" "$before" "$after" "$lookup" "$stats"
curl -fs -o /dev/null -X DELETE -H "$auth" "$api/v1/banks/$bank"
