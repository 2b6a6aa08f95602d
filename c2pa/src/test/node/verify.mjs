#!/usr/bin/env node
// Validate files with the C2PA reference implementation (c2pa-rs compiled to WebAssembly) and print
// one JSON line per file. Offline: remote manifests and OCSP responses are never fetched.
//
//   node verify.mjs [--trust-anchors root.pem] file...
//   node verify.mjs --serve [--trust-anchors root.pem]
//       reads {"file": "...", "trustAnchors": "root.pem" | null} per stdin line, answers one line each
//
// Exit status: 0 (whatever the verdicts), 1 if a file could not be read, 2 on a usage error.

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { initReference, mediaType, WasmReader } from './reference.mjs';

const USAGE = 'usage: node verify.mjs [--trust-anchors root.pem] file...\n'
  + '       node verify.mjs --serve [--trust-anchors root.pem]';

const message = (e) => (e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e));

function settingsJson(trustAnchors) {
  const settings = { verify: { remote_manifest_fetch: false, ocsp_fetch: false } };
  if (trustAnchors) settings.trust = { trust_anchors: readFileSync(trustAnchors, 'utf8') };
  return JSON.stringify(settings);
}

// "self#jumbf=c2pa.assertions/c2pa.hash.data" -> "c2pa.hash.data"
const assertionLabel = (url) => url.slice(url.lastIndexOf('/') + 1);

function claimAssertionLabels(reader, label, manifest) {
  try {
    const cr = JSON.parse(reader.crJson());
    const m = (cr.manifests ?? []).find((x) => x.label === label);
    const claim = m?.['claim.v2'] ?? m?.claim;
    const refs = claim?.created_assertions
      ? [...claim.created_assertions, ...(claim.gathered_assertions ?? [])]
      : claim?.assertions;
    if (refs) return refs.map((r) => assertionLabel(r.url));
  } catch {
    // fall through: the manifest view lists the assertions without the hash bindings
  }
  return (manifest?.assertions ?? []).map((a) => a.label);
}

function firstAction(manifest) {
  for (const a of manifest?.assertions ?? []) {
    if (!/^c2pa\.actions(\.v\d+)?$/.test(a.label)) continue;
    const actions = a.data?.actions ?? [];
    return actions.find((x) => x.action === 'c2pa.created') ?? actions[0] ?? null;
  }
  return null;
}

function agentText(agent) {
  if (agent == null) return null;
  if (typeof agent === 'string') return agent;
  return [agent.name, agent.version].filter(Boolean).join('/') || null;
}

function empty(file) {
  return {
    file, manifestPresent: false, validationState: null, activeManifest: null, claimVersion: null,
    claimGenerator: null, assertions: [], digitalSourceType: null, softwareAgent: null,
    failureCodes: [], successCodes: [], informationalCodes: [], error: null,
  };
}

async function verify(file, settings) {
  const out = empty(file);
  let bytes;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    out.error = `cannot read ${file}: ${message(e)}`;
    out.ioError = true;
    return out;
  }
  const type = mediaType(bytes);
  if (!type) {
    out.error = 'unrecognised media type';
    return out;
  }
  let reader;
  try {
    reader = await WasmReader.fromBytes(type, bytes, settings);
  } catch (e) {
    const text = message(e);
    // JumbfNotFound / ProvenanceMissing: a plain file without a manifest is a normal outcome
    if (!/JumbfNotFound|ProvenanceMissing/.test(text)) out.error = text;
    return out;
  }
  try {
    const store = JSON.parse(reader.json());
    const label = store.active_manifest ?? reader.activeLabel() ?? null;
    const manifest = label ? store.manifests?.[label] : null;
    const results = store.validation_results?.activeManifest;
    const codes = (list) => (list ?? []).map((s) => s.code);
    const action = firstAction(manifest);
    const generator = manifest?.claim_generator
      ?? (manifest?.claim_generator_info ?? []).map(agentText).filter(Boolean).join(' ');
    Object.assign(out, {
      manifestPresent: true,
      validationState: store.validation_state ?? null,
      activeManifest: label,
      claimVersion: manifest?.claim_version ?? null,
      claimGenerator: generator || null,
      assertions: claimAssertionLabels(reader, label, manifest),
      digitalSourceType: action?.digitalSourceType ?? null,
      softwareAgent: agentText(action?.softwareAgent),
      failureCodes: results ? codes(results.failure) : codes(store.validation_status),
      successCodes: codes(results?.success),
      informationalCodes: codes(results?.informational),
    });
  } catch (e) {
    out.manifestPresent = true;
    out.error = message(e);
  } finally {
    reader.free();
  }
  return out;
}

const emit = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

async function serve(defaultAnchors) {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let file = null;
    try {
      const req = JSON.parse(line);
      file = req.file;
      if (typeof file !== 'string') throw new Error('request needs "file"');
      const anchors = req.trustAnchors === undefined ? defaultAnchors : req.trustAnchors;
      const result = await verify(file, settingsJson(anchors)); // anchors re-read: tests may rewrite them
      delete result.ioError;
      emit(result);
    } catch (e) {
      emit({ ...empty(file), error: message(e) });
    }
  }
}

async function main(argv) {
  let anchors = null;
  let serving = false;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--trust-anchors' && i + 1 < argv.length) anchors = argv[++i];
    else if (a === '--serve') serving = true;
    else if (a === '-h' || a === '--help') { console.log(USAGE); return 0; }
    else if (a.startsWith('--')) { console.error(`unknown option ${a}\n${USAGE}`); return 2; }
    else files.push(a);
  }
  if (serving === (files.length > 0)) { console.error(USAGE); return 2; }

  initReference();
  // keep stdout for results only
  console.log = console.error;
  if (serving) {
    await serve(anchors);
    return 0;
  }
  let settings;
  try {
    settings = settingsJson(anchors);
  } catch (e) {
    console.error(`cannot read trust anchors: ${message(e)}`);
    return 2;
  }
  let status = 0;
  for (const f of files) {
    const result = await verify(f, settings);
    if (result.ioError) status = 1;
    delete result.ioError;
    emit(result);
  }
  return status;
}

process.exitCode = await main(process.argv.slice(2));
