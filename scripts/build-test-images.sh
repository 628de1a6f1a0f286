#!/usr/bin/env bash
# Builds the offline test images used by the sandbox tests and the e2e world:
#   nightwatch-test-python:1  python3 (also as `python`), python3-pytest, python3-venv, black, git
#   nightwatch-test-node:1    nodejs (Debian), git, npm 10, typescript 5.9 and prettier 3 installed
#                             globally (/usr/local/bin/npm, npx, tsc, prettier)
#   nightwatch-test-go:1      Debian's Go toolchain (go, gofmt), git
#
# Registry images cannot be pulled here, so each image is a minimal Debian bookworm made with
# debootstrap (minbase) from the mirror this machine's apt already uses, then `docker import`ed.
# Idempotent: an image that already exists with the same recipe (label nightwatch.recipe, a hash of
# what goes into it) is skipped, one built from an older recipe is rebuilt; root filesystems are cached
# as tarballs under $NIGHTWATCH_IMAGE_CACHE (default /var/cache/nightwatch-test-images), so a rebuild
# after `docker rmi` is an import only. Building a root filesystem needs root (debootstrap); a run
# that finds the images present (or only imports cached ones) does not.
#
# Usage: scripts/build-test-images.sh [--force|--check]   (--force rebuilds images and the cache;
#        --check builds nothing and exits 1 when an image is missing or from another recipe)
set -euo pipefail

PY_IMAGE='nightwatch-test-python:1'
NODE_IMAGE='nightwatch-test-node:1'
GO_IMAGE='nightwatch-test-go:1'
SUITE='bookworm'
TS_SPEC='typescript@5.9'
PRETTIER_SPEC='prettier@3'
# Debian's own npm package drags in ~300 node-* packages; npm's tarball bundles its dependencies.
NPM_SPEC='npm@10'
CACHE="${NIGHTWATCH_IMAGE_CACHE:-/var/cache/nightwatch-test-images}"
FORCE=0
CHECK=0
BUILT=0
[[ "${1:-}" == '--force' ]] && FORCE=1
[[ "${1:-}" == '--check' ]] && CHECK=1

log() { printf '[build-test-images] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

command -v docker >/dev/null || die 'docker CLI not found'
docker info >/dev/null 2>&1 || die 'Docker daemon not reachable: start Docker first'

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
image_recipe() { docker image inspect -f '{{index .Config.Labels "nightwatch.recipe"}}' "$1" 2>/dev/null || true; }
recipe_hash() { printf '%s\n' "$@" | sha256sum | cut -c1-12; }

# The Debian mirror, read from the machine's apt sources at run time: the URIs of deb822 stanzas
# (/etc/apt/sources.list.d/*.sources, `URIs:`) and of classic one-line entries
# (/etc/apt/sources.list, sources.list.d/*.list: `deb [opts] URL suite ...`). The first Debian archive
# (a path with /debian, not the security archive) wins; a machine whose sources name none (Ubuntu)
# falls back to deb.debian.org. NIGHTWATCH_DEBIAN_MIRROR overrides.
apt_source_uris() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] && awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] && sed -E -n 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' "$f"
  done
  return 0
}

find_mirror() {
  if [[ -n "${NIGHTWATCH_DEBIAN_MIRROR:-}" ]]; then
    echo "${NIGHTWATCH_DEBIAN_MIRROR%/}"
    return
  fi
  local uri
  while read -r uri; do
    case "$uri" in
      *security*) ;;
      http://*/debian | http://*/debian/* | https://*/debian | https://*/debian/*) echo "${uri%/}"; return ;;
    esac
  done < <(apt_source_uris)
  log 'no Debian archive in the apt sources; using http://deb.debian.org/debian (set NIGHTWATCH_DEBIAN_MIRROR to change)'
  echo 'http://deb.debian.org/debian'
}

# Removes a rootfs, unmounting first whatever debootstrap may have left mounted in it (proc, sys,
# dev/pts on a failed run): rm -rf across a live /proc or /dev mount would be a disaster.
remove_rootfs() {
  local rootfs="$1" m
  [[ -d "$rootfs" ]] || return 0
  while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done < <(awk -v r="$rootfs/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r)
  if awk -v r="$rootfs/" 'index($2, r) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    log "warning: $rootfs still has mounts, leaving it in place"
    return 0
  fi
  rm -rf --one-file-system "$rootfs"
}

# debootstrap one root filesystem into a cached tarball (skipped when the tarball exists).
# $1 name, $2 comma-separated extra packages, $3 optional hook run on the rootfs before packing.
make_rootfs() {
  local name="$1" include="$2" hook="${3:-}"
  local tarball="$CACHE/$name.tar"
  if [[ -f "$tarball" && "$FORCE" == 0 ]]; then
    log "rootfs $name: cached at $tarball"
    return
  fi
  local mirror rootfs
  # Only building a root filesystem needs root and debootstrap; finding or importing images does not.
  [[ "$(id -u)" == 0 ]] || die "building the $name root filesystem needs root (debootstrap): run with sudo"
  command -v debootstrap >/dev/null || die 'debootstrap not found (apt-get install debootstrap)'
  mkdir -p "$CACHE/debs"
  mirror="$(find_mirror)"
  rootfs="$(mktemp -d "$CACHE/rootfs-$name.XXXXXX")"
  # shellcheck disable=SC2064 # expand now: the trap must remove this rootfs
  trap "remove_rootfs '$rootfs'" EXIT
  log "rootfs $name: debootstrap --variant=minbase $SUITE from $mirror (include: $include)"
  # --cache-dir shares downloaded .debs between the images and across runs.
  debootstrap --variant=minbase --include="$include" --cache-dir="$CACHE/debs" \
    "$SUITE" "$rootfs" "$mirror" >"$CACHE/debootstrap-$name.log" 2>&1 ||
    { tail -n 30 "$CACHE/debootstrap-$name.log" >&2; die "debootstrap $name failed (log: $CACHE/debootstrap-$name.log)"; }
  [[ -n "$hook" ]] && "$hook" "$rootfs"
  log "rootfs $name: trimming apt lists, docs and caches"
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
  # A world-writable /tmp and /work owned by nobody in particular: the sandbox runs as a non-root uid.
  chmod 1777 "$rootfs/tmp"
  mkdir -p "$rootfs/work" && chmod 0777 "$rootfs/work"
  log "rootfs $name: packing $tarball"
  tar -C "$rootfs" --numeric-owner -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  remove_rootfs "$rootfs"
  trap - EXIT
}

# `npm pack` a package on the host (cached) and print the tarball's path.
npm_pack() {
  local spec="$1" name="${1%@*}" pkdir="$CACHE/npm" tgz
  mkdir -p "$pkdir"
  tgz="$(find "$pkdir" -maxdepth 1 -name "$name-${spec##*@}.*.tgz" | sort -V | tail -n 1)"
  if [[ -z "$tgz" ]]; then
    log "npm pack $spec (on the host)"
    (cd "$pkdir" && npm pack "$spec" --silent >/dev/null)
    tgz="$(find "$pkdir" -maxdepth 1 -name "$name-${spec##*@}.*.tgz" | sort -V | tail -n 1)"
  fi
  [[ -n "$tgz" ]] || die "npm pack $spec produced no tarball"
  echo "$tgz"
}

# Installs npm and TypeScript globally without a registry in the container (it has none):
# `npm pack` on the host, unpack under /usr/local/lib/node_modules, symlink the bins.
install_node_tools() {
  local rootfs="$1" tgz name
  for spec in "$NPM_SPEC" "$TS_SPEC" "$PRETTIER_SPEC"; do
    tgz="$(npm_pack "$spec")"
    name="${spec%@*}"
    log "installing $(basename "$tgz") into /usr/local/lib/node_modules/$name"
    mkdir -p "$rootfs/usr/local/lib/node_modules/$name" "$rootfs/usr/local/bin"
    tar -xzf "$tgz" -C "$rootfs/usr/local/lib/node_modules/$name" --strip-components=1 --no-same-owner
  done
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  ln -sf ../lib/node_modules/typescript/bin/tsc "$rootfs/usr/local/bin/tsc"
  ln -sf ../lib/node_modules/typescript/bin/tsserver "$rootfs/usr/local/bin/tsserver"
  ln -sf ../lib/node_modules/prettier/bin/prettier.cjs "$rootfs/usr/local/bin/prettier"
  # npm sets the bins' mode when it installs; a tarball unpacked by hand may not have it.
  chmod 0755 "$rootfs"/usr/local/lib/node_modules/{npm/bin/npm-cli.js,npm/bin/npx-cli.js,typescript/bin/tsc,typescript/bin/tsserver,prettier/bin/prettier.cjs}
  # No registry is reachable from a test container: npm fails at once instead of retrying for a minute.
  printf 'fetch-retries=0\nfetch-timeout=3000\n' >"$rootfs/usr/local/lib/node_modules/npm/npmrc"
}

# $1 image, $2 tarball, $3 CMD (JSON array), $4 recipe hash
import_image() {
  local image="$1" tarball="$2" cmd="$3" recipe="$4"
  log "docker import $tarball -> $image"
  docker import \
    --change "LABEL nightwatch.recipe=$recipe" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV HOME=/tmp' \
    --change 'WORKDIR /work' \
    --change "CMD $cmd" \
    --message "nightwatch offline test image ($SUITE minbase)" \
    "$tarball" "$image" >/dev/null
}

build() {
  local image="$1" name="$2" include="$3" cmd="$4" hook="${5:-}" extra="${6:-}"
  local recipe
  recipe="$(recipe_hash "$SUITE" minbase "$include" "$cmd" "$extra")"
  if [[ "$CHECK" == 1 ]]; then
    [[ "$(image_recipe "$image")" == "$recipe" ]] || { log "$image: missing or from another recipe"; exit 1; }
    return
  fi
  if [[ "$FORCE" == 0 ]] && image_exists "$image"; then
    if [[ "$(image_recipe "$image")" == "$recipe" ]]; then
      log "$image: present (recipe $recipe), skipping"
      return
    fi
    log "$image: present but built from another recipe, rebuilding as $recipe"
  fi
  local t0=$SECONDS old_id
  BUILT=1
  old_id="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
  make_rootfs "$name-$recipe" "$include" "$hook"
  import_image "$image" "$CACHE/$name-$recipe.tar" "$cmd" "$recipe"
  # Older recipes: their cached rootfs, and the image the tag left (kept while a container uses it).
  find "$CACHE" -maxdepth 1 \( -name "$name-*.tar" -o -name "debootstrap-$name*.log" \) \
    ! -name "$name-$recipe.tar" ! -name "debootstrap-$name-$recipe.log" -delete
  [[ -n "$old_id" ]] && docker rmi "$old_id" >/dev/null 2>&1 || true
  log "$image: built in $((SECONDS - t0))s ($(docker image inspect -f '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
}

if [[ "$FORCE" == 1 ]]; then
  log '--force: dropping cached root filesystems'
  rm -f "$CACHE"/*.tar
fi

build "$PY_IMAGE" python 'ca-certificates,git,python3,python-is-python3,python3-pytest,python3-venv,black' '["python3", "-m", "pytest", "-q"]'
build "$NODE_IMAGE" node 'ca-certificates,git,nodejs' '["node", "--version"]' install_node_tools "$NPM_SPEC $TS_SPEC $PRETTIER_SPEC bins-0755 npmrc-offline"
build "$GO_IMAGE" go 'ca-certificates,git,golang-go' '["go", "version"]'

if [[ "$BUILT" == 0 ]]; then
  log 'nothing to build'
  exit 0
fi
log 'verifying'
docker run --rm --network none "$PY_IMAGE" sh -c 'python3 --version && python3 -m pytest --version && black --version && git --version' >&2
docker run --rm --network none "$NODE_IMAGE" sh -c 'echo "node $(node --version), npm $(npm --version)" && tsc --version && prettier --version && git --version' >&2
docker run --rm --network none "$GO_IMAGE" sh -c 'go version && command -v gofmt && git --version' >&2
log 'done'
