// SQL spans for both engines: a Kysely dialect wrapper whose connections trace every statement they run
// (transaction BEGIN/COMMIT included). The pg auto-instrumentation would cover PostgreSQL only and needs
// the ESM loader hook; this sits on Kysely's own seam. Statements are recorded as compiled, with `$1`/`?`
// placeholders, so parameter values (passwords, tokens) never reach a span.
import type { DatabaseConnection, Dialect, Driver } from 'kysely';
import { inSpan, SpanKind } from '../../platform/tracing.js';
import type { Engine } from '../database.js';

const patched = new WeakSet<DatabaseConnection>();

function describe(sql: string): { operation: string; table: string } {
  const operation = (/^\s*(\w+)/.exec(sql)?.[1] ?? 'QUERY').toUpperCase();
  const m = /\b(?:from|into|update|table)\s+"?([A-Za-z_][\w]*)"?/i.exec(sql);
  return { operation, table: m?.[1] ?? '' };
}

function traceConnection(conn: DatabaseConnection, system: string): void {
  if (patched.has(conn)) return;
  patched.add(conn);
  const execute = conn.executeQuery.bind(conn);
  // An own property shadows the class method on this (pooled, reused) connection object; the driver keeps
  // calling it on the very object it created, so its private fields stay reachable.
  conn.executeQuery = (query) => {
    const { operation, table } = describe(query.sql);
    return inSpan(
      table ? `${operation} ${table}` : operation,
      {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system.name': system, 'db.operation.name': operation, 'db.collection.name': table, 'db.query.text': query.sql },
      },
      () => execute(query),
    );
  };
}

export function tracedDialect(dialect: Dialect, engine: Engine): Dialect {
  const system = engine === 'postgres' ? 'postgresql' : 'sqlite';
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver(): Driver {
      const driver = dialect.createDriver();
      return new Proxy(driver, {
        get(target, prop) {
          const value: unknown = Reflect.get(target, prop, target);
          if (prop === 'acquireConnection') {
            return async () => {
              const conn = await target.acquireConnection();
              traceConnection(conn, system);
              return conn;
            };
          }
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
  };
}
