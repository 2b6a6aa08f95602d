#!/usr/bin/env node
// Benchmark of the C2PA reference implementation's own signing (c2pa-rs Builder compiled to
// WebAssembly), with a manifest like the one the Java signer writes: claim v2, one c2pa.actions.v2
// assertion (c2pa.created, trainedAlgorithmicMedia, softwareAgent bench-model 1.0), ES256, no
// thumbnail, no timestamp. Prints one JSON line per file.
//
//   node sign.mjs --cert chain.pem --key key.pem [--seconds S] [--no-timestamp] [--out DIR] file...
//
// The Builder lays out the manifest store, computes the hard binding and embeds the store; its
// signer callback receives the claim bytes and must return the complete COSE_Sign1 (tag 18) of
// exactly reserveSize bytes, so the COSE structure is assembled here around a Node crypto ES256
// signature (IEEE P1363 r||s).

import { createPrivateKey, sign as ecSign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { EXTENSION, initReference, mediaType, memoryBlob, WasmBuilder } from './reference.mjs';

const USAGE = 'usage: node sign.mjs --cert chain.pem --key key.pem [--seconds S] [--no-timestamp] [--out DIR] file...';

// ------------------------------------------------------------------ CBOR, just what COSE_Sign1 needs

function cborHead(major, n) {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

function cbor(v) {
  if (v === null) return Buffer.from([0xf6]);
  if (typeof v === 'number') return v >= 0 ? cborHead(0, v) : cborHead(1, -1 - v);
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    return Buffer.concat([cborHead(3, s.length), s]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([cborHead(2, v.length), v]);
  if (Array.isArray(v)) return Buffer.concat([cborHead(4, v.length), ...v.map(cbor)]);
  if (v instanceof Map) {
    return Buffer.concat([cborHead(5, v.size), ...[...v].flatMap(([k, x]) => [cbor(k), cbor(x)])]);
  }
  throw new Error(`no CBOR encoding for ${typeof v}`);
}

// ------------------------------------------------------------------ ES256 COSE_Sign1 signer

const PAD = 1000; // bytes of padding reserved besides the signature (a 2-byte-length pad: no size gaps)

function es256Signer(chainPem, keyPem) {
  const certs = [...chainPem.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g)]
    .map((m) => Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
  if (certs.length === 0) throw new Error('no certificate in the chain PEM');
  const key = createPrivateKey(keyPem);
  // protected header {1 (alg): -7 (ES256), 33 (x5chain): [leaf, intermediates...]}
  const protectedHeader = cbor(new Map([[1, -7], [33, certs.length === 1 ? certs[0] : certs]]));
  const coseSign1 = (signature, padLength) => Buffer.concat([
    Buffer.from([0xd2]), // tag 18
    cbor([protectedHeader, new Map([['pad', new Uint8Array(padLength)]]), null, signature]),
  ]);
  const reserveSize = coseSign1(new Uint8Array(64), PAD).length;
  return {
    alg: 'es256',
    reserveSize,
    sign: async (claim) => {
      const toBeSigned = cbor(['Signature1', protectedHeader, new Uint8Array(0), claim]);
      const signature = ecSign('sha256', toBeSigned, { key, dsaEncoding: 'ieee-p1363' });
      const out = coseSign1(signature, PAD);
      if (out.length !== reserveSize) throw new Error(`COSE_Sign1 is ${out.length} bytes, reserved ${reserveSize}`);
      return new Uint8Array(out);
    },
  };
}

// ------------------------------------------------------------------ benchmark

const CONTEXT = JSON.stringify({
  builder: { thumbnail: { enabled: false } },
  verify: { verify_after_sign: false, remote_manifest_fetch: false, ocsp_fetch: false },
});

function manifest(title, format) {
  return JSON.stringify({
    claim_version: 2,
    claim_generator_info: [{ name: 'safety-plane-reference-bench', version: '0.1.0' }],
    title,
    format,
    assertions: [{
      label: 'c2pa.actions.v2',
      data: {
        actions: [{
          action: 'c2pa.created',
          digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
          softwareAgent: { name: 'bench-model', version: '1.0' },
        }],
      },
    }],
  });
}

async function signOnce(signer, bytes, format, title) {
  const builder = WasmBuilder.fromJson(manifest(title, format), CONTEXT);
  try {
    return await builder.sign(signer, [], format, memoryBlob(bytes));
  } finally {
    builder.free();
  }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
const round = (x, digits) => Number(x.toFixed(digits));

async function bench(file, signer, seconds, outDir) {
  const bytes = new Uint8Array(readFileSync(file));
  const format = mediaType(bytes);
  if (!format) return { file, error: 'unrecognised media type' };
  const name = basename(file, extname(file));
  let first;
  try {
    first = await signOnce(signer, bytes, format, basename(file));
  } catch (e) {
    return { file, error: `reference Builder cannot sign ${format}: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `${name}.ref-signed.${EXTENSION[format] ?? 'bin'}`), first);
  }
  const warmUpEnd = performance.now() + (seconds * 1000) / 3;
  while (performance.now() < warmUpEnd) await signOnce(signer, bytes, format, basename(file));

  const times = [];
  const end = performance.now() + seconds * 1000;
  do {
    const t0 = performance.now();
    await signOnce(signer, bytes, format, basename(file));
    times.push(performance.now() - t0);
  } while (performance.now() < end);
  times.sort((a, b) => a - b);
  const median = percentile(times, 0.5);
  return {
    file,
    bytes: bytes.length,
    iterations: times.length,
    msMedian: round(median, 3),
    msP99: round(percentile(times, 0.99), 3),
    mbPerSecond: round(bytes.length / 1e6 / (median / 1000), 2),
  };
}

async function main(argv) {
  const o = { seconds: 3, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--cert') o.cert = value();
    else if (a === '--key') o.key = value();
    else if (a === '--seconds') o.seconds = Number(value());
    else if (a === '--out') o.out = value();
    else if (a === '--no-timestamp') o.noTimestamp = true; // the only mode: no TSA is ever contacted
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.files.push(a);
  }
  if (!o.cert || !o.key || o.files.length === 0 || !(o.seconds > 0)) throw new Error(USAGE);

  const signer = es256Signer(readFileSync(o.cert, 'utf8'), readFileSync(o.key, 'utf8'));
  initReference();
  console.log = console.error; // keep stdout for results only
  for (const f of o.files) {
    let result;
    try {
      result = await bench(f, signer, o.seconds, o.out);
    } catch (e) {
      result = { file: f, error: e instanceof Error ? e.message : String(e) };
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

try {
  await main(process.argv.slice(2));
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
}
