import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.POWERTOOLS_LOGGER_LOG_EVENT;
});

describe('every function', () => {
  it('never logs its raw event, even with POWERTOOLS_LOGGER_LOG_EVENT=true: it holds bearer tokens and task tokens', async () => {
    process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true';
    vi.resetModules();
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const { observed } = await import('../../../../shared/entry/lambda/observed.ts');
    const { logger } = await import('../../../../shared/adapters/observability.ts');
    const handler = observed<{ headers: Record<string, string>; taskToken: string }, string>().handler(async () => {
      logger.info('handled');
      return 'ok';
    });
    const context = { functionName: 'f', awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 } as unknown as Context;
    await handler({ headers: { authorization: 'Bearer SECRET-TOKEN-123' }, taskToken: 'TASK-TOKEN-456' }, context);
    const output = written.join('');
    expect(output).toContain('handled');
    expect(output).not.toContain('SECRET-TOKEN-123');
    expect(output).not.toContain('TASK-TOKEN-456');
  });
});
