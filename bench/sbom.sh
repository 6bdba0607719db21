#!/usr/bin/env bash
# `provenant sbom` against cdxgen (-t docker, FETCH_LICENSE=false, no network: unshare -n) on the
# docker-archive of the Debian test image (bench/sbom-fixture.sh), same script: best of RUNS wall
# times, their ratio, the deb/maven/npm purls cdxgen finds that Provenant does not (and the
# reverse), and Provenant's peak RSS on the same image plus a 1 GiB layer of random bytes.
# Usage: bench/sbom.sh [RUNS]     (root: unshare -n and debootstrap)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
cache="$(bench/sbom-fixture.sh --large)"
archive="$cache/sbom-image/image.docker.tar"
large="$cache/sbom-image-large/image.docker.tar"
cdxgen_dir="$cache/cdxgen"
if [ ! -x "$cdxgen_dir/node_modules/.bin/cdxgen" ]; then
  npm install --prefix "$cdxgen_dir" --no-audit --no-fund @cyclonedx/cdxgen@12.8.4 >/dev/null 2>&1
fi
[ -x /usr/bin/time ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
out=$(mktemp -d --tmpdir provenant-sbom-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
./provenant version >/dev/null   # build the CLI outside the timings

provenant_sbom() { ./provenant sbom --output "$out/provenant.json" "docker-archive:$archive"; }
cdxgen_sbom() {
  (cd "$out" && FETCH_LICENSE=false CDXGEN_DEBUG_MODE= unshare -n \
    "$cdxgen_dir/node_modules/.bin/cdxgen" -t docker --no-recurse --spec-version 1.6 \
    -o "$out/cdxgen.json" "$archive" >"$out/cdxgen.log" 2>&1)
}
best() { # best wall time in ms of running "$@" $runs times
  local b="" t0 t1 t
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N); "$@"; t1=$(date +%s%N)
    t=$(( (t1 - t0) / 1000000 ))
    if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
  done
  echo "$b"
}
p=$(best provenant_sbom)
c=$(best cdxgen_sbom)
echo "image: $archive ($(du -m "$archive" | cut -f1) MiB)"
echo "provenant sbom: ${p} ms (best of $runs)"
echo "cdxgen -t docker: ${c} ms (best of $runs)"
awk -v p="$p" -v c="$c" 'BEGIN { printf "ratio provenant/cdxgen: %.3f\n", p / c }'

# Purls compared as type/namespace/name@version: qualifiers dropped, percent-decoded (cdxgen
# writes the epoch unencoded, 1:2.5.1-4, and adds epoch= and distro_name=). cdxgen's components
# tagged "source" are Debian source packages, which are not installed (docs/sbom.md).
# provenant-cli's SbomCdxgenOracleTest asserts this comparison with the same rule (key below);
# keep the two consistent (docs/sbom-oracle.md).
node - "$out/cdxgen.json" "$out/provenant.json" <<'EOF'
const fs = require("fs");
const [cdx, prov] = process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
const key = (p) => decodeURIComponent(p.split("?")[0].split("#")[0]);
const all = (bom, keep) => {
  const out = new Map();
  const walk = (cs) => (cs || []).forEach((c) => {
    const type = (c.purl || "").split("/")[0];
    if (["pkg:deb", "pkg:maven", "pkg:npm"].includes(type) && keep(c)) out.set(key(c.purl), c);
    walk(c.components);
  });
  walk(bom.components);
  return out;
};
const c = all(cdx, (x) => !(x.tags || []).includes("source"));
const sources = all(cdx, (x) => (x.tags || []).includes("source"));
const p = all(prov, () => true);
for (const t of ["pkg:deb", "pkg:maven", "pkg:npm"]) {
  const n = (m) => [...m.keys()].filter((k) => k.startsWith(t + "/")).length;
  console.log(`${t}: cdxgen ${n(c)} (+${n(sources)} source packages), provenant ${n(p)}`);
}
console.log("cdxgen only:", [...c.keys()].filter((k) => !p.has(k)).join(" ") || "none");
console.log("provenant only:", [...p.keys()].filter((k) => !c.has(k)).join(" ") || "none");
EOF

/usr/bin/time -v ./provenant sbom --output "$out/large.json" "docker-archive:$large" 2>"$out/time.txt"
echo "1 GiB image: $large ($(du -m "$large" | cut -f1) MiB)"
grep -E 'Elapsed|Maximum resident' "$out/time.txt" | sed 's/^\s*/provenant sbom: /'
