#!/usr/bin/env bash
# The spreadsheet test (tests/test_formula_office.py) opens the published CSV and XLSX files in a real
# LibreOffice. Install Debian's headless LibreOffice when missing and we may; otherwise stop with a clear
# message. Never downloads an office suite of its own.
set -euo pipefail
command -v soffice >/dev/null && exit 0
packages=(libreoffice-calc-nogui libreoffice-writer-nogui)
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing ${packages[*]} with apt-get (the spreadsheet test needs LibreOffice) ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
else
  echo "The spreadsheet test needs LibreOffice (soffice)." >&2
  echo "Install it with:  sudo apt-get install -y ${packages[*]}" >&2
  exit 1
fi
