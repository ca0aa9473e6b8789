#!/usr/bin/env bash
# Installs the Debian 12 packages futurescope needs, only those missing (fast when all are there).
# Runs apt-get as root, or through sudo when not root.
set -euo pipefail

packages=(
    build-essential g++ clang libclang-rt-14-dev clang-format clang-tidy cmake ninja-build pkg-config
    nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
    libimgui-dev libglfw3-dev libstb-dev libgl-dev libopengl-dev
    xvfb xauth libgl1-mesa-dri fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
    as_root=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
