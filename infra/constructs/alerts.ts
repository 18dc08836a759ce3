/**
 * Who hears about what: an alarm topic (CloudWatch alarms) and a digest topic (each comparison
 * digest's link), both KMS-encrypted and TLS-only, with an optional e-mail subscription.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledge.ts';
import type { WarehouseStorage } from './warehouse-storage.ts';

export interface AlertsProps {
  storage: WarehouseStorage;
  /** Subscribed to both topics (a confirmation e-mail is sent on deploy). */
  email?: string;
}

export class Alerts extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly digestTopic: sns.Topic;
  private readonly messageKey: kms.IKey;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    this.messageKey = props.storage.messageKey;
    const common = { masterKey: props.storage.messageKey, enforceSSL: true };
    this.alarmTopic = new sns.Topic(this, 'Alarms', { ...common, displayName: 'chitieu cảnh báo / alarms' });
    this.digestTopic = new sns.Topic(this, 'Digests', { ...common, displayName: 'chitieu bản tin so sánh / comparison digests' });
    // CloudWatch publishes alarms into the encrypted topic with its own service identity.
    props.storage.allowServiceToUseMessageKey('cloudwatch.amazonaws.com', 'CloudWatchAlarmsToEncryptedTopic');
    if (props.email) {
      for (const topic of [this.alarmTopic, this.digestTopic]) {
        const sub = topic.addSubscription(new subs.EmailSubscription(props.email));
        acknowledge(
          sub,
          'Serverless-SNSRedrivePolicy',
          'E-mail subscription: SNS retries e-mail delivery itself; a message that still fails is not lost information (the alarm state and history stay in CloudWatch, the digest stays in results/compare/).',
        );
      }
    }
  }

  /** An alarm that notifies the alarm topic (and its recovery too). */
  alarm(scope: Construct, id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, { treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, ...props });
    alarm.addAlarmAction(new actions.SnsAction(this.alarmTopic));
    alarm.addOkAction(new actions.SnsAction(this.alarmTopic));
    return alarm;
  }

  /** Publish to the digest topic, with exactly the key actions SNS needs for an encrypted topic. */
  grantPublishDigest(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({ grantee, actions: ['sns:Publish'], resourceArns: [this.digestTopic.topicArn] });
    this.messageKey.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
  }
}
