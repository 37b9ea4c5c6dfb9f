/**
 * The chain's step after the tenant's rules: what the tenant learned from its responders'
 * corrections. It decides when a correction of a similar alert applies, and otherwise passes.
 */

import { predictKeyless } from '../keyless/keyless-step.ts';
import type { RouterStep } from '../router-step.ts';

const day = (iso: string) => iso.slice(0, 10);

export const learnedStep: RouterStep = {
  name: 'learned',
  async decide({ alert, learned }) {
    if (learned === undefined || learned.examples === 0) return { abstentions: [] };
    const started = performance.now();
    const shipped = predictKeyless(alert);
    const routing = learned.route(alert, shipped.service !== undefined);
    if (routing === undefined) {
      return { abstentions: [{ step: 'learned', reason: 'no correction of a similar alert', latencyMs: performance.now() - started }] };
    }
    const { example, set, shared } = routing;
    const because = `shares ${shared.map((f) => `'${f.replace(/^w:/, '')}'`).join(', ')}`;
    // A correction that set no category leaves the shipped model's guess with its calibrated
    // confidence (so it may still need review): only what a person set is taken as near certain.
    // Learned categories are right about 95% of the time on whole-service folds (npm run eval:learning).
    const category =
      set.category === undefined
        ? { category: shipped.category, confidence: shipped.categoryConfidence, guesses: shipped.alternatives }
        : { category: set.category, confidence: 0.9 + 0.1 * routing.similarity };
    return {
      abstentions: [],
      proposal: {
        ...category,
        service: set.service ?? shipped.service,
        ...(set.team === undefined ? {} : { team: set.team }),
        ...(set.severity === undefined ? {} : { severity: set.severity }),
        rationale: `Learned from the correction of \`${example.alertName}\` by ${example.by} on ${day(example.at)} (${because}).`,
        decidedBy: { kind: 'learned', correctionId: example.correctionId, by: example.by },
        latencyMs: performance.now() - started,
      },
    };
  },
};
