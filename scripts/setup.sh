#!/usr/bin/env bash
# Installs what prosody-manager and its tests need, only when missing: Debian packages (as root), npm packages, the build.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
command -v prosodyctl >/dev/null || need_packages+=(prosody)
command -v luarocks >/dev/null || need_packages+=(luarocks)
command -v hg >/dev/null || need_packages+=(mercurial)
[ -f /usr/include/lua5.4/lua.h ] || need_packages+=(liblua5.4-dev)
# The completion tests run the generated scripts in the real shells.
command -v zsh >/dev/null || need_packages+=(zsh)
command -v fish >/dev/null || need_packages+=(fish)
# The e2e suite runs the Ansible role in contrib/ansible with Debian's ansible-core.
command -v ansible-playbook >/dev/null || need_packages+=(ansible-core)
# `apt-get download prosody-modules` (the test fixture) needs package lists even when nothing is missing.
have_lists=$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' 2>/dev/null | head -n 1)

if [ "${#need_packages[@]}" -gt 0 ] || [ -z "$have_lists" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${need_packages[*]:-none} (or package lists); run as root or: sudo apt-get update && sudo apt-get install -y prosody luarocks mercurial liblua5.4-dev ansible-core" >&2
    exit 1
  fi
  echo "setup: apt-get update" >&2
  apt-get update -qq
  if [ "${#need_packages[@]}" -gt 0 ]; then
    echo "setup: installing ${need_packages[*]}" >&2
    # ansible-core alone: its recommended "ansible" collection bundle is large and not needed.
    regular=()
    for package in "${need_packages[@]}"; do [ "$package" = ansible-core ] || regular+=("$package"); done
    [ "${#regular[@]}" -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${regular[@]}" >/dev/null
    if [[ " ${need_packages[*]} " == *" ansible-core "* ]]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ansible-core >/dev/null
    fi
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
