/** The egress policy of this container, and the fetch every request to a tenant-configured URL goes through. */
import { type EgressRules, egressFetch, urlRefusal } from '../../adapters/outbound-http/egress.ts';
import type { Fetch } from '../../adapters/outbound-http/http-request.ts';
import { isLocalRuntime } from '../../adapters/runtime.ts';
import type { DestinationCheck } from '../../domain/tenants/tenant-config.ts';
import { readConfig } from '../config/config.ts';

let rules: EgressRules | undefined;
let guarded: Fetch | undefined;

function egressRules(): EgressRules {
  rules ??= { local: isLocalRuntime(), allowInternal: readConfig(['EGRESS_ALLOW_INTERNAL']).EGRESS_ALLOW_INTERNAL };
  return rules;
}

export function outboundFetch(): Fetch {
  guarded ??= egressFetch(egressRules());
  return guarded;
}

/** The same policy, judged on a URL when a tenant saves it. */
export function destinationCheck(): DestinationCheck {
  const current = egressRules();
  return (url) => urlRefusal(url, current);
}
