/**
 * One logger, one tracer and one meter per container (Powertools; the tracer is X-Ray through
 * aws-xray-sdk-core, the meter CloudWatch EMF).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { EmfMeter } from './metrics/emf-meter.ts';

export const logger = new Logger({ serviceName: 'alertgate' });
export const tracer = new Tracer({ serviceName: 'alertgate' });
export const meter = new EmfMeter(() => new Metrics({ namespace: 'alertgate', serviceName: 'alertgate' }));
