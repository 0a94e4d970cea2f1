// The API fuzzer's client, in a worker thread so that drawing and sending requests has a core of its own
// while the server under test keeps the main thread. Per route: draw the requests, send them in batches and
// after each batch wait for the main thread (which fingerprints the database) to say go on.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { complaint, pathOf, requestArbitrary, runLimited, send, type Actor, type Answer, type FuzzRoute } from './fuzz-requests.js';

export interface WorkerSetup {
  url: string;
  pool: string[];
  inFlight: number;
  batch: number;
}

export interface RouteJob {
  type: 'route';
  route: FuzzRoute;
  tokens: Record<Actor, string>;
  actors: Actor[];
  count: number;
  seed: number;
}

export interface BatchReport {
  type: 'batch';
  statuses: number[];
  failures: string[];
  last: boolean;
}

const setup = workerData as WorkerSetup;
const port = parentPort!;
const base = new URL(setup.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: setup.inFlight });

let resume: (() => void) | undefined;
const goOn = () => new Promise<void>((r) => (resume = r));

async function fuzzRoute(job: RouteJob): Promise<void> {
  const { route, tokens } = job;
  const key = `${route.method} ${route.url}`;
  const requests = fc.sample(requestArbitrary(route, setup.pool, job.actors), { numRuns: job.count, seed: job.seed });
  for (let start = 0; start < requests.length || start === 0; start += setup.batch) {
    const batch = requests.slice(start, start + setup.batch);
    const answers = await runLimited(
      batch.map((r) => () => {
        const headers: Record<string, string> = {};
        if (r.actor !== 'anon') headers.authorization = `Bearer ${tokens[r.actor]}`;
        let payload: string | undefined;
        if (r.body.kind === 'json') {
          payload = JSON.stringify(r.body.value) ?? 'null';
          headers['content-type'] = 'application/json';
        } else if (r.body.kind === 'raw') {
          payload = r.body.text;
          if (r.body.contentType) headers['content-type'] = r.body.contentType;
        }
        return send(agent, base, route.method, pathOf(route, r), headers, payload).catch((err: Error): Answer => ({ status: 0, contentType: '', text: err.message }));
      }),
      setup.inFlight,
    );
    const failures: string[] = [];
    answers.forEach((a, i) => {
      const bad = complaint(a);
      if (!bad) return;
      const r = batch[i]!;
      failures.push(`${key} as ${r.actor}: ${pathOf(route, r).slice(0, 160)} body=${JSON.stringify(r.body).slice(0, 160)} → ${bad}: ${a.status} ${a.text.slice(0, 200)}`);
    });
    const last = start + setup.batch >= requests.length;
    const report: BatchReport = { type: 'batch', statuses: answers.map((a) => a.status), failures, last };
    const next = goOn();
    port.postMessage(report);
    await next;
  }
}

port.on('message', (msg: RouteJob | { type: 'continue' } | { type: 'stop' }) => {
  if (msg.type === 'continue') resume?.();
  else if (msg.type === 'route') void fuzzRoute(msg);
  else {
    agent.destroy();
    port.close();
  }
});
