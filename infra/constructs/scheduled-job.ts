/**
 * A Lambda run on one or more schedules by EventBridge Scheduler (compaction weekly; the
 * comparison once per period type, each with its own schedule and event): schedules are
 * parameters, read in the reporting time zone. Scheduler invokes asynchronously, so failures
 * after Lambda's own retries land in a dead-letter queue (shared by the jobs) that has an alarm.
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

/** One schedule of a job: its own expression and the event it passes. */
export interface JobSchedule {
  /** Construct id of the schedule (unique within the job). */
  id: string;
  /** EventBridge Scheduler expression: cron(…), rate(…) or at(…). */
  expression: string;
  /** Event passed to the function on each run. */
  input?: Record<string, unknown>;
  description?: string;
}

export interface ScheduledJobProps extends Omit<ChitieuFunctionProps, 'deadLetterQueue'> {
  /** EventBridge Scheduler expression: cron(…), rate(…) or at(…) (or `schedules`). */
  schedule?: string;
  /** Event passed to the function on each run of `schedule`. */
  input?: Record<string, unknown>;
  /** Several schedules of the same function, each with its own event. */
  schedules?: JobSchedule[];
  timeZone: string;
  /** Receives invocations that failed (Scheduler's and Lambda's async retries exhausted). */
  deadLetterQueue: sqs.IQueue;
}

export class ScheduledJob extends Construct {
  readonly job: ChitieuFunction;
  /** The first schedule (the only one, for a job with one). */
  readonly schedule: scheduler.Schedule;
  readonly schedules: scheduler.Schedule[];

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const { schedule, timeZone, input, schedules, ...fn } = props;
    const specs: JobSchedule[] = [
      ...(schedule ? [{ id: 'Schedule', expression: schedule, input, description: props.description }] : []),
      ...(schedules ?? []),
    ];
    if (specs.length === 0) throw new Error(`ScheduledJob ${id}: give schedule or schedules`);
    this.job = new ChitieuFunction(this, 'Job', fn);
    // A role per job, for its schedules only (the default is one shared by every schedule of the stack).
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
    this.schedules = specs.map((s) => new scheduler.Schedule(this, s.id, {
      description: s.description ?? props.description,
      schedule: scheduler.ScheduleExpression.expression(s.expression, TimeZone.of(timeZone)),
      target: new targets.LambdaInvoke(this.job.function, {
        input: scheduler.ScheduleTargetInput.fromObject(s.input ?? { source: 'schedule' }),
        role,
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: props.deadLetterQueue,
      }),
    }));
    this.schedule = this.schedules[0];
  }
}
