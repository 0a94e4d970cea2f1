// Process entry: configuration from the environment, start, and a clean shutdown on SIGINT/SIGTERM.
import { loadConfig } from './config/config.js';
import { createLogger } from './platform/logger.js';
import { startParley } from './compose.js';

const started = performance.now();
const log = createLogger();
const config = loadConfig();

try {
  const parley = await startParley(config, { logger: log });
  log.info(
    { url: parley.url, engine: parley.database.engine, data_dir: config.dataDir, startup_ms: Math.round(performance.now() - started) },
    'Parley is listening',
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await parley.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  log.fatal({ err }, 'failed to start');
  process.exit(1);
}
