// docs/EVENTS.md must list exactly the events in packages/server/src/events/names.ts.
import fs from 'node:fs';

const root = new URL('..', import.meta.url);
const names = fs.readFileSync(new URL('packages/server/src/events/names.ts', root), 'utf8');
const list = names.slice(names.indexOf('EVENT_NAMES'), names.indexOf('] as const'));
const inCode = new Set([...list.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]));
const doc = fs.readFileSync(new URL('docs/EVENTS.md', root), 'utf8');
const inDoc = new Set([...doc.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]));
const missing = [...inCode].filter((n) => !inDoc.has(n));
const extra = [...inDoc].filter((n) => !inCode.has(n));
if (missing.length || extra.length) {
  if (missing.length) console.error(`docs/EVENTS.md lacks: ${missing.join(', ')}`);
  if (extra.length) console.error(`docs/EVENTS.md lists events the code never sends: ${extra.join(', ')}`);
  process.exit(1);
}
console.log(`events: ${inCode.size} events documented`);
