// The import rules of docs/ARCHITECTURE.md, checked on every run so they hold by more than convention.
// ESLint's no-restricted-imports covers most; this adds the rules a pattern list cannot express well:
// only compose.ts/main.ts may name concrete store or bus classes, and web/loadtest never import server.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'packages/server/src');
const rules = [
  { from: 'api4', forbid: [/\/store\//, /^kysely$/, /^pg$/, /^better-sqlite3$/, /events\/[a-z-]+-bus/, /^ioredis$/, /^@nats-io\//] },
  { from: 'ws', forbid: [/\/store\//, /^kysely$/, /^pg$/, /^better-sqlite3$/, /events\/[a-z-]+-bus/, /^ioredis$/, /^@nats-io\//] },
  { from: 'app', forbid: [/\/api4\//, /\/ws\//, /store\/sql\//, /^kysely$/, /^pg$/, /^better-sqlite3$/, /events\/[a-z-]+-bus/, /^ioredis$/, /^@nats-io\//] },
  { from: 'permissions', forbid: [/^\.\.\//, /^node:/] },
  { from: 'presenters', forbid: [/\/api4\//, /\/app\//, /store\/sql\//, /^kysely$/] },
  { from: 'store', forbid: [/\/app\//, /\/api4\//, /\/ws\//, /\/presenters\//] },
];

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const violations = [];
for (const rule of rules) {
  const dir = path.join(src, rule.from);
  if (!fs.existsSync(dir)) continue;
  for (const file of fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2];
      if (rule.forbid.some((re) => re.test(spec))) violations.push(`${rule.from}/${file} imports ${spec}`);
    }
  }
}
for (const pkg of ['web', 'loadtest']) {
  const dir = path.join(root, 'packages', pkg, 'src');
  if (!fs.existsSync(dir)) continue;
  for (const file of fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.tsx?$/.test(f))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2];
      if (/packages\/server|@parley\/server/.test(spec)) violations.push(`${pkg}/${file} imports ${spec}`);
    }
  }
}
if (violations.length > 0) {
  console.error(`Layering violations:\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('layers: import rules hold');
