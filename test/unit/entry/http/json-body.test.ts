import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../../../shared/domain/errors.ts';
import { jsonDepth, MAX_JSON_DEPTH, readJsonBody } from '../../../../shared/entry/http/json-body.ts';

function event(body: string | undefined, contentType: string | undefined, isBase64Encoded = false): APIGatewayProxyEventV2 {
  return { body, isBase64Encoded, headers: contentType === undefined ? {} : { 'Content-Type': contentType } } as APIGatewayProxyEventV2;
}

describe('reading a JSON body', () => {
  it('parses JSON with a charset parameter', () => {
    expect(readJsonBody(event('{"a":1}', 'application/json; charset=utf-8'))).toEqual({ a: 1 });
  });

  it('accepts +json media types', () => {
    expect(readJsonBody(event('[]', 'application/vnd.alertmanager+json'))).toEqual([]);
  });

  it('answers 415 for a form post', () => {
    expect(() => readJsonBody(event('a=1', 'application/x-www-form-urlencoded'))).toThrow(UnsupportedMediaTypeError);
  });

  it('answers 400 for broken JSON', () => {
    expect(() => readJsonBody(event('{"a":', 'application/json'))).toThrow(BadRequestError);
  });

  it('answers 400 for an empty body', () => {
    expect(() => readJsonBody(event('', 'application/json'))).toThrow(BadRequestError);
  });

  it('answers 400, not a crash, for a body the emulator handed over as null', () => {
    const nullBody = { ...event(undefined, 'application/json'), body: null } as unknown as APIGatewayProxyEventV2;
    expect(() => readJsonBody(nullBody)).toThrow(/no body/);
  });

  it('hands a JSON null to validation, which refuses it', () => {
    expect(readJsonBody(event('null', 'application/json'))).toBeNull();
  });

  it('answers 400 for bytes that are not UTF-8', () => {
    const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]).toString('base64');
    expect(() => readJsonBody(event(bytes, 'application/json', true))).toThrow(/UTF-8/);
  });

  it('answers 413 past 1 MiB', () => {
    const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) });
    expect(() => readJsonBody(event(big, 'application/json'))).toThrow(PayloadTooLargeError);
  });
});

describe('the depth of a JSON body', () => {
  it('is counted outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{{{\\"]]]"}]}')).toBe(3);
    expect(jsonDepth('"{{{"')).toBe(0);
  });

  it('is refused past the limit with 422, before the parser could overflow its stack', () => {
    const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(readJsonBody(event(deep(MAX_JSON_DEPTH), 'application/json'))).toBeInstanceOf(Array);
    expect(() => readJsonBody(event(deep(MAX_JSON_DEPTH + 1), 'application/json'))).toThrow(ValidationError);
    expect(() => readJsonBody(event(deep(200_000), 'application/json'))).toThrow(/nests deeper than 64 levels/);
  });
});

describe('strings in a JSON body', () => {
  it('lose escaped lone surrogates, which no canonical JSON (or audit hash) can hold', () => {
    const parsed = readJsonBody(event('{"name":"Disk\\ud800Full","labels":{"k\\udc00":"v"}}', 'application/json'));
    expect(parsed).toEqual({ name: 'Disk\uFFFDFull', labels: { 'k\uFFFD': 'v' } });
  });
});
