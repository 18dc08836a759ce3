/**
 * Who may query: a Cognito user pool of analysts. Nobody signs themselves up (an administrator
 * invites each analyst), sign-in is by e-mail with a strong password and a required TOTP second
 * factor, threat protection blocks risky sign-ins, and the pool is never deleted with the stack.
 * The explorer signs in through the hosted UI (authorization code + PKCE, no client secret in the
 * browser) and sends the access token to the query API, whose JWT authorizer checks it.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface AnalystDirectoryProps {
  /** Hosted-UI domain prefix, unique per region across AWS. */
  domainPrefix: string;
}

export class AnalystDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: AnalystDirectoryProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Analysts', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      userInvitation: {
        emailSubject: 'Tài khoản chitieu / your chitieu account',
        emailBody:
          'Tên đăng nhập / user name: {username}<br>Mật khẩu tạm / temporary password: {####}<br>' +
          'Đăng nhập và đặt mật khẩu mới, rồi cài ứng dụng xác thực (TOTP). / Sign in, set a new password, then set up an authenticator app.',
      },
    });
    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix } });
  }

  /** The explorer's public client: code flow with PKCE, short-lived tokens, revocable. */
  addExplorerClient(id: string, siteUrl: string): cognito.UserPoolClient {
    return this.userPool.addClient(id, {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [siteUrl],
        logoutUrls: [siteUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /** The token issuer the API's JWT authorizer trusts. */
  get issuerUrl(): string {
    return `https://cognito-idp.${this.userPool.env.region}.amazonaws.com/${this.userPool.userPoolId}`;
  }

  /** Base URL of the hosted UI (sign-in, token endpoint). */
  get hostedUiUrl(): string {
    return this.domain.baseUrl();
  }
}
