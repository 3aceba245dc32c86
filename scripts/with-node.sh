#!/usr/bin/env bash
# Runs a command under Node >= 22: the machine's own when it is new enough, otherwise the official Node 24 binary
# from the registry package node-<platform>-<arch>@24, fetched once into the project's git-ignored .node/ folder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$major" -lt 22 ]; then
  pkg="node-$(node -p 'process.platform + "-" + process.arch' 2>/dev/null || echo linux-x64)"
  dest="$root/.node/24"
  if [ ! -x "$dest/node_modules/$pkg/bin/node" ]; then
    echo "Node $(node -v 2>/dev/null || echo "(none)") is older than 22: fetching Node 24 ($pkg@24) into .node/ once…" >&2
    # Installed beside the target and moved into place, so two commands starting together never see half a binary.
    tmp="$root/.node/tmp-$$"
    rm -rf "$tmp" && mkdir -p "$tmp"
    npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error --prefix "$tmp" "$pkg@24" >&2
    [ -x "$dest/node_modules/$pkg/bin/node" ] || { rm -rf "$dest"; mv "$tmp" "$dest"; }
    rm -rf "$tmp"
  fi
  export PATH="$dest/node_modules/$pkg/bin:$PATH"
fi
exec "$@"
