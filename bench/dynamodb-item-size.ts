/**
 * An item's size as DynamoDB counts it for capacity units, from the item as the document client
 * takes it (plain values): attribute names and strings in UTF-8 bytes, a number about one byte
 * per two significant digits plus one, binary its bytes, a boolean or null 1, a list or map 3
 * plus 1 per element (sets: their elements).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */

function numberBytes(value: number | bigint): number {
  const digits = String(value).replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

export function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberBytes(value);
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + valueBytes(element), 0);
  if (Array.isArray(value)) return value.reduce((sum: number, element) => sum + 1 + valueBytes(element), 3);
  if (typeof value === 'object' && value !== undefined) return 3 + attributesBytes(value);
  return 0;
}

/** The attributes' names and values; undefined ones are not stored (removeUndefinedValues). */
function attributesBytes(attributes: object): number {
  return Object.entries(attributes).reduce(
    (sum, [name, value]) => (value === undefined ? sum : sum + Buffer.byteLength(name) + 1 + valueBytes(value)),
    0,
  );
}

/** The size of a whole item: its attributes, names included (no map overhead at the top). */
export function itemBytes(item: Readonly<Record<string, unknown>>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => (value === undefined ? sum : sum + Buffer.byteLength(name) + valueBytes(value)),
    0,
  );
}
