#!/usr/bin/env bash
# Debian packages the portal needs: Pango for WeasyPrint (PDF), and for the test suite
# Chromium (browser tests, never downloaded by Playwright) and poppler-utils (PDF text checks).
# Installs only what is missing; needs root (or sudo) when something is missing.
set -euo pipefail
want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
if [ "${1:-}" = "--tests" ]; then
  want+=(chromium poppler-utils fonts-liberation)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installation des paquets Debian manquants : ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
