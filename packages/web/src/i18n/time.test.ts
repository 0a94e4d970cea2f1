import { describe, expect, it } from 'vitest';
import { localeUses24h } from './time';

describe('clock habits', () => {
  it('knows which languages write 24-hour times by default', () => {
    expect(localeUses24h('en-US')).toBe(false);
    expect(localeUses24h('de')).toBe(true);
    expect(localeUses24h('ru')).toBe(true);
    expect(localeUses24h('pl')).toBe(true);
  });
});
