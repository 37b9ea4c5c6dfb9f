/**
 * A preset dictionary for alert bodies (alert-item.ts): alertgate's own vocabulary, written the way
 * an alert's body serialises (its field names, the decision's and the owed audit events'
 * shapes, categories, statuses, common label names), with the values left empty. An alert body
 * is 1 to 3 KB of JSON, too little for a compressor to learn its own repetitions from: deflated
 * against this it comes out at about 60 % of Brotli's size, and a triaged alert fits in 1 KB.
 *
 * Frozen: a stored body can only be inflated with the dictionary it was deflated with. To change
 * it, add a new one under a new attribute and keep this one for reading (a unit test holds its hash).
 */

export const ALERT_BODY_DICTIONARY = Buffer.from(
  String.raw`Basic resource monitoring Databases Message brokers Proxies, load balancers and service meshes Runtimes Orchestrators Network and security Storage Observability CI/CD Data engineering Cloud providers Other firing resolved critical error warning info alertmanager grafana pagerduty generic approval-2 auto notify-only forbidden executed failed cancelled expired rejected approved pending llm rule correction keyless {"x":{"eventId":":1:triage:triage.decided",` +
    String.raw`"tenant":"","time":"2026-","type":"triage.decided","actor":"system","subjects":{"alertId":""},"correlationId":"",` +
    String.raw`"data":{"revision":1,"category":"","team":null,"service":"","severity":"warning","priority":"P3","decidedBy":{"kind":"classifier",` +
    String.raw`"version":"keyless-2"},"confidence":0.9,"tokens":null,"costUsd":null,"latencyMs":0.1,"llmAbstentions":[],"action":null,` +
    String.raw`"supersededAt":null}}}{"y":{"eventId":"in-:opened","tenant":"","time":"2026-","type":"incident.opened","actor":"system",` +
    String.raw`"subjects":{"incidentId":"in-","alertId":""},"correlationId":"","data":{"status":"open","severity":"warning","alerts":1,` +
    String.raw`"title":" · ","groupedBy":"Alertmanager group {}:{","category":"","alertName":"","alertSeverity":"warning","revision":1}}}{"z":{"eventId":"in-:joined::1",` +
    String.raw`"tenant":"","time":"2026-","type":"incident.updated","actor":"system","subjects":{"incidentId":"in-","alertId":""},` +
    String.raw`"correlationId":"","data":{"status":"open","severity":"critical","alerts":2,"change":"alert joined","alertName":"",` +
    String.raw`"alertSeverity":"critical","revision":1}}}{"fingerprint":"","revision":1,"name":"","summary":"","description":"",` +
    String.raw`"labels":"{\"alertname\":\"\",\"severity\":\"warning\",\"namespace\":\"\",\"pod\":\"\",\"container\":\"\",\"job\":\"\",` +
    String.raw`\"instance\":\"\",\"cluster\":\"\",\"service\":\"\",\"team\":\"\",\"env\":\"\",\"region\":\"\",\"node\":\"\",\"deployment\":\"\",` +
    String.raw`\"prometheus\":\"\"}","annotations":"{\"summary\":\"\",\"description\":\"\",\"runbook_url\":\"https://\"}","startsAt":"2026-",` +
    String.raw`"endsAt":"2026-","generatorUrl":"http://","groupKey":"{}:{","incidentId":"in-","firstSeenAt":"2026-","lastSeenAt":"2026-",` +
    String.raw`"notifications":1,"resolvedAt":"2026-","sentBy":"integration-key:","decision":"{\"decidedAt\":\"2026-\",\"category\":\"Orchestrators\",` +
    String.raw`\"service\":\"Kubernetes\",\"severity\":\"warning\",\"priority\":\"P3\",\"confidence\":0.9,\"rationale\":\"Orchestrators (100%) on 'pod',` +
    String.raw` 'namespace', 'container'; service Kubernetes (100%); severity warning (80%).\",\"decidedBy\":{\"kind\":\"classifier\",` +
    String.raw`\"version\":\"keyless-2\"},\"eventId\":\":1:triage\",\"revision\":1,\"action\":{\"name\":\"restart_workload\",` +
    String.raw`\"params\":{\"namespace\":\"\",\"kind\":\"deployment\",\"name\":\"\"},\"risk\":\"medium\",\"mode\":\"approval\",` +
    String.raw`\"modeReason\":\"policy rule 1 (alertname=\\\"\\\")\",\"source\":\"playbook:\",\"targetKey\":\"restart_workload:\"},` +
    String.raw`\"latencyMs\":0.1,\"abstentions\":[]}","remediations":"{\"-1\":{\"execution\":\"-1\",\"action\":{\"name\":\"restart_workload\",` +
    String.raw`\"params\":{\"namespace\":\"\",\"kind\":\"deployment\",\"name\":\"\"}},\"risk\":\"medium\",\"mode\":\"approval\",` +
    String.raw`\"source\":\"triage\",\"requestedBy\":\"integration-key:\",\"requestedAt\":\"2026-\",\"approvalId\":\"ap-\",\"status\":\"awaiting-approval\",` +
    String.raw`\"updatedAt\":\"2026-\",\"outcome\":{\"status\":\"dry-run\",\"executor\":\"dry-run\",\"at\":\"2026-\",\"detail\":\"dry-run (the tenant's executor is dry-run): would restart deployment \"}}}",` +
    String.raw`"owedAudit":{":1:alert.received":{"eventId":":1:alert.received","tenant":"","time":"2026-","type":"alert.received",` +
    String.raw`"actor":"integration-key:","subjects":{"alertId":""},"correlationId":"","data":{"source":"alertmanager","fingerprint":"",` +
    String.raw`"name":"","revision":1,"status":"firing","severity":"warning"}}}}`,
  'utf8',
);
