import { Marked, type Tokens } from 'marked';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Links and images may point only at the web, mail or this site: no javascript:, data: … */
function safeUrl(href: string): string | null {
  const url = href.trim();
  if (/^(https?:|mailto:)/i.test(url)) return url;
  if (/^(\/(?!\/)|#|\.\.?\/)/.test(url) || /^[\w-]+(\.[\w-]+)*(\/|$)/.test(url)) return url;
  return null;
}

/**
 * Markdown from trainers and content files, rendered to HTML that cannot carry script: raw HTML
 * is shown as text, and link and image addresses are limited to safe schemes.
 */
const md = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escape(token.text);
    },
    link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      const href = safeUrl(token.href);
      if (!href) return text;
      const external = /^https?:/i.test(href);
      const title = token.title ? ` title="${escape(token.title)}"` : '';
      return `<a href="${escape(href)}"${title}${external ? ' rel="noopener noreferrer" target="_blank"' : ''}>${text}</a>`;
    },
    image(token: Tokens.Image) {
      const src = safeUrl(token.href);
      if (!src) return escape(token.text);
      return `<img src="${escape(src)}" alt="${escape(token.text)}" loading="lazy">`;
    },
  },
});

export function renderMarkdown(source: string): string {
  return md.parse(source, { async: false }) as string;
}
