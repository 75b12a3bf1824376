/**
 * SHA-256 from @noble/hashes (audited, synchronous, no node:crypto), so proposal ids and the audit
 * chain are the same in Node and in the renderer without an async WebCrypto call.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** SHA-256 of a string's UTF-8 bytes, as lowercase hex. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/**
 * A canonical, order-independent text for a JSON-like value: object keys sorted, no whitespace.
 * Two findings with the same evidence give the same text whatever order their fields came in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalJson(obj[k])).join(',') + '}';
  }
  return JSON.stringify(value);
}

/** Deterministic proposal id: SHA-256 over the finding's canonical evidence, shortened to 80 bits. */
export function proposalId(basis: unknown): string {
  return 'prp_' + sha256Hex(canonicalJson(basis)).slice(0, 20);
}
