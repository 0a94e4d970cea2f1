// Query-plan checking for the store: record the SQL a store method really runs, then EXPLAIN it on the
// same database. Recording happens in a Kysely plugin, so the store code under test is the shipped code.
import { CompiledQuery, sql, type Kysely, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import type { Engine } from '../../src/store/database.js';
import type { Database } from '../../src/store/schema.js';
import { SqlStore } from '../../src/store/sql/index.js';
import type { Store } from '../../src/store/store.js';

/** Tables big enough in production that reading one whole is a bug on a hot path. */
export const BIG_TABLES: ReadonlySet<string> = new Set([
  'posts',
  'channel_members',
  'channels',
  'users',
  'team_members',
  'sessions',
  'reactions',
  'threads',
  'thread_memberships',
  'drafts',
]);

class QueryRecorder implements KyselyPlugin {
  // Compiled in transformQuery (the only hook that sees the query), kept only once transformResult
  // shows it ran, so compiled-but-unexecuted builders are not checked.
  readonly #pending = new WeakMap<object, CompiledQuery>();
  #recorded: CompiledQuery[] | undefined;

  constructor(private readonly compile: (node: RootOperationNode, queryId: PluginTransformQueryArgs['queryId']) => CompiledQuery) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.#recorded) this.#pending.set(args.queryId, this.compile(args.node, args.queryId));
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const q = this.#pending.get(args.queryId);
    if (q && this.#recorded) this.#recorded.push(q);
    return args.result;
  }

  async record(fn: () => Promise<unknown>): Promise<CompiledQuery[]> {
    this.#recorded = [];
    try {
      await fn();
      return this.#recorded;
    } finally {
      this.#recorded = undefined;
    }
  }
}

class Rollback extends Error {}

export interface RecordingStore {
  /**
   * Runs fn against a store over the same connection(s) and returns the statements it executed. It runs
   * in a transaction that is rolled back, so write paths can be checked without changing the data.
   */
  record(fn: (store: Store) => Promise<unknown>): Promise<CompiledQuery[]>;
}

export function recordingStore(db: Kysely<Database>, engine: Engine): RecordingStore {
  const executor = db.getExecutor();
  const recorder = new QueryRecorder((node, queryId) => executor.compileQuery(node, queryId));
  const store = new SqlStore(db.withPlugin(recorder), engine);
  return {
    record: (fn) =>
      recorder.record(async () => {
        try {
          await store.transaction(async (tx) => {
            await fn(tx);
            throw new Rollback();
          });
        } catch (err) {
          if (!(err instanceof Rollback)) throw err;
        }
      }),
  };
}

export interface PlanReport {
  sql: string;
  parameters: readonly unknown[];
  /** The plan as readable lines, for failure messages. */
  plan: string[];
  /** Full reads of a big table: the failures. */
  scans: string[];
  /** Worth a look but allowed: whole-index walks and sorts. */
  notes: string[];
}

/** Statements with a plan worth checking; inserts of literal rows have none. */
export function isPlannable(q: CompiledQuery): boolean {
  return /^\s*(select|update|delete|with)\b/i.test(q.sql);
}

export async function explain(db: Kysely<Database>, engine: Engine, q: CompiledQuery): Promise<PlanReport> {
  return engine === 'sqlite' ? explainSqlite(db, q) : explainPostgres(db, q);
}

/** alias → table for every `from`/`join`/`update` in the statement (SQLite's plan names aliases). */
function aliases(statement: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of statement.matchAll(/\b(?:from|join|update|into)\s+"?(\w+)"?(?:\s+as\s+"?(\w+)"?)?/gi)) {
    const table = m[1]!.toLowerCase();
    out.set(table, table);
    if (m[2]) out.set(m[2].toLowerCase(), table);
  }
  return out;
}

interface SqlitePlanRow {
  id: number;
  parent: number;
  detail: string;
}

async function explainSqlite(db: Kysely<Database>, q: CompiledQuery): Promise<PlanReport> {
  const res = await db.executeQuery<SqlitePlanRow>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${q.sql}`, [...q.parameters]));
  const depth = new Map<number, number>([[0, 0]]);
  const plan: string[] = [];
  const scans: string[] = [];
  const notes: string[] = [];
  const names = aliases(q.sql);
  for (const row of res.rows) {
    const d = (depth.get(row.parent) ?? 0) + 1;
    depth.set(row.id, d);
    plan.push(`${'  '.repeat(d - 1)}${row.detail}`);
    // `\b` stops the backtracking that would let "SCAN posts USING INDEX" match as "SCAN post".
    const scan = /^SCAN (\w+)\b(?! USING)/.exec(row.detail);
    const table = scan ? names.get(scan[1]!.toLowerCase()) : undefined;
    if (table && BIG_TABLES.has(table)) scans.push(`${table}: ${row.detail}`);
    else if (/^SCAN \w+ USING|TEMP B-TREE/.test(row.detail)) notes.push(row.detail);
  }
  return { sql: q.sql, parameters: q.parameters, plan, scans, notes };
}

interface PgPlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  'Sort Key'?: string[];
  Plans?: PgPlanNode[];
}

async function explainPostgres(db: Kysely<Database>, q: CompiledQuery): Promise<PlanReport> {
  // With sequential scans priced out, a Seq Scan that remains means no index can serve the query.
  const root = await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const res = await trx.executeQuery<{ 'QUERY PLAN': { Plan: PgPlanNode }[] }>(CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${q.sql}`, [...q.parameters]));
    return res.rows[0]!['QUERY PLAN'][0]!.Plan;
  });
  const plan: string[] = [];
  const scans: string[] = [];
  const notes: string[] = [];
  const walk = (node: PgPlanNode, d: number) => {
    const on = node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
    const using = node['Index Name'] ? ` using ${node['Index Name']}` : '';
    const cond = node['Index Cond'] ? ` [${node['Index Cond']}]` : '';
    const filter = node.Filter ? ` filter ${node.Filter}` : '';
    const line = `${node['Node Type']}${on}${using}${cond}${filter}`;
    plan.push(`${'  '.repeat(d)}${line}`);
    const table = node['Relation Name'];
    if (node['Node Type'] === 'Seq Scan' && table && BIG_TABLES.has(table)) scans.push(`${table}: ${line}`);
    else if (/^Index (Only )?Scan$/.test(node['Node Type']) && !node['Index Cond'] && table && BIG_TABLES.has(table)) notes.push(`whole index: ${line}`);
    else if (node['Node Type'] === 'Sort') notes.push(`sort: ${(node['Sort Key'] ?? []).join(', ')}`);
    for (const child of node.Plans ?? []) walk(child, d + 1);
  };
  walk(root, 0);
  return { sql: q.sql, parameters: q.parameters, plan, scans, notes };
}

export function formatReport(r: PlanReport): string {
  return [`SQL: ${r.sql}`, `parameters: ${JSON.stringify(r.parameters)}`, 'plan:', ...r.plan.map((l) => `  ${l}`)].join('\n');
}
