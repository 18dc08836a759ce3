/**
 * What keeps other web pages from driving the local server (`chitieu serve` on the analyst's
 * machine), checked before any route:
 * - the Host header must name this server (localhost, 127.0.0.1 or [::1], with its port — or the
 *   one host it was told to listen on): a DNS-rebinding page reaches 127.0.0.1 under its own
 *   name, and is refused here;
 * - an Origin header, when the browser sends one, must be this server's own origin: a page of
 *   another site may not post to the API even with a "simple" request.
 * Requests without Origin (curl, the CLI, same-origin GETs of some browsers) pass the second check.
 * The JSON content-type rule that stops simple-request CSRF is in app.ts (it holds in AWS too).
 */

export interface LocalGuardOptions {
  /** The port the server listens on (known once it listens). */
  port: () => number;
  /** The address it was asked to listen on ('127.0.0.1' by default; a LAN address is allowed too). */
  host?: string;
  /** Other names it may be reached by (`chitieu serve --allow-host`), e.g. a LAN name when listening on 0.0.0.0. */
  extraHosts?: readonly string[];
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

function refusal(code: string, vi: string, en: string): Response {
  return new Response(JSON.stringify({ error: { code, message_vi: vi, message_en: en } }), {
    status: 403,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** The hosts (with port) this server answers to. */
export function allowedHosts(opts: LocalGuardOptions): Set<string> {
  const port = opts.port();
  const names = [...LOOPBACK];
  for (const h of [opts.host, ...(opts.extraHosts ?? [])]) {
    const host = h?.toLowerCase();
    if (host && !WILDCARD.has(host) && !names.includes(host)) names.push(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  }
  return new Set(names.map((n) => `${n}:${port}`));
}

/** A Response refusing the request, or undefined to let it through. */
export function checkLocalRequest(req: Request, opts: LocalGuardOptions): Response | undefined {
  const hosts = allowedHosts(opts);
  const host = req.headers.get('host')?.toLowerCase();
  if (!host || !hosts.has(host)) {
    return refusal(
      'bad_host',
      `Máy chủ cục bộ chỉ trả lời địa chỉ ${[...hosts].join(', ')} (nhận được "${(host ?? '').slice(0, 100)}"). Hãy mở trình khám phá bằng địa chỉ chitieu in ra khi khởi động.`,
      `The local server answers only ${[...hosts].join(', ')} (got "${(host ?? '').slice(0, 100)}"). Open the explorer at the address chitieu printed when it started.`,
    );
  }
  const origin = req.headers.get('origin');
  if (origin !== null && !(origin.startsWith('http://') && hosts.has(origin.slice('http://'.length).toLowerCase()))) {
    return refusal(
      'bad_origin',
      `Trang web khác (${origin.slice(0, 100)}) không được gọi máy chủ cục bộ.`,
      `Another site (${origin.slice(0, 100)}) may not call the local server.`,
    );
  }
  return undefined;
}
