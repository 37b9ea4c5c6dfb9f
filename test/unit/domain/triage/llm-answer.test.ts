import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLlmAnswer, MAX_ANSWER_CHARS } from '../../../../shared/domain/triage/llm-answer.ts';

const valid = {
  category: 'Orchestrators',
  service: 'Kubernetes',
  severity: 'warning',
  priority: 'P3',
  action: { name: 'restart_workload', params: { namespace: 'shop', name: 'checkout' } },
  confidence: 0.8,
  rationale: 'Pod checkout is crash looping.',
};

function reasonFor(answer: unknown): string {
  const check = checkLlmAnswer(typeof answer === 'string' ? answer : JSON.stringify(answer));
  if (check.ok) throw new Error('expected a failure');
  return check.reason;
}

describe("checking the model's answer", () => {
  it('accepts a valid answer and applies the action params defaults', () => {
    const check = checkLlmAnswer(JSON.stringify(valid));
    expect(check).toEqual({
      ok: true,
      answer: {
        ...valid,
        service: 'kubernetes',
        action: { name: 'restart_workload', params: { namespace: 'shop', name: 'checkout', kind: 'deployment' } },
      },
    });
  });

  it('accepts the answer inside a ```json fence', () => {
    expect(checkLlmAnswer(`\`\`\`json\n${JSON.stringify(valid)}\n\`\`\``).ok).toBe(true);
    expect(checkLlmAnswer(`\`\`\`\n${JSON.stringify(valid)}\n\`\`\``).ok).toBe(true);
  });

  it('accepts an answer with only the required fields', () => {
    expect(checkLlmAnswer('{"category":"Other","confidence":0,"rationale":"No idea."}')).toEqual({
      ok: true,
      answer: { category: 'Other', confidence: 0, rationale: 'No idea.' },
    });
  });

  it('treats null optional fields as absent', () => {
    const check = checkLlmAnswer(JSON.stringify({ ...valid, service: null, action: null, severity: null }));
    expect(check.ok && check.answer).toEqual({ category: 'Orchestrators', priority: 'P3', confidence: 0.8, rationale: valid.rationale });
  });

  it('ignores a risk or mode the model adds', () => {
    const check = checkLlmAnswer(JSON.stringify({ ...valid, risk: 'low', mode: 'auto', action: { ...valid.action, risk: 'low' } }));
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.answer).not.toHaveProperty('risk');
      expect(check.answer).not.toHaveProperty('mode');
      expect(check.answer.action).not.toHaveProperty('risk');
    }
  });

  it('refuses prose around the JSON as invalid JSON', () => {
    expect(reasonFor(`Here is my answer: ${JSON.stringify(valid)}`)).toBe('answered invalid JSON');
    expect(reasonFor(`${JSON.stringify(valid)}\nHope this helps!`)).toBe('answered invalid JSON');
  });

  it('refuses an empty answer', () => {
    expect(reasonFor('   ')).toBe('answered nothing');
  });

  it('refuses JSON that is not an object', () => {
    expect(reasonFor('[1,2]')).toBe('answered JSON that is not an object');
    expect(reasonFor('"Databases"')).toBe('answered JSON that is not an object');
  });

  it('refuses a category outside the 13', () => {
    expect(reasonFor({ ...valid, category: 'Quantum flux' })).toBe(
      "proposed category 'Quantum flux' which is not one of the 13 categories",
    );
  });

  it('refuses an action outside the registry', () => {
    expect(reasonFor({ ...valid, action: { name: 'reboot_universe', params: {} } })).toBe(
      "proposed action 'reboot_universe' which is not in the registry",
    );
  });

  it("refuses an action whose params fail the action's schema", () => {
    expect(reasonFor({ ...valid, action: { name: 'restart_workload', params: { namespace: 'Not A Name!' } } })).toMatch(
      /^proposed action 'restart_workload' with invalid params \(namespace: must be a Kubernetes object name; name: .+\)$/,
    );
    expect(reasonFor({ ...valid, action: { name: 'drain_node', params: { node: 'n1', force: true } } })).toMatch(/invalid params/);
  });

  it('refuses a confidence outside 0..1 or not a number', () => {
    expect(reasonFor({ ...valid, confidence: 1.5 })).toMatch(/^answered JSON that does not match the answer schema \(confidence: /);
    expect(reasonFor({ ...valid, confidence: '0.9' })).toMatch(/confidence/);
  });

  it('refuses a rationale longer than 500 characters, or none', () => {
    expect(reasonFor({ ...valid, rationale: 'r'.repeat(501) })).toMatch(/rationale/);
    expect(reasonFor({ ...valid, rationale: undefined })).toMatch(/rationale/);
  });

  it('refuses a severity or priority outside their scales', () => {
    expect(reasonFor({ ...valid, severity: 'apocalyptic' })).toMatch(/severity/);
    expect(reasonFor({ ...valid, priority: 'P0' })).toMatch(/priority/);
  });

  it('refuses an answer too long to be a triage answer without parsing it', () => {
    expect(reasonFor(' '.repeat(MAX_ANSWER_CHARS + 1))).toMatch(/more than the 20000 allowed/);
  });

  it('keeps a quoted bad name short and on one line in the reason', () => {
    expect(reasonFor({ ...valid, action: { name: `x\n${'y'.repeat(500)}`, params: {} } })).toMatch(/^proposed action 'x y{78}…' which/);
  });

  it('drops __proto__ keys instead of letting them become prototypes', () => {
    const text =
      '{"category":"Other","confidence":0.5,"rationale":"r","__proto__":{"category":"Databases"},"action":{"name":"notify","params":{"__proto__":{"message":"x"}}}}';
    const check = checkLlmAnswer(text);
    expect(check.ok && check.answer).toEqual({
      category: 'Other',
      confidence: 0.5,
      rationale: 'r',
      action: { name: 'notify', params: {} },
    });
    expect(({} as Record<string, unknown>).message).toBeUndefined();
  });

  it('never throws, whatever the model says (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((value) => JSON.stringify(value)),
        ),
        (text) => {
          const check = checkLlmAnswer(text);
          expect(typeof check.ok).toBe('boolean');
        },
      ),
      { numRuns: 500 },
    );
  });
});
