// Shared by verify.mjs and sign.mjs: loading the reference implementation and recognising media types.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, WasmBuilder, WasmReader } from '@contentauth/c2pa-wasm';

export { WasmBuilder, WasmReader };

let ready = false;

/** Instantiate the WebAssembly module once per process (synchronously, from node_modules). */
export function initReference() {
  if (ready) return;
  const require = createRequire(import.meta.url);
  initSync({ module: readFileSync(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')) });
  ready = true;
}

const text = (b, at, n) => String.fromCharCode(...b.subarray(at, at + n));

/** Media type from the first bytes, or null: JPEG, PNG, WebP, WAV, MP3, MP4/MOV. */
export function mediaType(b) {
  if (b.length < 12) return null;
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b[0] === 0x89 && text(b, 1, 3) === 'PNG') return 'image/png';
  if (text(b, 0, 4) === 'RIFF') {
    const form = text(b, 8, 4);
    if (form === 'WEBP') return 'image/webp';
    if (form === 'WAVE') return 'audio/wav';
    return null;
  }
  if (text(b, 4, 4) === 'ftyp') {
    const brand = text(b, 8, 4);
    if (brand === 'qt  ') return 'video/quicktime';
    if (brand === 'M4A ') return 'audio/mp4';
    return 'video/mp4';
  }
  if (text(b, 0, 3) === 'ID3') return 'audio/mpeg';
  if (b[0] === 0xff && (b[1] & 0xe0) === 0xe0) return 'audio/mpeg'; // MPEG audio frame sync
  return null;
}

/** Extension for a media type (used for output names). */
export const EXTENSION = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'audio/wav': 'wav',
  'audio/mpeg': 'mp3', 'video/mp4': 'mp4', 'video/quicktime': 'mov', 'audio/mp4': 'm4a',
};

// The Builder reads its source through the browser's Blob + FileReaderSync. Node has no synchronous
// Blob reader, so sources are handed over as an in-memory object with the same surface.
class MemoryBlob {
  constructor(bytes) { this.bytes = bytes; }
  get size() { return this.bytes.length; }
  get type() { return ''; }
  slice(start = 0, end = this.bytes.length) { return new MemoryBlob(this.bytes.subarray(start, end)); }
}

globalThis.FileReaderSync ??= class {
  readAsArrayBuffer(blob) {
    const b = blob.bytes;
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  }
};

export const memoryBlob = (bytes) => new MemoryBlob(bytes);
