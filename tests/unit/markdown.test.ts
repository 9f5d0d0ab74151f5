import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../server/courses/markdown.ts';

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    const html = renderMarkdown('# Judul\n\n- satu\n- **dua**\n\n[JDIH](https://jdih.surakarta.go.id)');
    expect(html).toContain('<h1>Judul</h1>');
    expect(html).toContain('<strong>dua</strong>');
    expect(html).toContain('<a href="https://jdih.surakarta.go.id" rel="noopener noreferrer" target="_blank">JDIH</a>');
  });

  it.each([
    '<script>alert(1)</script>',
    'teks <img src=x onerror=alert(1)> teks',
    '<iframe src="https://evil.example"></iframe>',
    '[klik](javascript:alert(1))',
    '![x](javascript:alert(1))',
    '[klik](data:text/html;base64,PHNjcmlwdD4=)',
    '<a href="javascript:alert(1)">x</a>',
  ])('cannot inject script: %s', (source) => {
    const html = renderMarkdown(source);
    expect(html).not.toMatch(/<script|<iframe|<img[^>]*onerror|href="javascript:|src="javascript:|href="data:/i);
  });
});
