#!/usr/bin/env bash
# Runs the core's tests under the oldest and newest Python the hosts ship (3.9, 3.13),
# with only the core's own dependencies installed: proof that `farmhand` stays vendorable.
set -euo pipefail
cd "$(dirname "$0")/.."
ran=0
for version in 3.9 3.13; do
    interpreter=""
    for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version".*/bin/"python$version" "$(command -v "python$version" || true)"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c pass 2>/dev/null; then
            interpreter=$candidate
            break
        fi
    done
    if [ -z "$interpreter" ]; then
        echo "core-compat: python$version not available, skipped"
        continue
    fi
    venv=".venv-py$version"
    stamp="$venv/.installed"
    if [ ! -x "$venv/bin/python" ]; then
        "$interpreter" -m venv "$venv"
    fi
    # (Re)install when the pins change, not only when the environment is new.
    if [ ! -f "$stamp" ] || [ requirements/compat.txt -nt "$stamp" ]; then
        "$venv/bin/pip" install -q --upgrade pip
        "$venv/bin/pip" install -q -r requirements/compat.txt
        touch "$stamp"
    fi
    echo "core-compat: running tests/core on python$version"
    PYTHONPATH=core "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/core
    ran=$((ran + 1))
done
echo "core-compat: ran on $ran interpreter(s)"
