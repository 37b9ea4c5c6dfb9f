/** A measured run's bill, line by line, at the list prices of aws-prices.ts. */
import * as prices from './aws-prices.ts';
import type { CostLine } from './cost-report.ts';
import { lambdaPlatformLines } from './function-output.ts';
import type { MeasuredRun } from './measured-run.ts';

const GB = 1024 ** 3;
const perMillion = (usd: number) => usd / 1e6;

/** A duration as Lambda bills it: rounded up to its granularity. */
export function lambdaBilledMs(milliseconds: number): number {
  return Math.ceil(milliseconds / prices.LAMBDA_BILLED_MS_GRANULARITY) * prices.LAMBDA_BILLED_MS_GRANULARITY;
}

/** GB-seconds of the run's invocations at each function's memory; as billed, or as measured. */
export function lambdaGbSeconds(run: MeasuredRun, billed: boolean): number {
  return run.lambdas.invocations.reduce((sum, { key, milliseconds }) => {
    const ms = billed ? lambdaBilledMs(milliseconds) : milliseconds;
    return sum + (ms / 1000) * (run.lambdas.settingsOf(key).memoryMb / 1024);
  }, 0);
}

/** Bytes the functions would send to CloudWatch Logs: EMF lines, and log lines (theirs and Lambda's own). */
export function loggedBytes(run: MeasuredRun): { emf: number; logs: number; platform: number } {
  const printed = [...run.output.byScope.values()];
  const platform = run.lambdas.invocations.reduce(
    (sum, invocation) => sum + lambdaPlatformLines(invocation, run.lambdas.settingsOf(invocation.key).memoryMb),
    0,
  );
  return {
    emf: printed.reduce((sum, lines) => sum + lines.emfBytes, 0),
    logs: printed.reduce((sum, lines) => sum + lines.logBytes, 0),
    platform,
  };
}

export function costLines(run: MeasuredRun): CostLine[] {
  const units = [...run.capacity.byTable().values()];
  const sqs = run.sqs.billedByKind();
  const logged = loggedBytes(run);
  return [
    {
      line: 'API Gateway HTTP API requests',
      quantity: run.api.metered,
      unit: 'requests',
      usdPerUnit: perMillion(prices.HTTP_API_PER_MILLION_REQUESTS),
      price: `$${prices.HTTP_API_PER_MILLION_REQUESTS.toFixed(2)} / M`,
    },
    {
      line: 'Lambda requests',
      quantity: run.lambdas.invocations.length,
      unit: 'requests',
      usdPerUnit: perMillion(prices.LAMBDA_PER_MILLION_REQUESTS),
      price: `$${prices.LAMBDA_PER_MILLION_REQUESTS.toFixed(2)} / M`,
    },
    {
      line: 'Lambda duration (arm64, billed per 1 ms)',
      quantity: lambdaGbSeconds(run, true),
      unit: 'GB-s',
      usdPerUnit: prices.LAMBDA_ARM_PER_GB_SECOND,
      price: `$${prices.LAMBDA_ARM_PER_GB_SECOND} / GB-s`,
    },
    {
      line: 'DynamoDB write request units',
      quantity: units.reduce((sum, used) => sum + used.wru + used.indexWru + used.estimatedWru, 0),
      unit: 'WRU',
      usdPerUnit: perMillion(prices.DYNAMODB_PER_MILLION_WRU),
      price: `$${prices.DYNAMODB_PER_MILLION_WRU.toFixed(3)} / M`,
    },
    {
      line: 'DynamoDB read request units',
      quantity: units.reduce((sum, used) => sum + used.rru, 0),
      unit: 'RRU',
      usdPerUnit: perMillion(prices.DYNAMODB_PER_MILLION_RRU),
      price: `$${prices.DYNAMODB_PER_MILLION_RRU.toFixed(3)} / M`,
    },
    {
      line: 'SQS standard requests (64 KB chunks)',
      quantity: sqs.standard,
      unit: 'requests',
      usdPerUnit: perMillion(prices.SQS_STANDARD_PER_MILLION_REQUESTS),
      price: `$${prices.SQS_STANDARD_PER_MILLION_REQUESTS.toFixed(2)} / M`,
    },
    {
      line: 'SQS FIFO requests (64 KB chunks)',
      quantity: sqs.fifo,
      unit: 'requests',
      usdPerUnit: perMillion(prices.SQS_FIFO_PER_MILLION_REQUESTS),
      price: `$${prices.SQS_FIFO_PER_MILLION_REQUESTS.toFixed(2)} / M`,
    },
    {
      line: 'Step Functions state transitions',
      quantity: run.stateTransitions,
      unit: 'transitions',
      usdPerUnit: prices.STEP_FUNCTIONS_PER_THOUSAND_TRANSITIONS / 1e3,
      price: `$${prices.STEP_FUNCTIONS_PER_THOUSAND_TRANSITIONS} / 1,000`,
    },
    {
      line: 'CloudWatch Logs ingestion: EMF metrics',
      quantity: logged.emf / GB,
      unit: 'GB',
      usdPerUnit: prices.CLOUDWATCH_LOGS_PER_GB_INGESTED,
      price: `$${prices.CLOUDWATCH_LOGS_PER_GB_INGESTED.toFixed(2)} / GB`,
    },
    {
      line: 'CloudWatch Logs ingestion: log lines',
      quantity: (logged.logs + logged.platform) / GB,
      unit: 'GB',
      usdPerUnit: prices.CLOUDWATCH_LOGS_PER_GB_INGESTED,
      price: `$${prices.CLOUDWATCH_LOGS_PER_GB_INGESTED.toFixed(2)} / GB`,
    },
  ];
}
