import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmfMeter } from '../../../../shared/adapters/metrics/emf-meter.ts';

type Emf = {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
} & Record<string, unknown>;

function captured(run: () => void): Emf[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines
    .join('')
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Emf);
}

afterEach(() => vi.restoreAllMocks());

describe('the EMF meter', () => {
  it('sums counts per metric and dimension set, and publishes one EMF line per set at the end', () => {
    const meter = new EmfMeter(() => new Metrics({ namespace: 'alertgate', serviceName: 'alertgate' }));
    meter.count('AlertsReceived', { source: 'generic', outcome: 'created' }, 3);
    meter.count('AlertsReceived', { outcome: 'created', source: 'generic' }, 2);
    meter.count('AlertsReceived', { source: 'generic', outcome: 'duplicate' });
    meter.duration('LlmLatency', 120, { provider: 'openai', variant: 'none' });
    meter.duration('LlmLatency', 340, { provider: 'openai', variant: 'none' });
    const lines = captured(() => meter.flush());
    expect(lines).toHaveLength(3);
    const created = lines.find((line) => line.outcome === 'created');
    expect(created).toMatchObject({ AlertsReceived: 5, source: 'generic', service: 'alertgate' });
    expect(created?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'alertgate',
      Metrics: [{ Name: 'AlertsReceived', Unit: 'Count' }],
    });
    const latency = lines.find((line) => 'LlmLatency' in line);
    expect(latency?._aws.CloudWatchMetrics[0]?.Metrics[0]).toEqual({ Name: 'LlmLatency', Unit: 'Milliseconds' });
    // Both values in one line, both with their dimensions.
    expect(latency).toMatchObject({ LlmLatency: [120, 340], provider: 'openai', variant: 'none' });
    expect(latency?._aws.CloudWatchMetrics[0]?.Dimensions[0]).toEqual(expect.arrayContaining(['service', 'provider', 'variant']));
    // Published once: the next invocation starts empty.
    expect(captured(() => meter.flush())).toEqual([]);
  });

  it('records approval latency in seconds', () => {
    const meter = new EmfMeter(() => new Metrics({ namespace: 'alertgate', serviceName: 'alertgate' }));
    meter.duration('ApprovalLatency', 90_000);
    const [line] = captured(() => meter.flush());
    expect(line).toMatchObject({ ApprovalLatency: 90 });
    expect(line?._aws.CloudWatchMetrics[0]?.Metrics[0]).toEqual({ Name: 'ApprovalLatency', Unit: 'Seconds' });
  });
});
