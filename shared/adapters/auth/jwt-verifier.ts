/**
 * Verifies bearer JWTs with jose: algorithms pinned, issuer and audience required, `iat` required
 * and no older than the maximum token age (a token minted to last ten years is refused), a small
 * clock tolerance. The subject must be a real one: not empty, not longer than the audit log keeps,
 * and not a name alertgate uses for itself (`system`, `integration-key:…`). Claim names are
 * configurable (e.g. `custom:tenant`, `cognito:groups`).
 */
import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { ServiceUnavailableError, UnauthorizedError } from '../../domain/errors.ts';
import { isRole, type JwtVerifier, type Principal } from '../../domain/roles.ts';

export interface JwtSettings {
  readonly keys: JWTVerifyGetKey;
  readonly issuer: string;
  readonly audience: string;
  /** Asymmetric algorithms only: a pinned list stops `alg: none` and HS/RS confusion. */
  readonly algorithms: readonly string[];
  readonly tenantClaim: string;
  readonly rolesClaim: string;
  /** The oldest a token may be, by its `iat` (jose's form: `12h`, `1d`). */
  readonly maxTokenAge: string;
}

const TENANT = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Subjects that would pass for alertgate itself in the audit log and in approvals. */
const RESERVED_SUBJECT = /^(system|integration-key:.*)$/i;
const MAX_SUBJECT_LENGTH = 256;

function rolesFrom(claim: unknown): Principal['roles'] {
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  return values.filter((value): value is string => typeof value === 'string').filter(isRole);
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired)
    return error.claim === 'iat' ? 'the token is older than the maximum token age' : 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token's algorithm is not accepted";
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token was not signed by a known key';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'the token is malformed';
  return 'the token is not valid';
}

export function createJwtVerifier(settings: JwtSettings): JwtVerifier {
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, settings.keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: [...settings.algorithms],
        clockTolerance: 30,
        maxTokenAge: settings.maxTokenAge,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error: unknown) {
      // The identity provider's key set could not be fetched: our outage, not the caller's fault.
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
        throw new ServiceUnavailableError('The identity provider’s signing keys are unreachable; retry shortly', 5, { cause: error });
      }
      throw new UnauthorizedError(reason(error), 'invalid', { cause: error });
    }
    const tenant = payload[settings.tenantClaim];
    if (typeof tenant !== 'string' || !TENANT.test(tenant)) {
      throw new UnauthorizedError(`the token has no valid ${settings.tenantClaim} claim`, 'invalid');
    }
    const subject = payload.sub ?? '';
    if (subject.trim() === '' || subject.length > MAX_SUBJECT_LENGTH || RESERVED_SUBJECT.test(subject)) {
      throw new UnauthorizedError('the token has no usable sub claim', 'invalid');
    }
    return {
      subject,
      tenant,
      roles: rolesFrom(payload[settings.rolesClaim]),
      via: 'jwt',
      ...(payload.exp === undefined ? {} : { expiresAt: payload.exp }),
    };
  };
}
