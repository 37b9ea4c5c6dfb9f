/** The fault drills, in the order `npm run drill` runs them. */
import type { Drill } from '../drill.ts';
import { dynamodbPause } from './dynamodb-pause.ts';
import { llmTimeouts } from './llm-timeouts.ts';
import { notificationFailure } from './notification-failure.ts';
import { sqsOutage } from './sqs-outage.ts';
import { taskTimeout } from './task-timeout.ts';
import { triageCrash } from './triage-crash.ts';

export const DRILLS: readonly Drill[] = [sqsOutage, dynamodbPause, llmTimeouts, notificationFailure, triageCrash, taskTimeout];
