/**
 * A small, safe Markdown subset rendered straight to DOM nodes (never through innerHTML):
 * headings, paragraphs, bullet and numbered lists, block quotes, fenced code, **bold**, *italic*,
 * `code`, and [links](…) limited to http(s), relative and #anchor targets. Anything else is text.
 */
import { h } from './dom.ts';

const SAFE_HREF = /^(https?:\/\/|\/|#|\.\/)/i;

export function renderMarkdown(src: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^\s*$/.test(line)) {
      i++;
      continue;
    }
    if (line.startsWith('```')) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].startsWith('```')) body.push(lines[i++]);
      i++;
      frag.append(h('pre', {}, h('code', {}, body.join('\n'))));
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1].length + 1); // the notebook title is the page's h1
      const el = document.createElement(`h${level}`);
      el.append(inline(heading[2]));
      frag.append(el);
      i++;
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const list = h(ordered ? 'ol' : 'ul');
      while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i])) {
        list.append(h('li', {}, inline(lines[i].replace(/^\s*([-*+]|\d+[.)])\s+/, ''))));
        i++;
      }
      frag.append(list);
      continue;
    }
    if (line.startsWith('>')) {
      const body: string[] = [];
      while (i < lines.length && lines[i].startsWith('>')) body.push(lines[i++].replace(/^>\s?/, ''));
      frag.append(h('blockquote', {}, inline(body.join(' '))));
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !/^\s*$/.test(lines[i]) && !/^(#{1,4}\s|```|>|\s*([-*+]|\d+[.)])\s)/.test(lines[i])) para.push(lines[i++]);
    frag.append(h('p', {}, inline(para.join(' '))));
  }
  return frag;
}

const INLINE = /(\*\*([^*]+)\*\*)|(\*([^*]+)\*)|(`([^`]+)`)|(\[([^\]]+)\]\(([^)\s]+)\))/g;

function inline(text: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index! > last) frag.append(text.slice(last, m.index));
    if (m[2] !== undefined) frag.append(h('strong', {}, m[2]));
    else if (m[4] !== undefined) frag.append(h('em', {}, m[4]));
    else if (m[6] !== undefined) frag.append(h('code', {}, m[6]));
    else if (m[8] !== undefined) {
      const href = m[9];
      frag.append(SAFE_HREF.test(href) ? h('a', { href, rel: 'noopener noreferrer' }, m[8]) : `${m[8]} (${href})`);
    }
    last = m.index! + m[0].length;
  }
  if (last < text.length) frag.append(text.slice(last));
  return frag;
}
