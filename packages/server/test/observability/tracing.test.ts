// One createPost is one trace: HTTP → app → store → SQL, then bus publish → bus deliver → hub → WebSocket
// send, continuing the caller's `traceparent`; and a bus message carries the context to another node.
// Runs in its own process (node's test runner gives each file one), so registering a global tracer
// provider here affects no other suite.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { context, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { LocalBus } from '../../src/events/local-bus.js';
import { ObservedBus } from '../../src/events/observed-bus.js';
import type { ServerEvent } from '../../src/events/event.js';
import { startTracing, type TracingHandle } from '../../src/platform/tracing.js';
import { engines, makeAdmin, makeUser, raw, startTestServer, uniqueName, type TestServer, type TestUser } from '../harness.js';
import { RawSocket } from '../ws-harness.js';

const exporter = new InMemorySpanExporter();
let tracing: TracingHandle;

before(async () => {
  tracing = await startTracing({ mode: 'custom', exporter, nodeId: 'trace-test', version: 'test' });
});
after(async () => {
  await tracing.shutdown();
});

const idOf = (s: ReadableSpan) => s.spanContext().spanId;
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

/** The one span of this trace with that name; fails listing what there is otherwise. */
function one(spans: ReadableSpan[], name: string | RegExp): ReadableSpan {
  const hits = spans.filter((s) => (typeof name === 'string' ? s.name === name : name.test(s.name)));
  assert.equal(hits.length, 1, `expected one span ${String(name)}, got ${hits.length} in: ${spans.map((s) => s.name).join(', ')}`);
  return hits[0]!;
}

function isDescendant(spans: ReadableSpan[], child: ReadableSpan, ancestor: ReadableSpan): boolean {
  const byId = new Map(spans.map((s) => [idOf(s), s]));
  for (let cur: ReadableSpan | undefined = child; cur; cur = byId.get(parentOf(cur) ?? '')) if (cur === ancestor) return true;
  return false;
}

for (const engine of engines()) {
  describe(`tracing [${engine}]`, () => {
    let srv: TestServer;
    let admin: TestUser;
    let member: TestUser;
    let channelId: string;
    let sock: RawSocket;

    before(async () => {
      srv = await startTestServer(engine);
      admin = await makeAdmin(srv.url);
      member = await makeUser(srv.url, admin.client);
      const team = await admin.client.createTeam({ name: uniqueName('team'), display_name: 'Traced', type: 'O' } as never);
      const channel = await admin.client.createChannel({ team_id: team.id, name: uniqueName('chan'), display_name: 'Traced', type: 'O' } as never);
      await admin.client.addToTeam(team.id, member.user.id);
      await admin.client.addToChannel(member.user.id, channel.id);
      channelId = channel.id;
      sock = await RawSocket.open(srv.url, { token: member.client.getToken() });
      await sock.waitFor((f) => f.event === 'hello');
    });
    after(async () => {
      sock.close();
      await srv.close();
    });

    test('one createPost is one trace from the request to the recipient socket', async () => {
      await srv.parley.hub.drain();
      exporter.reset();
      const published: ServerEvent[] = [];
      const unsubscribe = srv.parley.bus.subscribe((e) => published.push(e));
      // The caller's trace context: the request continues it.
      const callerTrace = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
      const callerSpan = '1122334455667788';
      const res = await raw(srv.url, 'POST', '/api/v4/posts', {
        token: admin.client.getToken(),
        body: { channel_id: channelId, message: 'traced message' },
        headers: { traceparent: `00-${callerTrace}-${callerSpan}-01` },
      });
      assert.equal(res.status, 201);
      await sock.waitFor((f) => f.event === 'posted' && JSON.stringify(f.data).includes('traced message'));
      await srv.parley.hub.drain();
      unsubscribe();

      const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === callerTrace);
      const http = one(spans, 'POST /api/v4/posts');
      assert.equal(http.kind, SpanKind.SERVER);
      assert.equal(parentOf(http), callerSpan, 'the request continues the incoming traceparent');
      assert.equal(http.attributes['http.response.status_code'], 201);

      const app = one(spans, 'app.posts.createPost');
      assert.equal(parentOf(app), idOf(http));

      const save = one(spans, 'PostStore.Save');
      assert.equal(parentOf(save), idOf(app), 'store calls are children of the app call');
      const insert = one(spans, 'INSERT posts');
      assert.equal(parentOf(insert), idOf(save), 'SQL statements are children of the store call');
      assert.equal(insert.kind, SpanKind.CLIENT);
      assert.equal(insert.attributes['db.system.name'], engine === 'postgres' ? 'postgresql' : 'sqlite');
      assert.match(String(insert.attributes['db.query.text']), /insert into "posts"/i);
      // The transaction's own statements belong to the same app call.
      assert.ok(spans.some((s) => /^COMMIT$/i.test(s.name) && parentOf(s) === idOf(app)), 'COMMIT under the app span');

      const publish = one(spans, 'bus.publish posted');
      assert.equal(publish.kind, SpanKind.PRODUCER);
      assert.equal(parentOf(publish), idOf(app), 'published after commit, inside the app call');
      // One delivery per subscriber: the hub's, and this test's own capture.
      const deliveries = spans.filter((s) => s.name === 'bus.deliver posted');
      assert.equal(deliveries.length, 2);
      for (const d of deliveries) {
        assert.equal(d.kind, SpanKind.CONSUMER);
        assert.equal(parentOf(d), idOf(publish));
      }
      const hub = one(spans, 'hub.broadcast posted');
      const deliver = deliveries.find((d) => idOf(d) === parentOf(hub));
      assert.ok(deliver, 'the hub works inside its bus delivery');
      const send = one(spans, 'ws.send posted');
      assert.equal(parentOf(send), idOf(hub));
      assert.ok((send.attributes['parley.ws.recipients'] as number) >= 1);

      for (const s of [app, save, insert, publish, deliver, hub, send]) assert.ok(isDescendant(spans, s, http));

      // The event on the bus carries the publish span's context, which is what crosses to other nodes.
      const posted = published.find((e) => e.event === 'posted');
      assert.ok(posted?.trace, 'posted event carries trace context');
      assert.equal(posted.trace.traceparent, `00-${callerTrace}-${idOf(publish)}-01`);
      // Statements are recorded with placeholders: the message text never reaches a span.
      assert.ok(spans.every((s) => !JSON.stringify(s.attributes).includes('traced message')));
    });

    test('a bus message continues its trace on another node', async () => {
      exporter.reset();
      const published: ServerEvent[] = [];
      const unsubscribe = srv.parley.bus.subscribe((e) => published.push(e));
      await admin.client.createPost({ channel_id: channelId, message: 'cross-node' } as never);
      await srv.parley.hub.drain();
      unsubscribe();
      const event = published.find((e) => e.event === 'posted');
      assert.ok(event?.trace);
      const publish = one(exporter.getFinishedSpans(), 'bus.publish posted');

      // Node B: its bus adapter receives the message as a cluster transport carries it (serialised), in
      // no active context; node B's ObservedBus continues the trace from the message alone.
      const transportB = new LocalBus();
      const nodeB = new ObservedBus(transportB, undefined);
      const received: string[] = [];
      nodeB.subscribe((e) => received.push(e.event));
      const wire = JSON.parse(JSON.stringify(event)) as ServerEvent;
      const seen = exporter.getFinishedSpans().length;
      await context.with(ROOT_CONTEXT, () => transportB.publish(wire));
      assert.deepEqual(received, ['posted']);
      const onB = exporter.getFinishedSpans().slice(seen);
      assert.equal(onB.length, 1, `node B: ${onB.map((s) => s.name).join(', ')}`);
      assert.equal(onB[0]!.name, 'bus.deliver posted');
      assert.equal(parentOf(onB[0]!), idOf(publish), 'node B continues from the publish span on node A');
      assert.equal(onB[0]!.spanContext().traceId, publish.spanContext().traceId);
      await nodeB.close();
    });
  });
}
