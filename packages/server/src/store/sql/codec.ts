// Row ⇄ model conversion, declared once per table: which columns are 0/1 flags and which hold JSON.
export interface Codec<Row, Model> {
  decode(row: Row): Model;
  encode(model: Partial<Model>): Partial<Row>;
}

/**
 * A derived column: computed from the model on every write (undefined when the partial model lacks what it
 * needs), never part of the decoded model.
 */
export type Derived = Record<string, (model: Record<string, unknown>) => unknown>;

export function codec<Row, Model>(bools: readonly string[], jsons: readonly string[], derived: Derived = {}): Codec<Row, Model> {
  return {
    decode(row) {
      const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
      for (const k of Object.keys(derived)) delete out[k];
      for (const k of bools) if (out[k] !== null && out[k] !== undefined) out[k] = Number(out[k]) !== 0;
      for (const k of jsons) if (typeof out[k] === 'string') out[k] = JSON.parse(out[k] as string);
      return out as Model;
    },
    encode(model) {
      const out: Record<string, unknown> = { ...(model as Record<string, unknown>) };
      for (const k of bools) if (typeof out[k] === 'boolean') out[k] = out[k] ? 1 : 0;
      for (const [k, derive] of Object.entries(derived)) {
        const v = derive(model as Record<string, unknown>);
        if (v !== undefined) out[k] = v;
      }
      for (const k of jsons) if (k in out && out[k] !== null && typeof out[k] !== 'string') out[k] = JSON.stringify(out[k]);
      return out as Partial<Row>;
    },
  };
}
