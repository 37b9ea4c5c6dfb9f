import { unmatchedRoute } from '../../shared/entry/http/http-route.ts';

export const handler = unmatchedRoute();
