/**
 * Checkpoints as files in a directory, for the local stack: `<dir>/tenants/<tenant>/checkpoints/
 * <seq>.json`, each written once (exclusive create), outside DynamoDB like the S3 archive.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Checkpoint } from '../../domain/audit/checkpoint.ts';
import {
  type ArchivedCheckpoints,
  archivedCheckpoint,
  type CheckpointArchive,
  checkpointName,
} from '../../domain/audit/checkpoint-archive.ts';

export class DirectoryCheckpointArchive implements CheckpointArchive {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    const path = join(this.#dir, checkpointName(checkpoint.tenant, checkpoint.seq));
    await mkdir(dirname(path), { recursive: true });
    try {
      await writeFile(path, `${JSON.stringify(checkpoint)}\n`, { flag: 'wx' });
    } catch (error: unknown) {
      // Written once: the checkpoint of this seq is already archived.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }

  async latest(tenant: string): Promise<Checkpoint | undefined> {
    const prefix = dirname(checkpointName(tenant, 0));
    const names = await readdir(join(this.#dir, prefix)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const newest = names.sort().at(-1);
    if (newest === undefined) return undefined;
    return archivedCheckpoint(tenant, `${prefix}/${newest}`, await readFile(join(this.#dir, prefix, newest), 'utf8'));
  }

  async list(tenant: string): Promise<ArchivedCheckpoints> {
    const prefix = dirname(checkpointName(tenant, 0));
    const folder = join(this.#dir, prefix);
    let names: string[];
    try {
      names = (await readdir(folder)).sort();
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoints: [], malformed: [] };
      throw error;
    }
    const checkpoints: Checkpoint[] = [];
    const malformed: string[] = [];
    for (const name of names) {
      const checkpoint = archivedCheckpoint(tenant, `${prefix}/${name}`, await readFile(join(folder, name), 'utf8'));
      if (checkpoint === undefined) malformed.push(`${prefix}/${name}`);
      else checkpoints.push(checkpoint);
    }
    return { checkpoints, malformed };
  }
}
