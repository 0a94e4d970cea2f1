// Upload throughput benchmark: a server in its own process (bench/server.ts, SQLite or PostgreSQL, local
// file store in a temp dir), one team and channel, then N uploads over HTTP with C in flight — plain files
// of a given size, then PNG images (which also get a thumbnail and a preview from sharp). Prints files/s,
// MB/s, per-upload p50/p99 and the server's CPU per MB. A benchmark, not a test: it never fails npm test.
//
//   node --import tsx packages/server/bench/upload.ts [--files 200] [--size-kb 1024] [--images 50]
//       [--concurrency 8] [--engine sqlite|postgres]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import sharp from 'sharp';

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '200' },
    'size-kb': { type: 'string', default: '1024' },
    images: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '8' },
    engine: { type: 'string', default: 'sqlite' },
  },
});
const ROOT = path.resolve(import.meta.dirname, '../../..');
const PASSWORD = 'Passw0rd!bench';

function cpuSeconds(pid: number): number {
  const rest = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(rest[11]) + Number(rest[12])) / 100;
}

const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'server.ts'), '--engine', args.engine], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
const first = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
const { url, pid } = JSON.parse(first) as { url: string; pid: number };

async function api<T>(method: string, p: string, token: string, body?: unknown): Promise<{ body: T; token: string }> {
  const res = await fetch(`${url}/api/v4${p}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return { body: (await res.json()) as T, token: res.headers.get('token') ?? '' };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function run(label: string, count: number, make: (i: number) => { name: string; data: Uint8Array<ArrayBuffer>; type: string }, token: string, channelId: string): Promise<void> {
  const concurrency = Number(args.concurrency);
  const times: number[] = [];
  let bytes = 0;
  let next = 0;
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const f = make(next++);
        const fd = new FormData();
        fd.append('channel_id', channelId);
        fd.append('files', new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
        const t = performance.now();
        const res = await fetch(`${url}/api/v4/files`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: fd });
        if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        times.push(performance.now() - t);
        bytes += f.data.length;
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(pid) - cpu0;
  const mb = bytes / 1024 / 1024;
  console.log(
    `${label.padEnd(28)} ${count} uploads, ${mb.toFixed(1)} MB in ${secs.toFixed(1)} s: ${(count / secs).toFixed(1)} files/s, ${(mb / secs).toFixed(1)} MB/s; ` +
      `p50 ${pct(times, 50).toFixed(0)} ms p99 ${pct(times, 99).toFixed(0)} ms; server CPU ${((cpu / mb) * 1000).toFixed(0)} ms per MB, ${((cpu / count) * 1000).toFixed(1)} ms per upload`,
  );
}

try {
  await api('POST', '/users', '', { username: 'benchadmin', email: 'benchadmin@example.com', password: PASSWORD });
  const { token } = await api('POST', '/users/login', '', { login_id: 'benchadmin', password: PASSWORD });
  const team = (await api<{ id: string }>('POST', '/teams', token, { name: 'uploads', display_name: 'Uploads', type: 'O' })).body;
  const channel = (await api<{ id: string }>('POST', '/channels', token, { team_id: team.id, name: 'files', display_name: 'Files', type: 'O' })).body;
  const size = Number(args['size-kb']) * 1024;
  const blob = new Uint8Array(size).map((_, i) => (i * 7919) & 0xff);
  console.log(`engine ${args.engine}, ${args.concurrency} uploads in flight, server pid ${pid}, client and server on this machine`);
  await run(`plain files of ${args['size-kb']} KB`, Number(args.files), (i) => ({ name: `f${i}.bin`, data: blob, type: 'application/octet-stream' }), token, channel.id);
  const png = new Uint8Array(await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#4477aa' } }).png().toBuffer());
  await run(`PNG 1600×1200 (${(png.length / 1024).toFixed(0)} KB)`, Number(args.images), (i) => ({ name: `p${i}.png`, data: png, type: 'image/png' }), token, channel.id);
} finally {
  child.kill('SIGTERM');
}
