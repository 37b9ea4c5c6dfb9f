/**
 * Opaque pagination cursors. A cursor carries only the sort position; the store rebuilds the
 * key with the caller's tenant, so a cursor can never reach into another tenant's data.
 */
import { BadRequestError } from '../../domain/errors.ts';

export function encodeCursor(position: Readonly<Record<string, string>>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string, fields: readonly string[]): Record<string, string> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestError('The cursor is not one this API issued');
  }
  if (decoded === null || typeof decoded !== 'object') throw new BadRequestError('The cursor is not one this API issued');
  const position: Record<string, string> = {};
  for (const field of fields) {
    const value: unknown = Reflect.get(decoded, field);
    // An empty key attribute is one DynamoDB refuses (a 500): the cursor is simply not ours.
    if (typeof value !== 'string' || value.length === 0 || value.length > 1024)
      throw new BadRequestError('The cursor is not one this API issued');
    position[field] = value;
  }
  return position;
}
