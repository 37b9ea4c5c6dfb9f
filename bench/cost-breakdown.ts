/**
 * The raw figures of a measured run, as tables: every AWS request by call and by the function
 * (or event source) that made it; Lambda time and output by function; DynamoDB units by table.
 */

import { lambdaBilledMs } from './cost-lines.ts';
import type { TableUnits } from './dynamodb-capacity.ts';
import type { MeasuredRun } from './measured-run.ts';

export function printRequests(run: MeasuredRun): void {
  const calls = new Map<string, Record<string, number>>();
  const count = (call: string, by: string, n: number) => {
    const row = calls.get(call) ?? {};
    row[by] = (row[by] ?? 0) + n;
    row.total = (row.total ?? 0) + n;
    calls.set(call, row);
  };
  for (const [by, counted] of run.requests.byScope) for (const [call, n] of counted) count(call, by, n);
  for (const [by, counted] of run.sqs.byScope)
    for (const [call, n] of counted) count(`sqs:${call}`, by.replace(' (event source)', ' ESM'), n.calls);
  count('apigateway:HTTP API request', 'clients', run.api.requests);
  for (const { key } of run.lambdas.invocations) count('lambda:Invoke', key, 1);
  count('states:StateTransition', 'remediation', run.stateTransitions);
  console.log('\nAWS requests of the run, by call and by the function that made it (ESM: its SQS event source mapping):');
  console.table(Object.fromEntries([...calls].sort(([a], [b]) => a.localeCompare(b))));
}

export function printLambdas(run: MeasuredRun): void {
  const { invocations } = run.lambdas;
  const rows = [...new Set(invocations.map(({ key }) => key))].map((key) => {
    const ms = invocations.filter((invocation) => invocation.key === key).map(({ milliseconds }) => milliseconds);
    const { memoryMb } = run.lambdas.settingsOf(key);
    const printed = run.output.byScope.get(key);
    const row = {
      invocations: ms.length,
      'memory MB': memoryMb,
      'mean ms': Number((ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(1)),
      'max ms': Number(Math.max(...ms).toFixed(1)),
      'GB-s billed': Number(((ms.reduce((sum, each) => sum + lambdaBilledMs(each), 0) / 1000) * (memoryMb / 1024)).toFixed(3)),
      'EMF lines': printed?.emfLines ?? 0,
      'EMF bytes': printed?.emfBytes ?? 0,
      'log lines': printed?.logLines ?? 0,
      'log bytes': printed?.logBytes ?? 0,
    };
    return [key, row] as const;
  });
  console.log('\nLambda, by function (durations measured in this process against the local emulators, not in AWS):');
  console.table(Object.fromEntries(rows));
}

export function printDynamoDb(run: MeasuredRun): void {
  const byFunction = (table: string, units: (used: TableUnits) => number) =>
    [...run.capacity.byScope]
      .flatMap(([by, ofScope]) => {
        const own = ofScope.get(table);
        return own === undefined || units(own) === 0 ? [] : [`${by} ${units(own)}`];
      })
      .join(', ');
  const rows = [...run.capacity.byTable()]
    .sort(([, a], [, b]) => b.wru + b.indexWru - (a.wru + a.indexWru))
    .map(([table, used]) => {
      const row = {
        RRU: used.rru,
        'WRU table': used.wru,
        'WRU indexes': used.indexWru,
        'WRU failed writes (est.)': used.estimatedWru,
        'item writes': used.itemWrites,
        'WRU / item write': Number(((used.wru + used.indexWru) / Math.max(1, used.itemWrites)).toFixed(1)),
        'WRU by function': byFunction(table, (own) => own.wru + own.indexWru),
        'RRU by function': byFunction(table, (own) => own.rru),
      };
      return [table.replace(run.tablePrefix, ''), row] as const;
    });
  console.log(
    "\nDynamoDB request units, by table (DynamoDB Local's ConsumedCapacity; transactions from item sizes, ×2 on the table; failed writes estimated):",
  );
  console.table(Object.fromEntries(rows));
}
