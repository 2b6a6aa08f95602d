#!/usr/bin/env bash
# The image classifier benchmark on the CUDA execution provider (docs/benchmarks.md, "Image classifier", CUDA).
# Run from the repository root on a machine with an NVIDIA GPU, its driver, the CUDA 12 runtime and cuDNN 9
# (what ONNX Runtime 1.29.0's onnxruntime_gpu links: libcudart.so.12, libcublas(Lt).so.12, libcurand.so.10,
# libcudnn.so.9), JDK 17 and Maven:
#
#   bench/scripts/cuda-bench.sh [OUT_DIR]          # default OUT_DIR: bench/target/cuda-bench
#
# It builds the bench with the gpu profile (onnxruntime_gpu instead of onnxruntime, as the classifier-service's
# own gpu profile does), then runs ImageClassifierReport with --provider cuda (which fails rather than fall back
# to the CPU) and, for comparison on the same machine, --provider cpu. Results: OUT_DIR/cuda.md, OUT_DIR/cpu.md,
# OUT_DIR/environment.txt (nvidia-smi, CPU, JDK). SECONDS_PER_FIGURE (default 10) sets each figure's time.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=${1:-bench/target/cuda-bench}
secs=${SECONDS_PER_FIGURE:-10}
mkdir -p "$out"

{
  date -u
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 || echo "nvidia-smi not found"
  ldconfig -p 2>/dev/null | grep -E 'libcudart\.so\.12|libcublas\.so\.12|libcudnn\.so\.9' || echo "CUDA 12 / cuDNN 9 libraries not in ldconfig (LD_LIBRARY_PATH: ${LD_LIBRARY_PATH:-})"
  nproc; grep -m1 'model name' /proc/cpuinfo || true
  java -version 2>&1 | head -1
} | tee "$out/environment.txt"

echo "==> building the bench with the gpu profile (onnxruntime_gpu; the jar is about 640 MB)"
mvn -B -ntp -q -Pgpu -pl bench -am package -DskipTests

jar=bench/target/benchmarks.jar
echo "==> CUDA"
java -Xmx4g -cp "$jar" io.safetyplane.bench.ImageClassifierReport --provider cuda --seconds "$secs" \
  --batches 1,8,16,32,64 --clients 1,2,16,32 --skip-benign --out "$out/cuda.md"
echo "==> CPU, same machine and build"
java -Xmx4g -cp "$jar" io.safetyplane.bench.ImageClassifierReport --provider cpu --seconds "$secs" \
  --batches 1,8,16 --clients 1,2,16 --skip-benign --out "$out/cpu.md"
echo "==> results in $out (cuda.md, cpu.md, environment.txt)"
