/**
 * Holds a real response to its route's declaration: a declared status, a body that fits the
 * declared schema, and problem+json for every error. Every e2e request goes through it, so the
 * OpenAPI document cannot drift from what the API answers.
 */
import { problemSchema, type RouteDeclaration } from '../../shared/entry/api/route.ts';
import { ROUTES } from '../../shared/entry/api/routes.ts';

function pattern(path: string): RegExp {
  return new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
}

const MATCHERS = ROUTES.map((route) => ({ route, pattern: pattern(route.path) }));

export function routeFor(method: string, path: string): RouteDeclaration | undefined {
  const bare = path.split('?')[0] ?? path;
  return MATCHERS.find(({ route, pattern }) => route.method === method.toUpperCase() && pattern.test(bare))?.route;
}

export function assertFitsContract(method: string, path: string, status: number, contentType: string | null, body: unknown): void {
  const route = routeFor(method, path);
  if (route === undefined) return;
  const where = `${route.method} ${route.path} answered ${status}`;
  const declared = route.responses[status];
  if (declared !== undefined) {
    if (declared.schema === undefined) return;
    const fits = declared.schema.safeParse(body);
    if (!fits.success) {
      throw new Error(
        `${where} with a body its declaration does not allow: ${fits.error.message}\nThe body: ${JSON.stringify(body).slice(0, 600)}`,
      );
    }
    return;
  }
  if (status >= 400) {
    if (status !== 500 && !route.problems.some((problem) => problem === status)) throw new Error(`${where}, a status it does not declare`);
    if (!contentType?.startsWith('application/problem+json')) throw new Error(`${where} as ${contentType}, not problem+json`);
    const fits = problemSchema.safeParse(body);
    if (!fits.success) throw new Error(`${where} with a body that is not a problem: ${fits.error.message}`);
    return;
  }
  throw new Error(`${where}, a status it does not declare`);
}
