/** The local server's Host and Origin checks (issue 14 §6), on requests as a browser would send them. */
import { describe, expect, it } from 'vitest';
import { allowedHosts, checkLocalRequest } from '../../functions/api/local-guard.ts';

const req = (headers: Record<string, string>) => new Request('http://127.0.0.1:8787/api/calendar', { headers });
const status = (headers: Record<string, string>, opts: Parameters<typeof checkLocalRequest>[1] = { port: () => 8787 }) => checkLocalRequest(req(headers), opts)?.status ?? 200;

describe('local guard', () => {
  it('answers loopback names with its port, in any case, with or without a same-origin Origin', () => {
    expect(status({ host: '127.0.0.1:8787' })).toBe(200);
    expect(status({ host: 'LOCALHOST:8787', origin: 'http://localhost:8787' })).toBe(200);
    expect(status({ host: '[::1]:8787', origin: 'http://[::1]:8787' })).toBe(200);
  });

  it('refuses other hosts, other ports, a missing Host, and foreign or opaque origins', () => {
    expect(status({ host: 'attacker.example:8787' })).toBe(403); // DNS rebinding: the page's own name
    expect(status({ host: '127.0.0.1:8788' })).toBe(403);
    expect(status({ host: '127.0.0.1' })).toBe(403);
    expect(status({})).toBe(403);
    expect(status({ host: '127.0.0.1:8787', origin: 'http://attacker.example' })).toBe(403);
    expect(status({ host: '127.0.0.1:8787', origin: 'https://127.0.0.1:8787' })).toBe(403);
    expect(status({ host: '127.0.0.1:8787', origin: 'null' })).toBe(403);
    expect(status({ host: '127.0.0.1:8787', origin: 'http://127.0.0.1:8787.attacker.example' })).toBe(403);
  });

  it('adds the listening address and allowed names, never a wildcard', () => {
    expect([...allowedHosts({ port: () => 80, host: '0.0.0.0' })]).toEqual(['localhost:80', '127.0.0.1:80', '[::1]:80']);
    expect(allowedHosts({ port: () => 80, host: '192.168.1.5' }).has('192.168.1.5:80')).toBe(true);
    expect(allowedHosts({ port: () => 80, host: '::', extraHosts: ['phan-tich.local', 'fe80::1'] })).toEqual(new Set(['localhost:80', '127.0.0.1:80', '[::1]:80', 'phan-tich.local:80', '[fe80::1]:80']));
    expect(status({ host: 'phan-tich.local:8787', origin: 'http://phan-tich.local:8787' }, { port: () => 8787, host: '0.0.0.0', extraHosts: ['phan-tich.local'] })).toBe(200);
  });
});
