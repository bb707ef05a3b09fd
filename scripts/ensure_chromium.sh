#!/usr/bin/env bash
# Browser tests need Debian's Chromium and CJK fonts. Install them when missing and we may;
# otherwise stop with a clear message. Never downloads a browser of its own.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# not grep -q: it stops reading early, fc-list then dies of SIGPIPE and pipefail calls the fonts missing (apt-get ran every time)
fc-list 2>/dev/null | grep -i "noto.*cjk" >/dev/null || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} with apt-get (browser tests need them) ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Browser tests need: ${missing[*]}." >&2
  echo "Install them with:  sudo apt-get install -y chromium fonts-noto-cjk" >&2
  exit 1
fi
