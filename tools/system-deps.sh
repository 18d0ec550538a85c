#!/usr/bin/env bash
# Install a system program the lessons or tests need, where this machine allows it.
#   tools/system-deps.sh dot        Graphviz's dot: nice to have (flowcharts fall back to the browser)
#   tools/system-deps.sh dot --require
#   tools/system-deps.sh chromium   Chromium for the browser tests: required
# Installs with apt-get only when running as root on Debian/Ubuntu; otherwise it
# says in one line what to install, and fails only where the program is required.
# fonts-dejavu-core comes along because dot measures label text with a font and
# Chromium draws text with one; a minimal Debian can have none.
set -u
what=${1:?usage: system-deps.sh dot|chromium [--require]}
require=${2:-}

case "$what" in
  dot) found() { command -v dot >/dev/null 2>&1; }; packages="graphviz fonts-dejavu-core"
       advice="Graphviz's dot is not installed, so flowcharts are drawn in the browser instead (install it with: apt install graphviz | brew install graphviz | winget install graphviz | conda install -c conda-forge graphviz)." ;;
  chromium) found() { [ -x /usr/bin/chromium ]; }; packages="chromium fonts-dejavu-core"; require=--require
       advice="The browser tests need Chromium at /usr/bin/chromium (Debian package 'chromium'): run 'sudo apt-get install chromium' and try again." ;;
  *) echo "system-deps.sh: unknown program '$what'" >&2; exit 2 ;;
esac

found && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing the Debian packages: $packages ..."
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq --no-install-recommends $packages >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $packages >/dev/null
  fi
fi

found && exit 0
echo "$advice" >&2
[ "$require" = --require ] && exit 1
exit 0
