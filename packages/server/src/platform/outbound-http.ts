// Outbound HTTP for integrations (outgoing webhooks, custom slash commands): requests go only where a
// user-supplied URL may safely lead. Mattermost's rules (services/httpservice): http and https only, the
// host name is resolved here and every address must be public — loopback, private, link-local (cloud
// metadata), CGNAT, multicast, reserved and this machine's own addresses are refused unless the host or
// address is in AllowedUntrustedInternalConnections — and the connection goes to the address that was
// checked, so a DNS answer that changes between check and connect (rebinding) cannot redirect it. On top:
// one deadline for the whole exchange, a cap on the response size (read as a stream, cut beyond it), and
// redirects are not followed.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';

export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'multicast'
  | 'reserved'
  | 'unique_local';

export type OutboundErrorCode = 'invalid_url' | 'refused' | 'timeout' | 'too_large' | 'redirect' | 'network';

export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

// ---- addresses ----------------------------------------------------------------------------------------

/** Four bytes for IPv4, sixteen for IPv6; undefined when not an IP literal. */
export function parseIp(ip: string): Uint8Array | undefined {
  const kind = net.isIP(ip);
  if (kind === 4) return new Uint8Array(ip.split('.').map(Number));
  if (kind !== 6) return undefined;
  let text = ip.split('%')[0]!;
  const out = new Uint8Array(16);
  // A trailing dotted quad (::ffff:1.2.3.4) becomes the last two groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const v4 = quad[1]!.split('.').map(Number);
    text = `${text.slice(0, -quad[1]!.length)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  all.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

function inPrefix(bytes: Uint8Array, prefix: Uint8Array, bits: number): boolean {
  if (bytes.length !== prefix.length) return false;
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[i / 8]! & mask) !== (prefix[i / 8]! & mask)) return false;
  }
  return true;
}

const v4 = (a: number, b = 0, c = 0, d = 0) => new Uint8Array([a, b, c, d]);

const V4_RANGES: Array<[Uint8Array, number, AddressClass]> = [
  [v4(0), 8, 'unspecified'],
  [v4(10), 8, 'private'],
  [v4(100, 64), 10, 'cgnat'],
  [v4(127), 8, 'loopback'],
  [v4(169, 254), 16, 'link_local'],
  [v4(172, 16), 12, 'private'],
  [v4(192, 0, 0), 24, 'reserved'],
  [v4(192, 0, 2), 24, 'reserved'],
  [v4(192, 88, 99), 24, 'reserved'],
  [v4(192, 168), 16, 'private'],
  [v4(198, 18), 15, 'reserved'],
  [v4(198, 51, 100), 24, 'reserved'],
  [v4(203, 0, 113), 24, 'reserved'],
  [v4(224), 4, 'multicast'],
  [v4(240), 4, 'reserved'],
];

function classifyV4(b: Uint8Array): AddressClass {
  for (const [prefix, bits, cls] of V4_RANGES) if (inPrefix(b, prefix, bits)) return cls;
  return 'public';
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedV4(b: Uint8Array): Uint8Array | undefined {
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12); // ::ffff:a.b.c.d
  if (zeros(0, 12) && !zeros(12, 16)) return b.slice(12); // ::a.b.c.d (deprecated "compatible")
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return b.slice(12); // 64:ff9b::/96
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6); // 2002::/16, 6to4
  return undefined;
}

/** Which kind of address this is; anything but 'public' is refused unless allow-listed. */
export function classifyAddress(ip: string): AddressClass {
  const b = parseIp(ip);
  if (!b) return 'reserved';
  if (b.length === 4) return classifyV4(b);
  if (b.every((x) => x === 0)) return 'unspecified';
  if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return 'loopback';
  const inner = embeddedV4(b);
  if (inner) {
    const cls = classifyV4(inner);
    // A 6to4 or NAT64 address wrapping a public IPv4 address is still a public destination.
    return cls;
  }
  if ((b[0]! & 0xfe) === 0xfc) return 'unique_local'; // fc00::/7
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return 'link_local'; // fe80::/10
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0) return 'private'; // fec0::/10, old site-local
  if (b[0] === 0xff) return 'multicast';
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return 'reserved'; // 2001:db8::/32, documentation
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x00 && b[3] === 0x00) return 'reserved'; // 2001::/32, Teredo
  if (b[0] === 0x01 && b[1] === 0x00 && b.slice(2, 8).every((x) => x === 0)) return 'reserved'; // 100::/64, discard
  return 'public';
}

/** IPv4-mapped IPv6 addresses compare as the IPv4 address they carry. */
function normalised(b: Uint8Array): Uint8Array {
  if (b.length === 16 && b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return b.slice(12);
  return b;
}

// ---- the allow-list -----------------------------------------------------------------------------------

/**
 * AllowedUntrustedInternalConnections: space- (or comma-) separated host names, addresses and CIDR
 * ranges. A listed host name lets every address it resolves to through; a listed address or range lets
 * that address through whatever name led to it.
 */
export class AllowList {
  private readonly hosts = new Set<string>();
  private readonly ranges: Array<{ prefix: Uint8Array; bits: number }> = [];

  constructor(spec: string) {
    for (const entry of spec.split(/[\s,]+/).filter(Boolean)) {
      const [addr, len] = entry.split('/') as [string, string | undefined];
      const bytes = parseIp(addr.replace(/^\[(.*)\]$/, '$1'));
      if (bytes) {
        const n = normalised(bytes);
        const shift = bytes.length === 16 && n.length === 4 ? 96 : 0;
        const bits = len === undefined ? n.length * 8 : Number(len) - shift;
        if (Number.isInteger(bits) && bits >= 0 && bits <= n.length * 8) this.ranges.push({ prefix: n, bits });
      } else if (len === undefined) {
        this.hosts.add(normaliseHost(entry));
      }
    }
  }

  allowsHost(host: string): boolean {
    return this.hosts.has(normaliseHost(host));
  }

  allowsAddress(ip: string): boolean {
    const b = parseIp(ip);
    if (!b) return false;
    const n = normalised(b);
    return this.ranges.some((r) => inPrefix(n, r.prefix, r.bits));
  }
}

function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
}

function ownAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) out.add(a.address.split('%')[0]!);
  return out;
}

// ---- requests -----------------------------------------------------------------------------------------

export interface OutboundRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface OutboundResponse {
  status: number;
  /** Lower-case header names. */
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Resolver = (host: string) => Promise<Array<{ address: string; family: number }>>;

export interface OutboundOptions {
  /** AllowedUntrustedInternalConnections. */
  allowList?: string;
  /** One deadline for DNS, connect, request and response. */
  timeoutMs: number;
  /** Larger responses are cut off and fail (default 1 MiB, Mattermost's MaxIntegrationResponseSize). */
  maxBytes?: number;
  /** DNS resolution (tests substitute their own). */
  resolve?: Resolver;
}

const defaultResolve: Resolver = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

export class OutboundHttp {
  private readonly allow: AllowList;
  private readonly maxBytes: number;
  private readonly resolve: Resolver;

  constructor(private readonly opts: OutboundOptions) {
    this.allow = new AllowList(opts.allowList ?? '');
    this.maxBytes = opts.maxBytes ?? 1024 * 1024;
    this.resolve = opts.resolve ?? defaultResolve;
  }

  /**
   * The addresses of host that may be contacted, in resolver order. Throws `refused` when there are
   * none, naming why, and `network` when the name does not resolve.
   */
  async checkedAddresses(host: string): Promise<Array<{ address: string; family: number }>> {
    const bare = normaliseHost(host);
    const literal = net.isIP(bare);
    let found: Array<{ address: string; family: number }>;
    if (literal) {
      found = [{ address: bare, family: literal }];
    } else {
      try {
        found = await this.resolve(bare);
      } catch (err) {
        throw new OutboundError('network', `cannot resolve ${bare}: ${(err as Error).message}`);
      }
      if (found.length === 0) throw new OutboundError('network', `cannot resolve ${bare}`);
    }
    if (this.allow.allowsHost(bare)) return found;
    const own = ownAddresses();
    const allowed = found.filter((a) => {
      const cls = classifyAddress(a.address);
      const mine = own.has(a.address);
      return (cls === 'public' && !mine) || this.allow.allowsAddress(a.address);
    });
    if (allowed.length === 0) {
      const first = found[0]!;
      const why = own.has(first.address) && classifyAddress(first.address) === 'public' ? 'this server' : classifyAddress(first.address).replace('_', '-');
      throw new OutboundError(
        'refused',
        `refusing to connect to ${bare} (${first.address}, ${why} address): internal addresses need AllowedUntrustedInternalConnections`,
      );
    }
    return allowed;
  }

  /** Sends one request; resolves with any HTTP status but a redirect, rejects with an OutboundError. */
  async request(req: OutboundRequest): Promise<OutboundResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new OutboundError('invalid_url', 'invalid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('invalid_url', `unsupported URL scheme ${url.protocol}`);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs);
    try {
      return await Promise.race([
        this.send(url, req, controller.signal),
        new Promise<never>((_, reject) => {
          controller.signal.addEventListener('abort', () => reject(new OutboundError('timeout', `no answer from ${url.host} within ${this.opts.timeoutMs} ms`)), { once: true });
        }),
      ]);
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }

  private async send(url: URL, req: OutboundRequest, signal: AbortSignal): Promise<OutboundResponse> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const [target] = await this.checkedAddresses(host);
    if (signal.aborted) throw new OutboundError('timeout', 'timed out');
    const pinned = target!;
    // The connection uses the address checked above, whatever the resolver would say now.
    const lookup = ((_h: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
      if (options?.all) cb(null, [{ address: pinned.address, family: pinned.family }]);
      else cb(null, pinned.address, pinned.family);
    }) as unknown as net.LookupFunction;
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (body) headers['Content-Length'] = String(body.length);
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<OutboundResponse>((resolve, reject) => {
      const r = client.request(
        {
          protocol: url.protocol,
          host,
          port: url.port || (url.protocol === 'https:' ? 443 : 80),
          path: `${url.pathname}${url.search}`,
          method: req.method,
          headers,
          lookup,
          signal,
          // No pooled sockets: each request is checked and connected on its own.
          agent: false,
          ...(url.username ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {}),
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400) {
            res.destroy();
            reject(new OutboundError('redirect', `${url.host} answered ${status} (redirects are not followed)`));
            return;
          }
          const declared = Number(res.headers['content-length'] ?? '0');
          if (declared > this.maxBytes) {
            res.destroy();
            reject(new OutboundError('too_large', `response larger than ${this.maxBytes} bytes`));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxBytes) {
              res.destroy();
              reject(new OutboundError('too_large', `response larger than ${this.maxBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', (err) => reject(new OutboundError('network', err.message)));
        },
      );
      r.on('error', (err) => reject(signal.aborted ? new OutboundError('timeout', 'timed out') : new OutboundError('network', err.message)));
      if (body) r.write(body);
      r.end();
    });
  }
}
