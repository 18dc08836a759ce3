/**
 * A Lambda run on a schedule by EventBridge Scheduler (compare, compaction): the schedule is a
 * parameter, read in the reporting time zone. Scheduler invokes asynchronously, so failures after
 * Lambda's own retries land in a dead-letter queue (shared by the jobs) that has an alarm.
 */
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, nagRef } from '../nag/acknowledge.ts';
import { ChitieuFunction, type ChitieuFunctionProps } from './chitieu-function.ts';

export interface ScheduledJobProps extends Omit<ChitieuFunctionProps, 'deadLetterQueue'> {
  /** EventBridge Scheduler expression: cron(…), rate(…) or at(…). */
  schedule: string;
  timeZone: string;
  /** Event passed to the function on each run. */
  input?: Record<string, unknown>;
  /** Receives invocations that failed (Scheduler's and Lambda's async retries exhausted). */
  deadLetterQueue: sqs.IQueue;
}

export class ScheduledJob extends Construct {
  readonly job: ChitieuFunction;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const { schedule, timeZone, input, ...fn } = props;
    this.job = new ChitieuFunction(this, 'Job', fn);
    // A role per schedule (the default is one shared by every schedule of the stack).
    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `EventBridge Scheduler invokes ${id}`,
    });
    // Scheduler writes undeliverable invocations to the (encrypted) dead-letter queue as this role.
    props.deadLetterQueue.encryptionMasterKey?.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::${nagRef(this.job.function)}:*]`,
      'lambda:InvokeFunction on this one function and its versions/aliases (function ARN + ":*"), as CDK grants invoke.',
    );
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: props.description,
      schedule: scheduler.ScheduleExpression.expression(schedule, TimeZone.of(timeZone)),
      target: new targets.LambdaInvoke(this.job.function, {
        input: scheduler.ScheduleTargetInput.fromObject(input ?? { source: 'schedule' }),
        role,
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: props.deadLetterQueue,
      }),
    });
  }
}
