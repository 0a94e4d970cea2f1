// Process entry: configuration from the environment, start, and a clean shutdown on SIGINT/SIGTERM.
import { loadConfig } from './config/config.js';
import { createLogger } from './platform/logger.js';
import { startTracing, tracingModeFromEnv, type TracingHandle } from './platform/tracing.js';
import { SERVER_VERSION, startParley } from './compose.js';

/** A stop that hangs (a dependency gone) still ends: well inside Kubernetes' default 30 s grace. */
const SHUTDOWN_TIMEOUT_MS = 25_000;

const started = performance.now();
const config = loadConfig();
const log = createLogger({ ...(config.nodeId ? { nodeId: config.nodeId } : {}) });

try {
  // Before the server is built: the composition root wires spans in only when a provider is registered.
  const tracingMode = tracingModeFromEnv();
  let tracing: TracingHandle | undefined;
  if (tracingMode !== 'off') tracing = await startTracing({ mode: tracingMode, nodeId: config.nodeId ?? '', version: SERVER_VERSION });
  const parley = await startParley(config, { logger: log });
  log.info(
    {
      url: parley.url,
      engine: parley.database.engine,
      data_dir: config.dataDir,
      metrics: parley.metricsUrl ? `${parley.metricsUrl}/metrics` : 'off',
      tracing: tracingMode,
      startup_ms: Math.round(performance.now() - started),
    },
    'Parley is listening',
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS);
    force.unref();
    await parley.close();
    await tracing?.shutdown().catch((err: unknown) => log.warn({ err }, 'flushing traces failed'));
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
}
