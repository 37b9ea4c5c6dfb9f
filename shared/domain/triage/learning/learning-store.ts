/** Where a tenant's corrections and its learned model are kept. */
import type { Correction } from './correction.ts';
import type { TenantLearning } from './learned-example.ts';

export interface CorrectionPage {
  readonly items: readonly Correction[];
  readonly cursor?: string;
}

export interface LearningStore {
  /** The tenant's model as last written (strongly consistent); NO_LEARNING when it has none. */
  model(tenant: string): Promise<TenantLearning>;
  /**
   * Stores the correction and the model `next` together, if the model is still at
   * `expectedVersion` (else ConflictError). A correction of the same id already stored: 'exists', nothing written.
   */
  addCorrection(correction: Correction, next: TenantLearning, expectedVersion: number): Promise<'saved' | 'exists'>;
  /** Deletes the correction and stores `next`, if the model is still at `expectedVersion` (else ConflictError). */
  removeCorrection(tenant: string, id: string, next: TenantLearning, expectedVersion: number): Promise<void>;
  getCorrection(tenant: string, id: string): Promise<Correction | undefined>;
  /** Newest first. */
  listCorrections(tenant: string, page: { readonly limit: number; readonly cursor?: string }): Promise<CorrectionPage>;
}
