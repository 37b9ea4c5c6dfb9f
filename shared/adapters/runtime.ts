/**
 * Whether this function runs on the local emulators, named positively rather than by what the
 * stage is not: serverless offline sets `IS_OFFLINE=true` for every function it runs, and tests
 * and scripts run outside Lambda altogether. Real Lambda always sets `AWS_LAMBDA_FUNCTION_NAME`,
 * and nothing in the deployment sets `IS_OFFLINE`.
 *
 * Locally only: plain http to loopback (egress), the development JWKS file, `env:` secret refs.
 */
export function isLocalRuntime(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env.IS_OFFLINE === 'true' || env.AWS_LAMBDA_FUNCTION_NAME === undefined;
}
