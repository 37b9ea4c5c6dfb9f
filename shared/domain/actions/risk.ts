/** How much harm an action can do if it is wrong; the tenant's policy turns risk into a mode. */
export const RISKS = ['low', 'medium', 'high', 'critical'] as const;
export type Risk = (typeof RISKS)[number];
