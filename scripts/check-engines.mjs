// Fails when an installed package declares an engines.node range that this Node does not satisfy.
// npm does not pick versions by engines, so a careless bump could pull in a Node-22-only release that
// installs with a warning and crashes at run time. Allowed exceptions are listed with their reason.
import fs from 'node:fs';
import semver from 'semver';

const ALLOWED = new Map([
  // Fastify 5 depends on cookie@2, which declares node>=22 but works on Node 20 (exercised by the suite).
  ['cookie@2', 'works on Node 20; exercised by the cookie tests'],
  // @fastify/static 10.1.4+ uses content-disposition@3 (node>=22 declared); it is plain JS with no Node-22
  // API, and only builds download headers.
  ['content-disposition@3', 'plain JS; works on Node 20'],
]);

const lock = JSON.parse(fs.readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const bad = [];
for (const [path, meta] of Object.entries(lock.packages ?? {})) {
  if (!path || meta.link || !meta.engines?.node) continue;
  const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  const range = meta.engines.node;
  if (semver.satisfies(process.version, range, { includePrerelease: true })) continue;
  const major = semver.major(meta.version ?? '0.0.0');
  if (ALLOWED.has(`${name}@${major}`)) continue;
  bad.push(`${name}@${meta.version} needs node ${range}`);
}
if (bad.length > 0) {
  console.error(`Packages that do not support ${process.version}:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
console.log(`engines: every locked package supports ${process.version}`);
