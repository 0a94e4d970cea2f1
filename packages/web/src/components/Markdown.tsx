import { memo } from 'react';
import { renderMarkdown } from '../markdown/render';

/** Message text as HTML; renderMarkdown escapes raw HTML and drops unsafe links, so this is safe markup. */
export const Markdown = memo(function Markdown({ text, myUsername, highlight }: { text: string; myUsername: string; highlight?: readonly string[] }) {
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(text, { myUsername, highlight }) }} />;
});
