/**
 * Alertmanager's label-set fingerprint: 64-bit FNV-1a over the label names sorted by
 * byte order, each name and each value followed by the byte 0xFF, printed as 16 lowercase
 * hex digits. The same labels give the same id as Alertmanager would.
 *
 * The 64-bit arithmetic runs on two 32-bit halves: FNV's prime is 2^40 + 0x1b3, so
 * h * prime = h * 0x1b3 + (h << 40), and every partial product stays below 2^53.
 */

const SEPARATOR = 0xff;
const PRIME_LOW = 0x1b3;
const TWO_32 = 0x1_0000_0000;
const encoder = new TextEncoder();

function byteOrder(a: string, b: string): number {
  // Go sorts label names as byte strings; UTF-16 code unit order differs only past the BMP.
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export function alertmanagerFingerprint(labels: Readonly<Record<string, string>>): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const add = (byte: number) => {
    lo = (lo ^ byte) >>> 0;
    const low = lo * PRIME_LOW;
    const carry = Math.floor(low / TWO_32);
    hi = (hi * PRIME_LOW + carry + ((lo << 8) >>> 0)) % TWO_32;
    lo = low % TWO_32;
  };
  const names = Object.keys(labels).sort(byteOrder);
  for (const name of names) {
    for (const byte of encoder.encode(name)) add(byte);
    add(SEPARATOR);
    for (const byte of encoder.encode(labels[name] ?? '')) add(byte);
    add(SEPARATOR);
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
