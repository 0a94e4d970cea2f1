// Summarises a V8 .cpuprofile (as written by bench/server.ts) into the functions with the most self time,
// so a fan-out run can say where the server spent its CPU without opening DevTools.
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface HotFunction {
  selfPct: number;
  selfMs: number;
  name: string;
  where: string;
}

function shortUrl(url: string, root: string): string {
  if (!url) return '';
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const rel = path.isAbsolute(file) ? path.relative(root, file) : file;
  return rel.replace(/^node_modules\//, '');
}

/** The `top` functions by self time; `root` shortens file paths. */
export function hotFunctions(file: string, root: string, top = 15): { totalMs: number; functions: HotFunction[] } {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const totalSamples = profile.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0);
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerSample = totalSamples > 0 ? totalMs / totalSamples : 0;
  const byKey = new Map<string, { hits: number; name: string; where: string }>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const f = node.callFrame;
    const where = f.url ? `${shortUrl(f.url, root)}:${f.lineNumber + 1}` : '';
    const name = f.functionName || '(anonymous)';
    const key = `${name}@${where}`;
    const entry = byKey.get(key) ?? { hits: 0, name, where };
    entry.hits += hits;
    byKey.set(key, entry);
  }
  const functions = [...byKey.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, top)
    .map((e) => ({
      selfPct: totalSamples > 0 ? Math.round((1000 * e.hits) / totalSamples) / 10 : 0,
      selfMs: Math.round(e.hits * msPerSample),
      name: e.name,
      where: e.where,
    }));
  return { totalMs: Math.round(totalMs), functions };
}
