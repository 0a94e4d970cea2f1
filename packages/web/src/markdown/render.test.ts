import { describe, expect, it } from 'vitest';
import { mentionsUser, renderMarkdown } from './render';

/** Parses the HTML the way the browser will, so assertions look at elements rather than strings. */
function dom(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('renderMarkdown', () => {
  it('marks searched words at the start of words, case-insensitively, keeping markup and escaping', () => {
    const el = dom(renderMarkdown('The **Roadmap** <mark>roadmaps</mark>, not the outroadmap, `roadmap` stays code', { highlight: ['roadmap'] }));
    expect([...el.querySelectorAll('mark.highlight')].map((m) => m.textContent)).toEqual(['Roadmap', 'roadmap']);
    expect(el.querySelector('strong mark.highlight')).not.toBeNull();
    // The raw <mark> tag the author typed is text, and code is never marked.
    expect(el.textContent).toContain('<mark>roadmaps</mark>');
    expect(el.querySelector('code mark')).toBeNull();
  });

  it('treats searched words as text, not patterns, and caches per highlight', () => {
    expect(dom(renderMarkdown('cost (approx.) $5', { highlight: ['(approx.)', '$5'] })).querySelectorAll('mark').length).toBe(2);
    expect(dom(renderMarkdown('plain words')).querySelector('mark')).toBeNull();
    expect(dom(renderMarkdown('plain words', { highlight: ['words'] })).querySelector('mark')?.textContent).toBe('words');
  });

  it('escapes raw HTML instead of passing it through', () => {
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror="alert(2)"> <b>bold?</b>');
    const el = dom(html);
    expect(el.querySelector('script, img, b')).toBeNull();
    expect(el.textContent).toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
  });

  it('never produces javascript:, data: or vbscript: links', () => {
    const sources = [
      '[click](javascript:alert(1))',
      '[click](JaVaScRiPt:alert(1))',
      '[click](  javascript:alert(1))',
      '<javascript:alert(1)>',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
      '[x](vbscript:msgbox)',
      '[x](&#106;avascript:alert(1))',
    ];
    for (const src of sources) {
      const links = [...dom(renderMarkdown(src)).querySelectorAll('a')];
      for (const a of links) expect(a.getAttribute('href') ?? '', src).toMatch(/^(https?:|mailto:)/);
    }
  });

  it('opens safe links in a new tab without an opener', () => {
    const el = dom(renderMarkdown('See [docs](https://example.com/a?b=1) and www.example.org'));
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a?b=1', 'http://www.example.org']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('does not load images from messages', () => {
    expect(dom(renderMarkdown('![pixel](https://tracker.example/p.gif)')).querySelector('img')).toBeNull();
  });

  it('renders common markdown', () => {
    const el = dom(renderMarkdown('**bold** _em_ `code`\n\n```\nblock <b>\n```\n\n- one\n- two\n\n> quote'));
    expect(el.querySelector('strong')?.textContent).toBe('bold');
    expect(el.querySelector('em')?.textContent).toBe('em');
    expect(el.querySelector('p code')?.textContent).toBe('code');
    expect(el.querySelector('pre code')?.textContent).toBe('block <b>\n');
    expect(el.querySelectorAll('li')).toHaveLength(2);
    expect(el.querySelector('blockquote')).not.toBeNull();
  });

  it('highlights @mentions, the reader more strongly, and not inside code or links', () => {
    const el = dom(renderMarkdown('hey @alice and @me. Also `@bob` and [@carol](https://x.example) @here', { myUsername: 'me' }));
    const mentions = [...el.querySelectorAll('.mention')].map((m) => [m.textContent, m.classList.contains('mention--me')]);
    expect(mentions).toEqual([
      ['@alice', false],
      ['@me', true],
      ['@here', true],
    ]);
    expect(el.textContent).toContain('@me.');
    expect(dom(renderMarkdown('mail me at a@b.com')).querySelector('.mention')).toBeNull();
  });

  it('turns known :emoji: codes into emoji', () => {
    const el = dom(renderMarkdown('ship it :rocket: :not_an_emoji:'));
    expect(el.querySelector('.emoji')?.textContent).toBe('🚀');
    expect(el.textContent).toContain(':not_an_emoji:');
  });
});

describe('mentionsUser', () => {
  it('finds the user and channel-wide mentions, case-insensitively', () => {
    expect(mentionsUser('ping @Me please', 'me')).toBe(true);
    expect(mentionsUser('@channel heads up', 'me')).toBe(true);
    expect(mentionsUser('@meeting at 3', 'me')).toBe(false);
    expect(mentionsUser('me@example.com', 'me')).toBe(false);
  });
});
