/** What the cost bench measured of one run, as its breakdowns and bill read it. */
import type { AwsRequestCounter } from './aws-request-counter.ts';
import type { DynamoCapacityMeter } from './dynamodb-capacity.ts';
import type { FunctionOutput } from './function-output.ts';
import type { InProcessLambdas } from './in-process-lambdas.ts';
import type { SqsRequestMeter } from './sqs-requests.ts';

export interface MeasuredRun {
  readonly alerts: number;
  /** Table names are `<prefix><name>`. */
  readonly tablePrefix: string;
  readonly lambdas: InProcessLambdas;
  readonly output: FunctionOutput;
  /** DynamoDB and Step Functions calls. */
  readonly requests: AwsRequestCounter;
  readonly capacity: DynamoCapacityMeter;
  readonly sqs: SqsRequestMeter;
  /** Requests through API Gateway, and as metered (512 KB increments). */
  readonly api: { readonly requests: number; readonly metered: number };
  readonly stateTransitions: number;
}
