#!/usr/bin/env bash
# Set up PHOENIX on a fresh Debian machine: the ESO pipeline packages it drives, then a
# virtual environment with the locked dependencies and PHOENIX itself (editable).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v esorex >/dev/null || need+=(esorex)
dpkg -s cpl-plugin-uves >/dev/null 2>&1 || need+=(cpl-plugin-uves)
dpkg -s cpl-plugin-giraf >/dev/null 2>&1 || need+=(cpl-plugin-giraf)  # gimasterbias, gimasterdark
dpkg -s cpl-plugin-muse >/dev/null 2>&1 || need+=(cpl-plugin-muse)  # muse_bias ... muse_exp_combine
command -v fitsverify >/dev/null || need+=(fitsverify)
[ -x /usr/bin/chromium ] || need+=(chromium)  # the report pages' browser test
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -r requirements.lock
.venv/bin/python -m pip install -q --no-deps -e .
