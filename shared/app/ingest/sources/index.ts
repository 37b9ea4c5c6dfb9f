import type { Source } from '../../../domain/alerts/alert.ts';
import { alertmanagerParser } from './alertmanager.ts';
import { genericParser } from './generic.ts';
import { grafanaParser } from './grafana.ts';
import { pagerdutyParser } from './pagerduty.ts';
import type { SourceParser } from './source-parser.ts';

/** Every webhook source alertgate accepts, by the `{source}` path segment. */
export const PARSERS: Readonly<Record<Source, SourceParser>> = {
  alertmanager: alertmanagerParser,
  grafana: grafanaParser,
  pagerduty: pagerdutyParser,
  generic: genericParser,
};
