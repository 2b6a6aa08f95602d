# Debian's python3-onnx and python3-numpy, which classifier-models' build uses to convert the
# nsfwjs models to ONNX (scripts/convert.py runs under /usr/bin/python3, or SAFETYPLANE_PYTHON).
# Source this file, then: onnx_install.

onnx_python() {
  if [ -n "${SAFETYPLANE_PYTHON:-}" ]; then echo "$SAFETYPLANE_PYTHON";
  elif [ -x /usr/bin/python3 ]; then echo /usr/bin/python3;
  else command -v python3 || true; fi
}

onnx_install() {
  local python
  python=$(onnx_python)
  if [ -n "$python" ] && "$python" -c "import onnx, numpy" >/dev/null 2>&1; then
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "python3-onnx and python3-numpy are not installed; install Debian's python3-onnx and python3-numpy (as root) and run again" >&2
    return 1
  fi
  echo "installing python3-onnx and python3-numpy from Debian's packages"
  apt-get install -y -q --no-install-recommends python3-onnx python3-numpy >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends python3-onnx python3-numpy >/dev/null; }
}
