/**
 * Asks the checkpoint writer, which alone holds the signing key, for a checkpoint of one tenant's
 * chain now: the API never signs. Answers what the writer did.
 */
export type CheckpointRequester = (
  tenant: string,
) => Promise<{ readonly written: number; readonly unchanged: number; readonly refused: readonly string[] }>;
