#!/usr/bin/env bash
# Installs the Debian packages MotCua needs, only those missing. Usage: scripts/setup.sh run|test
set -euo pipefail
profile="${1:-run}"
# python3-aiosmtpd: the local SMTP server (scripts/smtp_sink.py) that receives the demo's and the tests' e-mails.
# poppler-utils: the file store's pdfinfo (pages, encryption of an uploaded PDF; issue 17), and pdftotext in the tests.
# ocrmypdf, tesseract-ocr-vie: the OCR worker's searchable copies of desk scans (issue 17 piece C; bookworm: ocrmypdf
# 14.0.1, tesseract-ocr-vie 4.1.0); tesseract-ocr-osd for --rotate-pages. Installed for run and test alike.
packages=(postgresql postgresql-contrib fonts-noto-core fonts-liberation2 python3-aiosmtpd poppler-utils
  ocrmypdf tesseract-ocr-vie tesseract-ocr-eng tesseract-ocr-osd)
if [ "$profile" = "test" ]; then
  packages+=(chromium zbar-tools)
fi
if [ "$profile" = "bench" ]; then
  packages+=(wrk)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Cài đặt gói còn thiếu: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's postgresql package starts a cluster of its own on port 5432; MotCua runs its own under .motcua/ and does not need it.
command -v dotnet >/dev/null || { echo "Cần .NET SDK 10 (dotnet) trên PATH." >&2; exit 1; }
# vietnam-qr-pay: an independent VietQR parser (npm, MIT) that the tests run with node to check our QR strings
# (tests/node/vietqr-parse.js). Installed into .motcua/node, outside the app; npm works offline from its cache here.
if [ "$profile" = "test" ]; then
  root="$(cd "$(dirname "$0")/.." && pwd)"
  if [ ! -f "$root/.motcua/node/node_modules/vietnam-qr-pay/package.json" ]; then
    command -v npm >/dev/null || { echo "Cần node và npm để cài vietnam-qr-pay." >&2; exit 1; }
    mkdir -p "$root/.motcua/node"
    npm install --prefix "$root/.motcua/node" --no-audit --no-fund --silent vietnam-qr-pay@1.5.1
  fi
  # axe-core: the accessibility engine the tests run in Chromium on the citizens' and the kiosk's pages (AccessibilityTests,
  # issue 17), pinned; npm takes it from its cache when offline, as vietnam-qr-pay.
  if [ ! -f "$root/.motcua/node/node_modules/axe-core/axe.min.js" ]; then
    command -v npm >/dev/null || { echo "Cần node và npm để cài axe-core." >&2; exit 1; }
    mkdir -p "$root/.motcua/node"
    npm install --prefix "$root/.motcua/node" --no-audit --no-fund --silent axe-core@4.14.1
  fi
fi
