/**
 * Lambda entry point for compaction (scheduled): rewrites each partition's small files into one
 * values file and one ledger file of current revisions, moving superseded ones to history/.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Storage } from '../adapters/storage/s3.ts';
import { compactWarehouse } from './compact.ts';

const logger = new Logger({ serviceName: 'chitieu-compact' });

export const handler = async (): Promise<{ partitions: number; filesBefore: number; filesAfter: number }> => {
  const bucket = process.env.WAREHOUSE_BUCKET;
  if (!bucket) throw new Error('missing environment variable WAREHOUSE_BUCKET');
  const storage = new S3Storage({ bucket, prefix: process.env.WAREHOUSE_PREFIX ?? '' });
  const summary = await compactWarehouse(storage, {
    onPartition: (r) => logger.info('partition', { ...r }),
  });
  const result = { partitions: summary.partitions.length, filesBefore: summary.filesBefore, filesAfter: summary.filesAfter };
  logger.info('compaction done', result);
  return result;
};
