/** One logger and one tracer per container (Powertools; the tracer is X-Ray through aws-xray-sdk-core). */
import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const logger = new Logger({ serviceName: 'alertgate' });
export const tracer = new Tracer({ serviceName: 'alertgate' });
