/** The fault drills, in the order `npm run drill` runs them. */
import type { Drill } from '../drill.ts';
import { dynamodbPause } from './dynamodb-pause.ts';
import { sqsOutage } from './sqs-outage.ts';

export const DRILLS: readonly Drill[] = [sqsOutage, dynamodbPause];
