#!/bin/sh
# Installs the Debian 12 packages dyad builds, tests and benchmarks with.
# The one list of dependencies: the README and .ci/run both call this.
set -e
PKGS="build-essential pkg-config clang libclang-rt-dev
      libutf8proc-dev libexpat1-dev libjansson-dev
      libsqlite3-dev sqlite3 libpq-dev postgresql
      liblingua-en-tagger-perl"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
missing=
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
