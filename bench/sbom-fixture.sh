#!/usr/bin/env bash
# Builds (once; cached) the real-package SBOM test image and prints the directory that holds it.
#
#   bench/sbom-fixture.sh [--large]
#
# Cache: ${PROVENANT_TEST_CACHE:-~/.cache/provenant-test}
#   debian-minbase.tar     `debootstrap --variant=minbase bookworm` from this machine's apt mirror
#   npm-app/               `npm install --prefix` of NPM_PACKAGES
#   sbom-image/layout      OCI layout, tag v1, made with umoci:
#                            layer 1 the rootfs tarball (umoci raw add-layer)
#                            layer 2 /opt/app/lib (jars from ~/.m2) and /opt/app/node_modules (GNU tar)
#                            layer 3 umoci repack after deleting one jar and one npm package directory
#   sbom-image/image.docker.tar   skopeo copy of the layout to docker-archive
#   sbom-image/admindir    the image's /var/lib/dpkg, for dpkg-query --admindir
#   sbom-image/expected-maven.txt, expected-npm.txt, deleted.txt   what the SBOM must and must not list
#   sbom-image-large/      with --large: the same image plus a 1 GiB layer of random bytes
#
# Needs root (debootstrap), debootstrap, umoci, skopeo, npm and the network for the first build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${PROVENANT_TEST_CACHE:-$HOME/.cache/provenant-test}"
m2="${M2_REPOSITORY:-$HOME/.m2/repository}"
mkdir -p "$cache"
stamp="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)"
NPM_PACKAGES=(express@4.21.2)
# group/artifact paths under ~/.m2; the newest version there with a jar is taken.
JARS=(com/fasterxml/jackson/core/jackson-databind com/fasterxml/jackson/core/jackson-core
  com/fasterxml/jackson/core/jackson-annotations com/google/guava/guava org/slf4j/slf4j-api)
DELETED_JAR_ARTIFACT=guava
DELETED_NPM=cookie-signature

log() { echo "sbom-fixture: $*" >&2; }

# The first deb.debian.org-style mirror this machine's apt uses (deb822 or one-line sources).
debian_mirror() {
  local uri
  uri="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1 || true)"
  if [ -z "$uri" ]; then
    uri="$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | grep -v security | head -1 || true)"
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

rootfs_tar() {
  local tar="$cache/debian-minbase.tar"
  [ -s "$tar" ] && return
  command -v debootstrap >/dev/null || {
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  local work="$cache/debootstrap-work"
  rm -rf "$work" && mkdir -p "$work"
  local mirror
  mirror="$(debian_mirror)"
  log "debootstrap --variant=minbase bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/log" 2>&1 ||
    { tail -20 "$work/log" >&2; exit 1; }
  # No ./ prefix, as docker and umoci write layers; device nodes and the kernel's file systems
  # are left out (a runtime provides them).
  (cd "$work/rootfs" && tar --numeric-owner --sort=name --exclude='dev/*' --exclude='proc/*' \
    --exclude='sys/*' -cf "$tar.tmp" $(ls -A))
  mv "$tar.tmp" "$tar"
  rm -rf "$work"
}

npm_app() {
  local app="$cache/npm-app"
  [ -f "$app/.done-$stamp" ] && return
  rm -rf "$app" && mkdir -p "$app"
  log "npm install ${NPM_PACKAGES[*]}"
  (cd "$app" && npm install --prefix "$app" --no-audit --no-fund "${NPM_PACKAGES[@]}" >/dev/null 2>&1)
  touch "$app/.done-$stamp"
}

newest_jar() {
  local dir="$m2/$1" artifact="${1##*/}" v
  for v in $(ls "$dir" | sort -Vr); do
    if [ -f "$dir/$v/$artifact-$v.jar" ]; then
      echo "$dir/$v/$artifact-$v.jar"
      return
    fi
  done
  log "no $artifact jar under $dir" && exit 1
}

build_image() {
  local out="$cache/sbom-image"
  [ -f "$out/.done-$stamp" ] && return
  rm -rf "$out" && mkdir -p "$out"
  local layout="$out/layout" image="$out/layout:v1"
  umoci init --layout "$layout"
  umoci new --image "$image"
  umoci raw add-layer --image "$image" --history.created_by "debootstrap --variant=minbase" \
    "$cache/debian-minbase.tar"

  local stage="$out/stage"
  mkdir -p "$stage/opt/app/lib"
  : >"$out/expected-maven.txt"
  : >"$out/deleted.txt"
  local path jar version group artifact
  for path in "${JARS[@]}"; do
    jar="$(newest_jar "$path")"
    cp "$jar" "$stage/opt/app/lib/"
    artifact="${path##*/}"
    group="$(dirname "$path" | tr / .)"
    version="$(basename "$(dirname "$jar")")"
    if [ "$artifact" = "$DELETED_JAR_ARTIFACT" ]; then
      echo "pkg:maven/$group/$artifact@$version opt/app/lib/$(basename "$jar")" >>"$out/deleted.txt"
    else
      echo "pkg:maven/$group/$artifact@$version" >>"$out/expected-maven.txt"
    fi
  done
  cp -a "$cache/npm-app/node_modules" "$stage/opt/app/node_modules"
  tar -C "$stage" --numeric-owner --owner=0 --group=0 --sort=name -cf "$out/layer2.tar" opt
  umoci raw add-layer --image "$image" --history.created_by "COPY lib node_modules /opt/app/" \
    "$out/layer2.tar"
  rm -f "$out/layer2.tar"

  # The npm oracle: npm's own listing of the tree, after the deletion.
  local deleted_npm_version
  deleted_npm_version="$(node -p "require('$stage/opt/app/node_modules/$DELETED_NPM/package.json').version")"
  echo "pkg:npm/$DELETED_NPM@$deleted_npm_version opt/app/node_modules/$DELETED_NPM" >>"$out/deleted.txt"
  rm -rf "$stage/opt/app/node_modules/$DELETED_NPM"
  (cd "$stage/opt/app" && npm ls --all --parseable --long 2>/dev/null || true) |
    awk -F: 'NR > 1 && $2 != "" {print $2}' | sort -u >"$out/expected-npm.txt"
  rm -rf "$stage"

  # Layer 3: umoci's own whiteouts. Unpack, delete, repack.
  local bundle="$out/bundle"
  umoci unpack --rootless --image "$image" "$bundle" >/dev/null
  while read -r _ file; do rm -rf "${bundle:?}/rootfs/$file"; done <"$out/deleted.txt"
  umoci repack --history.created_by "rm guava jar and $DELETED_NPM" --image "$image" "$bundle"
  cp -a "$bundle/rootfs/var/lib/dpkg" "$out/admindir"
  rm -rf "$bundle"
  umoci gc --layout "$layout"
  skopeo copy --quiet "oci:$image" "docker-archive:$out/image.docker.tar:provenant/sbom-debian:v1"
  touch "$out/.done-$stamp"
}

# The test image plus one layer of 1 GiB of random bytes (16 files of 64 MiB: incompressible, so
# the layer blob is about 1 GiB too).
build_large() {
  local out="$cache/sbom-image-large"
  [ -f "$out/.done-$stamp" ] && return
  rm -rf "$out" && mkdir -p "$out/stage/data"
  cp -a "$cache/sbom-image/layout" "$out/layout"
  local i
  for i in $(seq -w 1 16); do head -c 64M /dev/urandom >"$out/stage/data/blob-$i.bin"; done
  tar -C "$out/stage" --numeric-owner --sort=name -cf "$out/random.tar" data
  rm -rf "$out/stage"
  umoci raw add-layer --image "$out/layout:v1" --history.created_by "1 GiB random" "$out/random.tar"
  rm -f "$out/random.tar"
  skopeo copy --quiet "oci:$out/layout:v1" "docker-archive:$out/image.docker.tar:provenant/sbom-large:v1"
  touch "$out/.done-$stamp"
}

rootfs_tar
npm_app
build_image
[ "${1:-}" = "--large" ] && build_large
echo "$cache"
