/** The chain's last step: the embedded classifier, which always decides and needs no API key. */
import type { AlertRecord } from '../../alerts/alert-record.ts';
import type { RouterStep } from '../router-step.ts';
import { classifyKeyless, type KeylessPrediction } from './keyless-classifier.ts';

export function predictKeyless(alert: AlertRecord): KeylessPrediction {
  return classifyKeyless({ name: alert.name, summary: alert.summary, description: alert.description, labels: alert.labels });
}

export const keylessStep: RouterStep = {
  name: 'keyless',
  async decide({ alert }) {
    const started = performance.now();
    const prediction = predictKeyless(alert);
    return {
      abstentions: [],
      proposal: {
        category: prediction.category,
        service: prediction.service,
        severity: prediction.severity,
        confidence: prediction.categoryConfidence,
        rationale: prediction.rationale,
        guesses: prediction.alternatives,
        decidedBy: { kind: 'classifier', version: prediction.version },
        latencyMs: performance.now() - started,
      },
    };
  },
};
