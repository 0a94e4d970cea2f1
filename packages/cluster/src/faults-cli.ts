// `npm run faults -- [--bus redis|nats] [--scenarios a,b] [--load-users N]`: the fault scenarios on a
// private local cluster, with a figures table at the end. Exits 1 if any post was lost or duplicated.
import { parseArgs } from 'node:util';
import { FAULT_DEFAULTS, formatResult, runFaults, SCENARIOS, type ScenarioName } from './faults.js';

const { values } = parseArgs({
  options: {
    bus: { type: 'string', default: 'redis' },
    nodes: { type: 'string', default: String(FAULT_DEFAULTS.nodes) },
    scenarios: { type: 'string', default: SCENARIOS.join(',') },
    'load-users': { type: 'string', default: String(FAULT_DEFAULTS.loadUsers) },
    'load-speed': { type: 'string', default: String(FAULT_DEFAULTS.loadSpeed) },
    probes: { type: 'string', default: String(FAULT_DEFAULTS.probes) },
    json: { type: 'boolean', default: false },
  },
});
if (values.bus !== 'redis' && values.bus !== 'nats') throw new Error('--bus must be redis or nats');
const scenarios = values.scenarios.split(',').map((s) => s.trim());
for (const s of scenarios) if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`unknown scenario ${s}; one of ${SCENARIOS.join(', ')}`);

const results = await runFaults({
  bus: values.bus,
  nodes: Number(values.nodes),
  scenarios: scenarios as ScenarioName[],
  loadUsers: Number(values['load-users']),
  loadSpeed: Number(values['load-speed']),
  probes: Number(values.probes),
});
console.log('\nfault scenarios:');
for (const r of results) console.log(formatResult(r));
if (values.json) console.log(JSON.stringify(results, null, 2));
const bad = results.filter((r) => r.abandoned > 0 || r.lost > 0 || r.duplicates > 0 || r.notStored > 0);
process.exit(bad.length > 0 ? 1 : 0);
