#!/usr/bin/env node
// nsfwjs in Node on the image classifier benchmark's images: images per second end to end (decode with
// jpeg-js/pngjs, then nsfwjs' own classify path: /255, bilinear align-corners resize to 224, infer), batch 1,
// on the TensorFlow.js WASM backend (single-threaded SIMD in Node) or the pure-JS cpu backend.
//
//   cd bench/scripts && npm ci
//   java -cp ../target/benchmarks.jar io.safetyplane.bench.ImageClassifierReport --write-images /tmp/clf-images
//   node nsfwjs-bench.mjs [--backend wasm|cpu] [--model MobileNetV2] [--seconds 20] [--scores] /tmp/clf-images
//
// Prints the figures on stdout (one summary line per measurement); --scores also prints each image's
// probabilities as JSON lines. Only the files directly in the folder are used (not benign/).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const err = (...a) => process.stderr.write(a.join(" ") + "\n");
console.log = err; // tfjs and nsfwjs print banners
console.info = err;
console.warn = err;
const out = (s) => process.stdout.write(s + "\n");

const opt = { backend: "wasm", model: "MobileNetV2", seconds: 20, scores: false, dir: null };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--backend") opt.backend = argv[++i];
  else if (a === "--model") opt.model = argv[++i];
  else if (a === "--seconds") opt.seconds = Number(argv[++i]);
  else if (a === "--scores") opt.scores = true;
  else opt.dir = a;
}
if (!opt.dir) {
  err("usage: node nsfwjs-bench.mjs [--backend wasm|cpu] [--model MobileNetV2|MobileNetV2Mid|InceptionV3] [--seconds S] [--scores] DIR");
  process.exit(2);
}

const tf = await import("@tensorflow/tfjs");
if (opt.backend === "wasm") {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep);
}
await tf.setBackend(opt.backend);
await tf.ready();
const nsfwjs = await import("nsfwjs");
const jpeg = (await import("jpeg-js")).default;
const { PNG } = await import("pngjs");

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// packed RGB, alpha dropped (as tf.node.decodeImage(buf, 3))
function decode(buf) {
  let img;
  if (buf[0] === 0xff && buf[1] === 0xd8) img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true });
  else if (buf.subarray(0, 8).equals(PNG_MAGIC)) img = PNG.sync.read(buf);
  else throw new Error("not a JPEG or PNG");
  const n = img.width * img.height;
  const rgb = new Uint8Array(n * 3);
  for (let i = 0, j = 0; j < n * 3; i += 4, j += 3) {
    rgb[j] = img.data[i];
    rgb[j + 1] = img.data[i + 1];
    rgb[j + 2] = img.data[i + 2];
  }
  return tf.tensor3d(rgb, [img.height, img.width, 3], "int32");
}

const files = fs.readdirSync(opt.dir).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().map((f) => path.join(opt.dir, f));
const bytes = files.map((f) => fs.readFileSync(f));
const t0 = performance.now();
const model = await nsfwjs.load(opt.model);
err(`loaded ${opt.model} on ${tf.getBackend()} in ${(performance.now() - t0).toFixed(0)} ms; ${files.length} images from ${opt.dir}`);

if (opt.scores) {
  for (let i = 0; i < files.length; i++) {
    const img = decode(bytes[i]);
    const preds = await model.classify(img, 5);
    img.dispose();
    out(JSON.stringify({ file: path.basename(files[i]), probs: Object.fromEntries(preds.map((p) => [p.className, p.probability])) }));
  }
}

// one image end to end: decode, then classify (nsfwjs: toFloat, /255, resize, infer, read the probabilities)
async function one(k) {
  const img = decode(bytes[k % bytes.length]);
  const p = await model.classify(img, 5);
  img.dispose();
  return p;
}
// the same without decoding: the image tensor is decoded once
const decoded = bytes.map(decode);
async function inferOnly(k) {
  return model.classify(decoded[k % decoded.length], 5);
}
// decode alone
async function decodeOnly(k) {
  decode(bytes[k % bytes.length]).dispose();
}

async function measure(name, step) {
  const warm = performance.now() + (opt.seconds / 4) * 1000;
  let k = 0;
  while (performance.now() < warm) await step(k++);
  const c0 = process.cpuUsage();
  const start = performance.now();
  const end = start + opt.seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    await step(k++);
    n++;
  }
  const ms = performance.now() - start;
  const c = process.cpuUsage(c0);
  out(`${name}: ${n} images in ${(ms / 1000).toFixed(1)} s: ${((n * 1000) / ms).toFixed(1)} images/s, ` +
      `${(ms / n).toFixed(2)} ms/image wall, ${((c.user + c.system) / 1000 / n).toFixed(2)} ms/image process CPU ` +
      `(nsfwjs ${opt.model}, backend ${tf.getBackend()}, batch 1)`);
}

await measure("end to end (decode + classify)", one);
await measure("classify only (decoded once)", inferOnly);
await measure("decode only (jpeg-js/pngjs)", decodeOnly);
const la = fs.existsSync("/proc/loadavg") ? fs.readFileSync("/proc/loadavg", "utf8").trim() : "";
out(`load average at end: ${la}`);
decoded.forEach((t) => t.dispose());
model.dispose();
