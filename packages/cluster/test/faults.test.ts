// The four fault scenarios on a private three-node cluster (its own PostgreSQL, Redis and NATS processes on
// free ports, HAProxy in front, load-test users running): nothing acknowledged may be lost or stored twice,
// errors may only happen while the fault lasts, and a graceful rolling restart shows clients no error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatResult, runFaults, type ScenarioResult } from '../src/faults.js';

function checkResult(r: ScenarioResult): void {
  const line = formatResult(r);
  assert.ok(r.acknowledged >= 40, `enough posts acknowledged to mean something: ${line}`);
  assert.equal(r.abandoned, 0, `every post eventually acknowledged, no manual restart: ${line}`);
  // A lost post fails with its creation time relative to the fault and the missing clients' timelines.
  assert.equal(r.lost, 0, `no acknowledged post lost: ${line}\n${r.lostDetail.join('\n')}`);
  assert.equal(r.duplicates, 0, `no post stored twice: ${line}`);
  assert.equal(r.notStored, 0, `every acknowledged post stored: ${line}`);
  assert.equal(r.stored, r.acknowledged, line);
  assert.equal(r.errorsOutsideFault, 0, `errors only while the fault lasts: ${line} ${r.sampleErrors.join(' | ')}`);
  assert.ok(r.recoveryMs < 30_000, `recovered within 30 s: ${line}`);
}

describe('fault scenarios under load', { timeout: 10 * 60_000 }, () => {
  it('redis bus: rolling restart, kill -9 of a node, PostgreSQL restart, bus restart', async () => {
    const results = await runFaults({ bus: 'redis', loadUsers: 30, log: (m) => process.stdout.write(`# ${m}\n`) });
    assert.equal(results.length, 4);
    for (const r of results) checkResult(r);
    const rolling = results.find((r) => r.scenario === 'rolling-restart')!;
    // Every node stopped once: clients moved, none saw an error (drain, then stop accepting, then close).
    assert.equal(rolling.probeErrors, 0, `graceful restarts are invisible to clients: ${rolling.sampleErrors.join(' | ')}`);
    assert.ok(rolling.reconnects >= 1, 'sockets on the stopped nodes reconnected elsewhere');
    const bus = results.find((r) => r.scenario === 'bus-restart')!;
    assert.ok(bus.resyncs >= 1, 'clients resynced after the bus gap');
  });

  it('nats bus: kill -9 of a node and bus restart', async () => {
    const results = await runFaults({ bus: 'nats', loadUsers: 20, scenarios: ['kill-node', 'bus-restart'], log: (m) => process.stdout.write(`# ${m}\n`) });
    for (const r of results) checkResult(r);
    assert.ok(results.find((r) => r.scenario === 'bus-restart')!.resyncs >= 1);
  });
});
