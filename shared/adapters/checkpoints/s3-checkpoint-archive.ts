/**
 * Checkpoints as objects in an S3 bucket with Object Lock (resources/s3.yml): written once with
 * `If-None-Match: *`, so an existing checkpoint is never replaced, and kept by the bucket's
 * compliance-mode retention, which no one, the account root included, can shorten. The writer's
 * role may put objects and the verifier's may read them; neither may delete.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Checkpoint } from '../../domain/audit/checkpoint.ts';
import {
  type ArchivedCheckpoints,
  archivedCheckpoint,
  type CheckpointArchive,
  checkpointName,
} from '../../domain/audit/checkpoint-archive.ts';

/** How many objects one listing page holds; a tenant's checkpoints are read page by page. */
const PAGE = 1000;

export class S3CheckpointArchive implements CheckpointArchive {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(client: S3Client, bucket: string) {
    this.#client = client;
    this.#bucket = bucket;
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    const key = checkpointName(checkpoint.tenant, checkpoint.seq);
    // Asked first, for S3 stand-ins that ignore If-None-Match; on S3 the condition closes the race.
    if (await this.#exists(key)) return;
    try {
      await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Body: `${JSON.stringify(checkpoint)}\n`,
          ContentType: 'application/json',
          IfNoneMatch: '*',
        }),
      );
    } catch (error: unknown) {
      // 412: this seq's checkpoint is already archived (written once).
      if (statusOf(error) !== 412) throw error;
    }
  }

  async #exists(key: string): Promise<boolean> {
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      return true;
    } catch (error: unknown) {
      if (statusOf(error) === 404) return false;
      throw error;
    }
  }

  /** The tenant's object names, in seq order (S3 lists keys in order, and names sort by seq). */
  async #keys(tenant: string): Promise<string[]> {
    const prefix = checkpointName(tenant, 0).replace(/[^/]+$/, '');
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: prefix, MaxKeys: PAGE, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return keys.sort();
  }

  async #read(tenant: string, key: string): Promise<Checkpoint | undefined> {
    const body = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
    return archivedCheckpoint(tenant, key, (await body.Body?.transformToString('utf8')) ?? '');
  }

  async latest(tenant: string): Promise<Checkpoint | undefined> {
    const newest = (await this.#keys(tenant)).at(-1);
    return newest === undefined ? undefined : this.#read(tenant, newest);
  }

  async list(tenant: string): Promise<ArchivedCheckpoints> {
    const checkpoints: Checkpoint[] = [];
    const malformed: string[] = [];
    for (const key of await this.#keys(tenant)) {
      const checkpoint = await this.#read(tenant, key);
      if (checkpoint === undefined) malformed.push(key);
      else checkpoints.push(checkpoint);
    }
    return { checkpoints, malformed };
  }
}

function statusOf(error: unknown): number | undefined {
  const metadata = error instanceof Error ? Object.getOwnPropertyDescriptor(error, '$metadata')?.value : undefined;
  const status =
    typeof metadata === 'object' && metadata !== null ? Object.getOwnPropertyDescriptor(metadata, 'httpStatusCode')?.value : undefined;
  return typeof status === 'number' ? status : undefined;
}
