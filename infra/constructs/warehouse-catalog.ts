/**
 * The Glue Data Catalog side of the warehouse: one database; the curated tables (values, and the
 * reports ledger) over Hive-partitioned Parquet with partition projection; and the reference
 * tables (units, indicators, targets, calendar) over JSON Lines deployed with the stack.
 * Every column, type and partition key comes from data-schemas/ (see infra/catalog/).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import {
  curatedTableNames,
  glueColumns,
  gluePartitionKeys,
  glueTableName,
  projectionParameters,
  tableDescription,
  tablePrefix,
  tableRootPrefixes,
} from '../catalog/glue-schema.ts';
import { referenceDatasets, type ReferenceDataset } from '../catalog/reference-data.ts';
import { acknowledge, nagRef } from '../nag/acknowledge.ts';
import type { WarehouseStorage } from './warehouse-storage.ts';

export interface WarehouseCatalogProps {
  storage: WarehouseStorage;
  /** Glue database name (lowercase letters, digits, underscores). */
  databaseName: string;
  /** Reference rows; default: derived from data-schemas/ now. */
  referenceData?: ReferenceDataset[];
}

const PARQUET = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', parameters: { 'serialization.format': '1' } },
};
const JSON_LINES = {
  inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', parameters: { 'ignore.malformed.json': 'FALSE' } },
};

export class WarehouseCatalog extends Construct {
  readonly databaseName: string;
  /**
   * Reference rows live in a bucket of their own: they are rebuilt from data-schemas/ on every
   * deploy by CDK's deployment function, which needs read/write/delete on its destination, and that
   * function must never hold those rights on the warehouse.
   */
  readonly referenceBucket: s3.Bucket;
  readonly database: glue.CfnDatabase;
  /** Glue table name → table, curated and reference. */
  readonly tables = new Map<string, glue.CfnTable>();
  readonly referenceDeployment: s3deploy.BucketDeployment;
  private readonly storage: WarehouseStorage;
  private readonly viewNames: string[] = [];

  constructor(scope: Construct, id: string, props: WarehouseCatalogProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9_]{0,254}$/.test(props.databaseName)) throw new Error(`Glue database name: "${props.databaseName}"`);
    this.databaseName = props.databaseName;
    this.storage = props.storage;
    const stack = Stack.of(this);
    const bucket = props.storage.warehouse.bucketName;

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: { name: this.databaseName, description: 'chitieu: VKSND work-report indicators (curated Parquet + reference data)' },
    });

    for (const table of curatedTableNames()) {
      const name = glueTableName(table);
      const location = `s3://${bucket}/${tablePrefix(table)}`;
      const t = new glue.CfnTable(this, `Table-${name}`, {
        catalogId: stack.account,
        databaseName: this.databaseName,
        tableInput: {
          name,
          description: tableDescription(table),
          tableType: 'EXTERNAL_TABLE',
          parameters: projectionParameters(location),
          partitionKeys: gluePartitionKeys(),
          storageDescriptor: { ...PARQUET, location: `${location}/`, columns: glueColumns(table) },
        },
      });
      t.addResourceDependency(this.database);
      this.tables.set(name, t);
    }

    this.referenceBucket = new s3.Bucket(this, 'Reference', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.storage.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.storage.accessLogs,
      serverAccessLogsPrefix: 'reference/',
      lifecycleRules: [{ id: 'abort-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      // Rebuilt from data-schemas/ by every deploy: nothing in it is worth keeping.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const refBucket = this.referenceBucket.bucketName;

    const reference = props.referenceData ?? referenceDatasets();
    for (const ds of reference) {
      const t = new glue.CfnTable(this, `Table-${ds.name}`, {
        catalogId: stack.account,
        databaseName: this.databaseName,
        tableInput: {
          name: ds.name,
          description: `Reference data derived from data-schemas/ (deployed with the stack): ${ds.name}`,
          tableType: 'EXTERNAL_TABLE',
          parameters: { classification: 'json', EXTERNAL: 'TRUE' },
          storageDescriptor: { ...JSON_LINES, location: `s3://${refBucket}/${ds.name}/`, columns: ds.columns },
        },
      });
      t.addResourceDependency(this.database);
      this.tables.set(ds.name, t);
    }

    this.referenceDeployment = new s3deploy.BucketDeployment(this, 'ReferenceData', {
      destinationBucket: this.referenceBucket,
      sources: reference.map((ds) => s3deploy.Source.data(`${ds.name}/${ds.name}.json`, ds.body)),
      contentType: 'application/x-ndjson',
      memoryLimit: 512,
      prune: true,
    });
  }

  /** Views created in the database (by QueryEngine); call before granting. */
  registerViews(names: string[]): void {
    this.viewNames.push(...names.filter((n) => !this.viewNames.includes(n)));
  }

  /** Every relation the database publishes: stored tables, reference tables and views. */
  relationNames(): string[] {
    return [...this.tables.keys(), ...this.viewNames];
  }

  /** ARNs of the catalog, the database and each named relation (no wildcard: unknown names are denied). */
  private arns(): string[] {
    const stack = Stack.of(this);
    const base = `arn:${stack.partition}:glue:${stack.region}:${stack.account}`;
    return [
      `${base}:catalog`,
      `${base}:database/${this.databaseName}`,
      ...this.relationNames().map((t) => `${base}:table/${this.databaseName}/${t}`),
    ];
  }

  /** Read table definitions (what Athena needs to plan a query as the caller). */
  grantRead(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'],
      resourceArns: this.arns(),
    });
  }

  /** Create, replace and drop the registered views (Athena DDL stores views as Glue tables). */
  grantManageViews(grantee: iam.IGrantable): iam.Grant {
    this.grantRead(grantee);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:CreateTable', 'glue:UpdateTable', 'glue:DeleteTable'],
      resourceArns: this.arns(),
    });
  }

  /** Read the data behind the tables (Athena reads S3 with the caller's credentials). */
  grantReadData(grantee: iam.IGrantable): void {
    this.storage.grantRead(grantee, ...tableRootPrefixes());
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [this.referenceBucket.arnForObjects('*')] });
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket', 's3:GetBucketLocation'], resourceArns: [this.referenceBucket.bucketArn] });
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) {
      acknowledge(
        principal,
        `AwsSolutions-IAM5[Resource::${nagRef(this.referenceBucket)}/*]`,
        'Read-only access to every object of the reference-data bucket, which holds only the reference tables Athena reads.',
      );
    }
  }
}
