import { describe, expect, it } from 'vitest';
import { plainText } from './plain-text';

describe('plainText', () => {
  it('drops markdown marks and keeps the words', () => {
    expect(plainText('Hello **team**, see [the doc](https://x.test) and `npm test`')).toBe('Hello team, see the doc and npm test');
    expect(plainText('# Title\n> quoted\n- item one\n- item two')).toBe('Title quoted item one item two');
    expect(plainText('```ts\nconst a = 1;\n```')).toBe('const a = 1;');
    expect(plainText('snake_case_name stays, _emphasis_ goes')).toBe('snake_case_name stays, emphasis goes');
  });

  it('shortens long text with an ellipsis', () => {
    const long = 'word '.repeat(100);
    const out = plainText(long, 20);
    expect(out.length).toBeLessThanOrEqual(20);
    expect(out.endsWith('…')).toBe(true);
  });
});
