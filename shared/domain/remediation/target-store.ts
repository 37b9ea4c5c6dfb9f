import type { TargetState } from './remediation-target.ts';

/** Where remediation targets' claims and history live; scoped by tenant. */
export interface TargetStore {
  get(tenant: string, targetKey: string): Promise<TargetState | undefined>;
  /** Writes `state` if the stored version is still `state.version - 1` (0: absent), else ConflictError. */
  save(state: TargetState): Promise<void>;
}
