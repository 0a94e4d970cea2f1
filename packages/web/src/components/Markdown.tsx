import { memo } from 'react';
import { renderMarkdown } from '../markdown/render';

/** Message text as HTML; renderMarkdown escapes raw HTML and drops unsafe links, so this is safe markup. */
export const Markdown = memo(function Markdown({ text, myUsername }: { text: string; myUsername: string }) {
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(text, { myUsername }) }} />;
});
