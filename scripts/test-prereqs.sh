#!/usr/bin/env bash
# What `make test` needs besides Python: Debian's postgresql (a throwaway server
# for the storage and pipeline tests) and chromium (the review app's browser
# tests). Checked before anything else runs: missing packages are installed
# when this runs as root with apt-get (as .ci/run does), otherwise the exact
# command to run is printed and the script stops at once (exit 3).
# CALLQA_PREREQS_INSTALL=0 never installs; CALLQA_CHROMIUM names another browser.
set -euo pipefail

chromium=${CALLQA_CHROMIUM:-/usr/bin/chromium}
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x "$chromium" ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0

can_install=${CALLQA_PREREQS_INSTALL:-1}
if [ "$can_install" != 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test-prereqs: installing ${need[*]} (apt-get)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    exit 0
fi
echo "test-prereqs: the tests need Debian packages that are missing: ${need[*]}" >&2
[[ " ${need[*]} " == *" chromium "* ]] && echo "  (no browser at $chromium)" >&2
echo "  run:  sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
echo "  then: make test" >&2
exit 3
