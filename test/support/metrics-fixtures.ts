/** A tenant's counters with a bit of everything, label values that need escaping included. */
import { observe } from '../../shared/domain/stats/histogram.ts';
import { emptyStats, llmKey, usageOf } from '../../shared/domain/stats/tenant-stats.ts';

export function sampleStats() {
  const stats = emptyStats();
  stats.alertsBySource.alertmanager = 12;
  stats.alertsBySource.generic = 3;
  stats.alertsBySeverity.critical = 5;
  stats.deciders.classifier = 10;
  stats.deciders.learned = 2;
  stats.alertsByCategory['Proxies, load balancers and service meshes'] = 4;
  Object.assign(usageOf(stats.llm, llmKey('openai "prod"', 'gpt\\4o\nmini', undefined)), {
    decisions: 3,
    inputTokens: 900,
    outputTokens: 120,
    costUsd: 0.0042,
  });
  Object.assign(usageOf(stats.llm, llmKey('anthropic', 'claude', 'b')), {
    decisions: 1,
    inputTokens: 300,
    outputTokens: 40,
    costUsd: 0.001,
  });
  stats.actionsByMode.approval = 4;
  stats.actionOutcomes['approval|succeeded'] = 2;
  stats.approvals.approved = 2;
  stats.approvals.rejected = 1;
  for (const seconds of [5, 45, 400]) observe(stats.approvalLatency, seconds);
  return stats;
}
