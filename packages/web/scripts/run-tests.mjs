// The web client's tests: vitest (jsdom unit and component tests), then the browser end-to-end tests
// (node:test driving Debian's chromium through playwright-core). Ends with one "N passed, N failed" line,
// which CI reads. `-- unit` or `-- e2e` runs one part.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const only = process.argv[2];

/** Runs a command with its output shown as it comes, and returns that output. */
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

let passed = 0;
let failed = 0;
let exitCode = 0;

if (only !== 'e2e') {
  const report = path.join(os.tmpdir(), `parley-vitest-${process.pid}.json`);
  const vitest = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
  const r = await run([vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (r.code !== 0) exitCode = 1;
  try {
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests;
    fs.rmSync(report, { force: true });
  } catch {
    failed += 1;
  }
}

if (only !== 'unit') {
  const e2eDir = path.join(root, 'e2e');
  const files = fs.readdirSync(e2eDir).filter((f) => f.endsWith('.e2e.test.ts')).map((f) => path.join('e2e', f));
  const r = await run(['--import', 'tsx', '--test', ...files]);
  if (r.code !== 0) exitCode = 1;
  // node:test's summary: "# pass N" and "# fail N" (the last ones are the totals).
  const count = (name) => Number([...r.out.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? 0);
  passed += count('pass');
  // A crash before any test ran still counts as a failure.
  failed += count('fail') || (r.code !== 0 ? 1 : 0);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
