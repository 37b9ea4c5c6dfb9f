/**
 * The egress policy as the local stack runs it (plain http and loopback allowed): tests that
 * reach local servers go through the same guarded fetch as production, not around it.
 */
import { egressFetch } from '../../shared/adapters/outbound-http/egress.ts';

export const localFetch = egressFetch({ local: true, allowInternal: [] });
