/**
 * Zip archives of exports (one or several members), read from a Blob by range: the central
 * directory from the end of the file, then one member at a time (stored, or deflate inflated with
 * fflate chunk by chunk into a buffer of its stated size), its CRC-32 and length checked, so a
 * member is held once and the archive never whole. Each data member is then loaded as a file of
 * its own, named `archive.zip/member`. Pure: works in Node (fs.openAsBlob) and the browser.
 */
import { Inflate } from 'fflate';
import { UserError } from '../model/errors';

/** True when the bytes start like a zip archive (a local file header, or the end record of an empty one). */
export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

export interface ZipMember {
  /** Path inside the archive, '/'-separated. */
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the member's local header. */
  offset: number;
}

function refuse(file: string, why: string, member?: string): UserError {
  const where = member ? `${file}: member ${member}` : file;
  return new UserError(`${where}: ${why}`, { file, expected: 'a complete zip archive' });
}

async function bytesAt(blob: Blob, start: number, end: number): Promise<DataView> {
  return new DataView(await blob.slice(start, end).arrayBuffer());
}

/** Members that hold data: not folders, not the macOS resource forks and Finder files zip tools add. */
export function isDataMember(name: string): boolean {
  const base = name.split('/').pop() ?? '';
  return !name.endsWith('/') && !name.startsWith('__MACOSX/') && base !== '.DS_Store' && base !== '';
}

/** The archive's members, from its central directory. */
export async function listZip(file: string, blob: Blob): Promise<ZipMember[]> {
  // The end-of-central-directory record: 22 bytes plus a comment of up to 64 KiB, at the very end.
  const tailStart = Math.max(0, blob.size - 22 - 0xffff);
  const tail = await bytesAt(blob, tailStart, blob.size);
  let eocd = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (tail.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw refuse(file, 'not a complete zip archive (no central directory at the end: truncated?); download it again');
  const count = tail.getUint16(eocd + 10, true);
  const dirSize = tail.getUint32(eocd + 12, true);
  const dirOffset = tail.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff)
    throw refuse(file, 'a Zip64 archive (over 4 GB or 65,535 files) is not supported: unzip it and open the folder');
  if (dirOffset + dirSize > blob.size) throw refuse(file, 'the central directory points past the end of the file (truncated?); download it again');
  const dir = await bytesAt(blob, dirOffset, dirOffset + dirSize);
  const members: ZipMember[] = [];
  const utf8 = new TextDecoder();
  for (let p = 0, i = 0; i < count; i++) {
    if (p + 46 > dir.byteLength || dir.getUint32(p, true) !== 0x02014b50)
      throw refuse(file, `central directory entry ${i + 1} is damaged; download it again`);
    const nameLen = dir.getUint16(p + 28, true);
    const extraLen = dir.getUint16(p + 30, true);
    const commentLen = dir.getUint16(p + 32, true);
    const name = utf8.decode(new Uint8Array(dir.buffer, dir.byteOffset + p + 46, nameLen));
    members.push({
      name,
      method: dir.getUint16(p + 10, true),
      crc: dir.getUint32(p + 16, true),
      compressedSize: dir.getUint32(p + 20, true),
      size: dir.getUint32(p + 24, true),
      offset: dir.getUint32(p + 42, true),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return members;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(data: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** One member's content, checked against the CRC-32 and length the archive states. */
export async function readZipMember(file: string, blob: Blob, m: ZipMember): Promise<Uint8Array> {
  const local = await bytesAt(blob, m.offset, Math.min(blob.size, m.offset + 30));
  if (local.byteLength < 30 || local.getUint32(0, true) !== 0x04034b50)
    throw refuse(file, 'its local header is missing or damaged; download the archive again', m.name);
  const start = m.offset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  if (start + m.compressedSize > blob.size) throw refuse(file, 'the archive ends inside this member (truncated?); download it again', m.name);
  const body = blob.slice(start, start + m.compressedSize);
  let out: Uint8Array;
  if (m.method === 0) out = new Uint8Array(await body.arrayBuffer());
  else if (m.method === 8) out = await inflateMember(file, body, m);
  else
    throw refuse(
      file,
      `compression method ${m.method} is not supported (expected stored or deflate); re-create the archive with a standard zip tool`,
      m.name,
    );
  if (out.length !== m.size || crc32(out) !== m.crc)
    throw refuse(file, "its content does not match the archive's checksum (corrupt); download the archive again", m.name);
  return out;
}

async function inflateMember(file: string, body: Blob, m: ZipMember): Promise<Uint8Array> {
  const out = new Uint8Array(m.size);
  let n = 0;
  let overflow = false;
  const inflate = new Inflate((chunk) => {
    if (n + chunk.length > out.length) overflow = true;
    else out.set(chunk, n);
    n += chunk.length;
  });
  const reader = body.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      inflate.push(done ? new Uint8Array(0) : value, done);
      if (done) break;
    }
  } catch (e) {
    throw refuse(file, `corrupt deflate data (${e instanceof Error ? e.message : String(e)}); download the archive again`, m.name);
  } finally {
    reader.releaseLock();
  }
  if (overflow || n !== m.size)
    throw refuse(file, `holds ${n} bytes where the archive states ${m.size} (corrupt); download the archive again`, m.name);
  return out;
}
