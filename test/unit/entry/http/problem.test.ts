import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError, UnauthorizedError, ValidationError } from '../../../../shared/domain/errors.ts';
import { problemResponse } from '../../../../shared/entry/http/problem.ts';

function parse(response: ReturnType<typeof problemResponse>) {
  return { status: response.statusCode, headers: response.headers ?? {}, body: JSON.parse(String(response.body)) };
}

describe('problem responses', () => {
  it('never show the cause of a 500', () => {
    const { status, headers, body } = parse(
      problemResponse(new Error('connect ECONNREFUSED 10.0.0.7:8000 table=secret'), 'c-1', '/v1/alerts'),
    );
    expect(status).toBe(500);
    expect(headers['content-type']).toBe('application/problem+json');
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|secret/);
    expect(body).toMatchObject({ status: 500, correlationId: 'c-1', instance: '/v1/alerts' });
  });

  it('list the fields of a validation error', () => {
    const error = new ValidationError('bad', [{ field: 'alerts.0.status', message: 'Invalid option' }]);
    const { status, body } = parse(problemResponse(error, 'c-2', '/v1/webhooks/alertmanager'));
    expect(status).toBe(422);
    expect(body.errors).toEqual([{ field: 'alerts.0.status', message: 'Invalid option' }]);
  });

  it('challenge a caller with a bad token, naming the reason', () => {
    const { status, headers } = parse(problemResponse(new UnauthorizedError('the token has expired', 'invalid'), 'c', '/'));
    expect(status).toBe(401);
    expect(headers['www-authenticate']).toBe('Bearer realm="alertgate", error="invalid_token", error_description="the token has expired"');
  });

  it('tell the sender when to retry a 503', () => {
    const { status, headers, body } = parse(problemResponse(new ServiceUnavailableError('queue refused 3 events', 5), 'c', '/'));
    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('5');
    expect(body.detail).toBe('queue refused 3 events');
  });
});
