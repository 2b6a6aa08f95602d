#!/usr/bin/env node
// Extracts the models of the nsfwjs npm package into plain TF.js artifacts.
//
//   node extract-models.cjs CATALOGUE PACKAGE_DIR OUT_DIR
//
// CATALOGUE is models.json (the ids and source folders). nsfwjs ships each model as browserify UMD
// bundles under dist/models/<name>/: model.min.js exports the model.json object, and each
// group1-shardNofM.min.js exports one base64 string, a binary weight shard. For every model this
// writes OUT_DIR/<id>/model.json and OUT_DIR/<id>/weights.bin: the shards decoded and concatenated
// in manifest order, exactly as tfjs concatenates them before reading the weights.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

function main() {
  const [catalogueFile, pkg, out] = process.argv.slice(2);
  if (!catalogueFile || !pkg || !out) {
    process.stderr.write("usage: node extract-models.cjs CATALOGUE PACKAGE_DIR OUT_DIR\n");
    process.exit(2);
  }
  const catalogue = JSON.parse(fs.readFileSync(catalogueFile, "utf8"));
  for (const entry of catalogue.models) {
    const dir = path.resolve(pkg, entry.source);
    // The folder carries a package.json with "type": "commonjs", so require() runs the UMD bundles.
    const model = require(path.join(dir, "model.min.js"));
    if (!model || !model.modelTopology || !Array.isArray(model.weightsManifest)) {
      throw new Error(`${entry.id}: ${entry.source}/model.min.js did not export a model.json object`);
    }
    const shards = [];
    for (const group of model.weightsManifest) {
      for (const p of group.paths) {
        const base64 = require(path.join(dir, `${p}.min.js`));
        if (typeof base64 !== "string") throw new Error(`${entry.id}: ${p}.min.js did not export a string`);
        shards.push(Buffer.from(base64, "base64"));
      }
    }
    const weights = Buffer.concat(shards);
    const target = path.join(out, entry.id);
    fs.mkdirSync(target, { recursive: true });
    fs.writeFileSync(path.join(target, "model.json"), JSON.stringify(model, null, 1) + "\n");
    fs.writeFileSync(path.join(target, "weights.bin"), weights);
    const format = model.format || "layers-model";
    process.stderr.write(`extracted ${entry.id}: ${format}, ${shards.length} shard(s), ${weights.length} weight bytes\n`);
  }
}

main();
