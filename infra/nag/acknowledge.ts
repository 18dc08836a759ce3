/**
 * cdk-nag acknowledgements, always scoped to one construct and one finding, with the reason a
 * reviewer needs. Constructs acknowledge next to the code that causes the finding; CDK-internal
 * resources are handled in acknowledgements.ts. (cdk-nag v3: CDK's Validations API.)
 */
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** How cdk-nag prints a reference to a resource's attribute in a finding: `<LogicalId.Arn>`. */
export function nagRef(resource: IConstruct, attribute = 'Arn'): string {
  const cfn = CfnResource.isCfnResource(resource) ? resource : (resource.node.defaultChild as CfnResource);
  const stack = Stack.of(cfn);
  return `<${stack.resolve(stack.getLogicalId(cfn))}.${attribute}>`;
}
