/** The cloud's checkpoint archive, on fauxqs's S3: write-once puts, listing, and what is not a checkpoint. */
import { generateKeyPairSync } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3CheckpointArchive } from '../../shared/adapters/checkpoints/s3-checkpoint-archive.ts';
import { signCheckpoint } from '../../shared/domain/audit/checkpoint.ts';
import { checkpointName } from '../../shared/domain/audit/checkpoint-archive.ts';
import { freshTenant, localS3 } from '../helpers/local-clients.ts';

const s3 = localS3();
const bucket = 'alertgate-test-audit-checkpoints';
const archive = new S3CheckpointArchive(s3, bucket);
const { privateKey } = generateKeyPairSync('ed25519');
const checkpoint = (tenant: string, seq: number, hash = 'a'.repeat(64)) =>
  signCheckpoint({ tenant, seq, hash, time: '2026-12-01T10:00:00.000Z' }, privateKey);

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

describe('the S3 checkpoint archive', () => {
  it("lists a tenant's checkpoints oldest first, and no other tenant's", async () => {
    const tenant = freshTenant('s3');
    for (const seq of [12, 3, 7]) await archive.save(checkpoint(tenant, seq));
    await archive.save(checkpoint(`${tenant}-other`, 5));
    const { checkpoints, malformed } = await archive.list(tenant);
    expect(checkpoints.map((c) => c.seq)).toEqual([3, 7, 12]);
    expect(malformed).toEqual([]);
    expect((await archive.latest(tenant))?.seq).toBe(12);
    expect(await archive.latest(freshTenant('s3-none'))).toBeUndefined();
  });

  it('never replaces an archived checkpoint', async () => {
    const tenant = freshTenant('s3-once');
    await archive.save(checkpoint(tenant, 4, 'a'.repeat(64)));
    await archive.save(checkpoint(tenant, 4, 'b'.repeat(64)));
    expect((await archive.list(tenant)).checkpoints.map((c) => c.hash)).toEqual(['a'.repeat(64)]);
  });

  it('reports objects that are not checkpoints of the tenant under their own name', async () => {
    const tenant = freshTenant('s3-junk');
    await archive.save(checkpoint(tenant, 1));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: checkpointName(tenant, 2), Body: 'junk' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: checkpointName(tenant, 3), Body: JSON.stringify(checkpoint(tenant, 9)) }));
    const { checkpoints, malformed } = await archive.list(tenant);
    expect(checkpoints.map((c) => c.seq)).toEqual([1]);
    expect(malformed).toEqual([checkpointName(tenant, 2), checkpointName(tenant, 3)]);
  });
});
