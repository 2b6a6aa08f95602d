#!/usr/bin/env node
// Golden probabilities for the ONNX fidelity test (classifier-models ModelFidelityTest).
//
//   npm ci && node golden.mjs OUT.json
//
// Runs the original nsfwjs 4.4.0 models (TensorFlow.js 4.22.0, WASM backend, batch 1) on
// deterministic input tensors and writes their probabilities. The tensors are the model input
// itself (float32 NHWC, values v / 255 with v an integer 0..255), fed to nsfwjs's model.predict as
// nsfwjs's own infer() does after preprocessing; the Java test builds the same tensors from the
// same formulas (keep the two in step: GoldenInputs.java) and compares ONNX Runtime's output.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const log = (...a) => process.stderr.write(a.join(" ") + "\n");
console.log = log; // tfjs and nsfwjs print banners; keep stdout clean
console.info = log;
console.warn = log;

const here = path.dirname(new URL(import.meta.url).pathname);
const catalogue = JSON.parse(fs.readFileSync(path.join(here, "..", "models.json"), "utf8"));
const packageVersion = (name) =>
  JSON.parse(fs.readFileSync(path.join(here, "node_modules", name, "package.json"), "utf8")).version;

// One 32-bit linear congruential generator (Numerical Recipes constants); value = top 8 bits.
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s >>> 24;
  };
}

// The patterns: name -> (S) -> function (x, y, c) giving an integer 0..255.
const PATTERNS = {
  // uniform noise: the LCG called once per value, in NHWC order
  "noise-1": () => lcg(1),
  "noise-2": () => lcg(2),
  "blocks-3": (S) => {
    // a 16x16-pixel block mosaic, block colours drawn row-major from the LCG
    const n = Math.ceil(S / 16), next = lcg(3), colours = [];
    for (let i = 0; i < n * n * 3; i++) colours.push(next());
    return (x, y, c) => colours[((y >> 4) * n + (x >> 4)) * 3 + c];
  },
  "gradient": (S) => (x, y, c) =>
    c === 0 ? Math.floor((x * 255) / (S - 1)) : c === 1 ? Math.floor((y * 255) / (S - 1)) : Math.floor(((x + y) * 255) / (2 * S - 2)),
  "radial": (S) => {
    const max = 2 * (S - 1) * (S - 1);
    return (x, y, c) => {
      const dx = 2 * x - (S - 1), dy = 2 * y - (S - 1);
      const d = Math.floor(((dx * dx + dy * dy) * 255) / (2 * max));
      return c === 0 ? 255 - Math.min(255, d) : c === 1 ? Math.min(255, d) : 128;
    };
  },
  "skin": (S) => (x, y, c) =>
    c === 0 ? 180 + Math.floor((x * 60) / (S - 1)) : c === 1 ? 120 + Math.floor((y * 60) / (S - 1)) : 90 + Math.floor(((x + y) * 40) / (2 * S - 2)),
  "clouds-4": (S) => {
    // smooth value noise: LCG values on a 33x33 grid every 32 pixels (row-major, 3 per point),
    // interpolated bilinearly in integers, mapped to warm tones
    const next = lcg(4), grid = [];
    for (let i = 0; i < 33 * 33 * 3; i++) grid.push(next());
    const g = (gx, gy, c) => grid[(gy * 33 + gx) * 3 + c];
    const base = [150, 90, 60], span = [105, 110, 100];
    return (x, y, c) => {
      const gx = x >> 5, gy = y >> 5, fx = x & 31, fy = y & 31;
      const v = (g(gx, gy, c) * (32 - fx) * (32 - fy) + g(gx + 1, gy, c) * fx * (32 - fy) +
        g(gx, gy + 1, c) * (32 - fx) * fy + g(gx + 1, gy + 1, c) * fx * fy) >> 10;
      return base[c] + Math.floor((v * span[c]) / 255);
    };
  },
  "stripes": (S) => (x, y, c) => (Math.floor((x + 2 * y + 4 * c) / 12) % 2 === 0 ? 230 : 25),
};

// Builds the integer pixel values (NHWC, one image) and their FNV-1a 32-bit checksum.
function pixels(pattern, S) {
  const f = PATTERNS[pattern](S);
  const v = new Uint8Array(S * S * 3);
  let i = 0;
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) for (let c = 0; c < 3; c++) v[i++] = f(x, y, c);
  let h = 0x811c9dc5;
  for (const b of v) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return { v, fnv1a: h.toString(16).padStart(8, "0") };
}

async function main() {
  const out = process.argv[2];
  if (!out) {
    log("usage: node golden.mjs OUT.json");
    process.exit(2);
  }
  const tf = await import("@tensorflow/tfjs");
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  wasm.setWasmPaths(path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep);
  await tf.setBackend("wasm");
  await tf.ready();
  const nsfwjs = await import("nsfwjs");
  const versions = {
    nsfwjs: packageVersion("nsfwjs"),
    tfjs: tf.version.tfjs,
    backend: `${tf.getBackend()} (@tensorflow/tfjs-backend-wasm ${packageVersion("@tensorflow/tfjs-backend-wasm")})`,
    node: process.version,
  };

  const inputs = {};
  const models = {};
  for (const entry of catalogue.models) {
    const S = entry.size;
    const model = await nsfwjs.load(entry.nsfwjsName); // nsfwjs's own definition sets the size
    if (model.options.size !== S) throw new Error(`${entry.id}: nsfwjs uses size ${model.options.size}, the catalogue ${S}`);
    const probs = {};
    for (const pattern of Object.keys(PATTERNS)) {
      const { v, fnv1a } = pixels(pattern, S);
      inputs[`${pattern}@${S}`] = { pattern, size: S, fnv1a };
      const x = Float32Array.from(v, (b) => b / 255);
      const y = tf.tidy(() => model.model.predict(tf.tensor4d(x, [1, S, S, 3])));
      probs[pattern] = Array.from(await y.data());
      y.dispose();
      log(`${entry.id} ${pattern}: ${probs[pattern].map((p) => p.toFixed(4)).join(" ")}`);
    }
    models[entry.id] = { size: S, probs };
    model.dispose?.();
  }
  const golden = {
    description: "nsfwjs probabilities on deterministic input tensors; see classifier-models/scripts/golden/golden.mjs",
    versions,
    labels: catalogue.labels,
    inputs,
    models,
  };
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  // one line per array of numbers or strings
  const text = JSON.stringify(golden, null, 1).replace(/\[\n\s*([^[\]{}]*?)\n\s*\]/g, (_, body) => `[${body.split(/,\n\s*/).join(", ")}]`);
  fs.writeFileSync(out, text + "\n");
  log(`wrote ${out}`);
}

main().catch((e) => {
  log(e.stack || String(e));
  process.exit(1);
});
