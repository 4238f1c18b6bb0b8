#!/usr/bin/env bash
# Refresh the vendored front-end libraries (no CDN, no Node at run time: DESIGN.md).
#
# Needs npm only while refreshing. Bump a version below, run this script from anywhere,
# check the pages still work, then commit static/vendor/ together with VERSIONS.txt.
#
# The "sourceMappingURL" comment is removed from each minified file: we do not ship the
# .map files, and a dangling reference makes browsers request a missing file and
# ManifestStaticFilesStorage (collectstatic in production) fail.
set -euo pipefail

BOOTSTRAP_VERSION="5.3.9"
HTMX_VERSION="2.0.11"

VENDOR_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK_DIR="$(mktemp -d)"
trap 'rm -rf "$WORK_DIR"' EXIT

cd "$WORK_DIR"
npm pack --silent "bootstrap@${BOOTSTRAP_VERSION}" "htmx.org@${HTMX_VERSION}" --json >pack.json
mkdir bootstrap htmx
tar -xzf "bootstrap-${BOOTSTRAP_VERSION}.tgz" -C bootstrap
tar -xzf "htmx.org-${HTMX_VERSION}.tgz" -C htmx

integrity() {
    # The npm registry's integrity string for one tarball, from `npm pack --json`.
    node -e 'const p = require(process.argv[1]).find((entry) => entry.filename === process.argv[2]); console.log(p.integrity);' \
        "$WORK_DIR/pack.json" "$1"
}

# copy SOURCE DESTINATION: copy a file, dropping any sourceMappingURL comment line.
copy() {
    mkdir -p "$(dirname "$2")"
    grep -v 'sourceMappingURL=' "$1" >"$2" || true
}

rm -rf "$VENDOR_DIR/bootstrap" "$VENDOR_DIR/htmx"
copy bootstrap/package/dist/css/bootstrap.min.css "$VENDOR_DIR/bootstrap/css/bootstrap.min.css"
copy bootstrap/package/dist/js/bootstrap.bundle.min.js "$VENDOR_DIR/bootstrap/js/bootstrap.bundle.min.js"
cp bootstrap/package/LICENSE "$VENDOR_DIR/bootstrap/LICENSE"
copy htmx/package/dist/htmx.min.js "$VENDOR_DIR/htmx/htmx.min.js"
cp htmx/package/LICENSE "$VENDOR_DIR/htmx/LICENSE"

cd "$VENDOR_DIR"
{
    echo "# Vendored front-end libraries. Written by refresh.sh on $(date -u +%Y-%m-%d); do not edit by hand."
    echo "# sha256 is of the file as shipped here (sourceMappingURL comment removed)."
    echo
    echo "package: bootstrap"
    echo "version: ${BOOTSTRAP_VERSION}"
    echo "npm tarball integrity: $(integrity "bootstrap-${BOOTSTRAP_VERSION}.tgz")"
    echo "files (sha256):"
    sha256sum bootstrap/css/bootstrap.min.css bootstrap/js/bootstrap.bundle.min.js bootstrap/LICENSE | sed 's/^/  /'
    echo
    echo "package: htmx.org"
    echo "version: ${HTMX_VERSION}"
    echo "npm tarball integrity: $(integrity "htmx.org-${HTMX_VERSION}.tgz")"
    echo "files (sha256):"
    sha256sum htmx/htmx.min.js htmx/LICENSE | sed 's/^/  /'
} >VERSIONS.txt

echo "Vendored bootstrap ${BOOTSTRAP_VERSION} and htmx.org ${HTMX_VERSION} into ${VENDOR_DIR}"
