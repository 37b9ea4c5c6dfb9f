/**
 * AWS list prices the cost bench bills a run at: US East (N. Virginia), us-east-1, on-demand, the
 * first volume tier, free tiers left out (a per-million-alerts figure is about scale). alertgate
 * deploys to eu-west-1 by default, where some of these lines cost a few per cent more.
 */

/** API Gateway HTTP API: USD per million requests (first 300 million a month). https://aws.amazon.com/api-gateway/pricing/ */
export const HTTP_API_PER_MILLION_REQUESTS = 1.0;
/** HTTP API requests are metered in 512 KB increments of payload. https://aws.amazon.com/api-gateway/pricing/ */
export const HTTP_API_METERED_BYTES = 512 * 1024;

/** Lambda: USD per million requests. https://aws.amazon.com/lambda/pricing/ */
export const LAMBDA_PER_MILLION_REQUESTS = 0.2;
/** Lambda on Arm (serverless.yml's `architecture: arm64`): USD per GB-second (first 7.5 billion a month). https://aws.amazon.com/lambda/pricing/ */
export const LAMBDA_ARM_PER_GB_SECOND = 0.0000133334;
/** Lambda bills duration rounded up to the millisecond. https://aws.amazon.com/lambda/pricing/ */
export const LAMBDA_BILLED_MS_GRANULARITY = 1;

/** DynamoDB on-demand, Standard table class: USD per million write request units. https://aws.amazon.com/dynamodb/pricing/on-demand/ */
export const DYNAMODB_PER_MILLION_WRU = 0.625;
/** DynamoDB on-demand, Standard table class: USD per million read request units. https://aws.amazon.com/dynamodb/pricing/on-demand/ */
export const DYNAMODB_PER_MILLION_RRU = 0.125;

/** SQS standard queues: USD per million requests (after the first million a month). https://aws.amazon.com/sqs/pricing/ */
export const SQS_STANDARD_PER_MILLION_REQUESTS = 0.4;
/** SQS FIFO queues: USD per million requests. https://aws.amazon.com/sqs/pricing/ */
export const SQS_FIFO_PER_MILLION_REQUESTS = 0.5;
/** SQS bills each 64 KB chunk of a request's payload as one request. https://aws.amazon.com/sqs/pricing/ */
export const SQS_BILLED_CHUNK_BYTES = 64 * 1024;

/** Step Functions Standard workflows: USD per thousand state transitions. https://aws.amazon.com/step-functions/pricing/ */
export const STEP_FUNCTIONS_PER_THOUSAND_TRANSITIONS = 0.025;

/** CloudWatch Logs, Standard log class: USD per GB ingested (EMF lines are log events). https://aws.amazon.com/cloudwatch/pricing/ */
export const CLOUDWATCH_LOGS_PER_GB_INGESTED = 0.5;
