/**
 * The runtime configuration the deployment writes as /config.json (infra/chitieu-stack.ts):
 * `{ apiBase, auth: { region, userPoolId, clientId, hostedUi } }`. Locally there is none (the local
 * server answers the path with the app's own page), and then the explorer runs without sign-in.
 */

export interface AuthConfig {
  clientId: string;
  /** Base URL of the Cognito hosted UI, e.g. https://chitieu-prod-123.auth.ap-southeast-1.amazoncognito.com */
  hostedUi: string;
  region?: string;
  userPoolId?: string;
  /** Defaults to the scopes the explorer's app client allows. */
  scopes?: string[];
  /** Defaults to this page's origin: the app client's only callback and logout URL is the site's URL. */
  redirectUri?: string;
}

export interface RuntimeConfig {
  apiBase?: string;
  auth?: AuthConfig;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The config, keeping `auth` only when it names a client and an https hosted UI. */
export function parseRuntimeConfig(raw: unknown): RuntimeConfig | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  const out: RuntimeConfig = {};
  if (str(o.apiBase)) out.apiBase = str(o.apiBase);
  const a = o.auth as Record<string, unknown> | undefined;
  const clientId = str(a?.clientId);
  const hostedUi = str(a?.hostedUi);
  if (a && typeof a === 'object' && clientId && hostedUi) {
    let url: URL;
    try {
      url = new URL(hostedUi);
    } catch {
      return out;
    }
    // Tokens go to this host: never over plain HTTP, never to a path or query we did not expect.
    if (url.protocol !== 'https:') return out;
    out.auth = { clientId, hostedUi: url.origin };
    if (str(a.region)) out.auth.region = str(a.region);
    if (str(a.userPoolId)) out.auth.userPoolId = str(a.userPoolId);
    if (Array.isArray(a.scopes) && a.scopes.every((s) => typeof s === 'string')) out.auth.scopes = a.scopes as string[];
    if (str(a.redirectUri)) out.auth.redirectUri = str(a.redirectUri);
  }
  return out;
}

/**
 * /config.json of this origin, or undefined when there is none: 404, the local server's HTML
 * fallback, anything that is not a JSON object, or no answer at all — all mean local mode.
 */
export async function loadRuntimeConfig(fetchFn: typeof fetch = fetch): Promise<RuntimeConfig | undefined> {
  try {
    const res = await fetchFn('/config.json', { cache: 'no-cache', headers: { accept: 'application/json' } });
    if (!res.ok) return undefined;
    // Not the content type: whatever S3 labels the object, only its text decides.
    return parseRuntimeConfig(JSON.parse(await res.text()));
  } catch {
    return undefined;
  }
}
