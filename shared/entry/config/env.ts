/** Configuration is read once, at cold start, through these helpers. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** A variable the function cannot run without; throws at cold start when it is missing. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new ConfigurationError(`Environment variable ${name} is required`);
  return value;
}

export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** A comma-separated list, trimmed, empties dropped. */
export function listEnv(name: string, fallback: readonly string[]): string[] {
  const value = optionalEnv(name);
  if (value === undefined) return [...fallback];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
