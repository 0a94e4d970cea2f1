// `npm run cluster -- --nodes 3`: a local cluster for development on the machine's PostgreSQL and Redis
// (or NATS), N node processes behind HAProxy, until Ctrl-C.
import { parseArgs } from 'node:util';
import { buildServer, LocalCluster } from './local-cluster.js';
import { machinePostgresDatabase } from './services.js';

const HELP = `npm run cluster -- [options]
  --nodes N        app node processes (default 3)
  --bus redis|nats the cluster bus (default redis: ${process.env.PARLEY_CLUSTER_REDIS_URL ?? 'redis://127.0.0.1:6379'})
  --port P         load balancer port (default 8065)
  --database NAME  PostgreSQL database on the machine's server (default parley_cluster)
  --fresh          drop and recreate that database first
  --logs           print every node's log lines
Environment: PARLEY_CLUSTER_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
PARLEY_CLUSTER_REDIS_URL, PARLEY_CLUSTER_NATS_URL; other PARLEY_* settings pass through to the nodes.`;

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    bus: { type: 'string', default: 'redis' },
    port: { type: 'string', default: '8065' },
    database: { type: 'string', default: 'parley_cluster' },
    fresh: { type: 'boolean', default: false },
    logs: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const nodes = Number(values.nodes);
const port = Number(values.port);
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) throw new Error('--nodes must be 1-16');
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a port number');
if (values.bus !== 'redis' && values.bus !== 'nats') throw new Error('--bus must be redis or nats');
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(values.database)) throw new Error('--database must be a plain lower-case name');

const log = (msg: string) => console.log(`cluster: ${msg}`);
const pgBase = process.env.PARLEY_CLUSTER_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const busUrl = values.bus === 'nats' ? (process.env.PARLEY_CLUSTER_NATS_URL ?? 'nats://127.0.0.1:4222') : (process.env.PARLEY_CLUSTER_REDIS_URL ?? 'redis://127.0.0.1:6379');

log('building the web client and the server bundle');
buildServer({ web: true });
const databaseUrl = await machinePostgresDatabase(pgBase, values.database, values.fresh);
log(`database ${databaseUrl}, bus ${busUrl}, ${nodes} node(s)`);
const cluster = await LocalCluster.start({ nodes, databaseUrl, busUrl, port, echo: values.logs, log, env: { PARLEY_SITE_URL: `http://127.0.0.1:${port}` } });
log(`Parley is listening at ${cluster.url} (HAProxy over ${nodes} node(s)); Ctrl-C stops everything`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  log('stopping');
  await cluster.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
