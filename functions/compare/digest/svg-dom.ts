/**
 * The smallest document Observable Plot (and d3-selection under it) needs to draw the digest's
 * charts on the server, serialized as linkedom 0.18 serializes them (same bytes: attributes
 * newest first, `&`, `<`, `>` and no-break spaces escaped in text, `"` in attribute values, empty
 * SVG elements self-closed). It replaces linkedom, whose import alone (a whole HTML parser, CSS
 * engine and entity tables the charts never use) was ~19 ms of the compare Lambda's cold start.
 * tests/unit/svg-dom.test.ts renders the charts with both and compares the output.
 *
 * Only what Plot's bar, dot, rule, text and axis marks reach is here; a chart that needs more
 * fails loudly (a missing method), it does not render differently.
 */

const XHTML = 'http://www.w3.org/1999/xhtml';
const SVG = 'http://www.w3.org/2000/svg';

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\u00a0': '&#160;' };
const escapeText = (s: string) => s.replace(/[<>&\u00a0]/g, (c) => TEXT_ESCAPES[c]);
// linkedom writes attribute values of an HTML document as they are, but for `"`.
const escapeAttribute = (s: string) => s.replace(/"/g, '&quot;');

abstract class MiniNode {
  parentNode: MiniElement | null = null;
  constructor(readonly ownerDocument: MiniDocument) {}
  abstract get textContent(): string;
  abstract serialize(out: string[]): void;

  get nextSibling(): MiniNode | null {
    const siblings = this.parentNode?.childNodes;
    return siblings ? (siblings[siblings.indexOf(this) + 1] ?? null) : null;
  }

  get previousSibling(): MiniNode | null {
    const siblings = this.parentNode?.childNodes;
    return siblings ? (siblings[siblings.indexOf(this) - 1] ?? null) : null;
  }

  remove(): void {
    this.parentNode?.removeChild(this);
  }
}

class MiniText extends MiniNode {
  readonly nodeType = 3;
  constructor(ownerDocument: MiniDocument, public data: string) {
    super(ownerDocument);
  }
  get textContent(): string {
    return this.data;
  }
  set textContent(v: string) {
    this.data = String(v);
  }
  get nodeValue(): string {
    return this.data;
  }
  serialize(out: string[]): void {
    out.push(escapeText(this.data));
  }
}

/** camelCase → kebab-case, as linkedom's style object names properties. */
const hyphenate = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Inline style: a map of properties written to the `style` attribute as `name:value;…` on every change. */
class MiniStyle {
  readonly #element: MiniElement;
  readonly #props = new Map<string, string>();
  constructor(element: MiniElement) {
    this.#element = element;
  }
  setProperty(name: string, value: unknown): void {
    if (value === null || value === undefined) this.#props.delete(hyphenate(name));
    else this.#props.set(hyphenate(name), String(value));
    this.#element.setAttribute('style', [...this.#props].map(([k, v]) => `${k}:${v}`).join(';'));
  }
  removeProperty(name: string): void {
    this.setProperty(name, null);
  }
  getPropertyValue(name: string): string {
    return this.#props.get(hyphenate(name)) ?? '';
  }
}

/** `element.style.fontSize = '11px'` and `Object.assign(element.style, {...})` as setProperty. */
function styleProxy(element: MiniElement): MiniStyle {
  return new Proxy(new MiniStyle(element), {
    set(target, name, value) {
      if (typeof name !== 'string') return false;
      target.setProperty(name, value);
      return true;
    },
    get(target, name) {
      const own = Reflect.get(target, name, target) as unknown;
      if (typeof own === 'function') return own.bind(target);
      return typeof name === 'string' ? target.getPropertyValue(name) : undefined;
    },
  });
}

class MiniElement extends MiniNode {
  readonly nodeType = 1;
  readonly childNodes: MiniNode[] = [];
  /** Newest first, as linkedom keeps (and writes) them. */
  readonly #attributes: [name: string, value: string][] = [];
  #style: MiniStyle | undefined;
  /** Present on SVG elements (linkedom writes them self-closed when empty). */
  declare ownerSVGElement?: null;

  constructor(ownerDocument: MiniDocument, readonly namespaceURI: string, readonly localName: string) {
    super(ownerDocument);
    if (namespaceURI === SVG) this.ownerSVGElement = null;
  }

  get tagName(): string {
    return this.localName;
  }

  get nodeName(): string {
    return this.localName;
  }

  get style(): MiniStyle {
    return (this.#style ??= styleProxy(this));
  }

  get className(): string {
    return this.getAttribute('class') ?? '';
  }

  set className(v: string) {
    this.setAttribute('class', v);
  }

  setAttribute(name: string, value: unknown): void {
    const v = String(value);
    const a = this.#attributes.find((e) => e[0] === name);
    if (a) a[1] = v;
    else this.#attributes.unshift([name, v]);
  }

  /** linkedom drops the namespace too (xlink:href is written as `href`). */
  setAttributeNS(_ns: string | null, name: string, value: unknown): void {
    this.setAttribute(name, value);
  }

  getAttribute(name: string): string | null {
    return this.#attributes.find((e) => e[0] === name)?.[1] ?? null;
  }

  hasAttribute(name: string): boolean {
    return this.#attributes.some((e) => e[0] === name);
  }

  removeAttribute(name: string): void {
    const i = this.#attributes.findIndex((e) => e[0] === name);
    if (i >= 0) this.#attributes.splice(i, 1);
  }

  get firstChild(): MiniNode | null {
    return this.childNodes[0] ?? null;
  }

  get lastChild(): MiniNode | null {
    return this.childNodes[this.childNodes.length - 1] ?? null;
  }

  get children(): MiniElement[] {
    return this.childNodes.filter((n): n is MiniElement => n instanceof MiniElement);
  }

  insertBefore<T extends MiniNode>(node: T, ref: MiniNode | null): T {
    node.remove();
    const i = ref ? this.childNodes.indexOf(ref) : -1;
    if (ref && i < 0) throw new Error('insertBefore: the reference node is not a child of this node');
    if (i < 0) this.childNodes.push(node);
    else this.childNodes.splice(i, 0, node);
    node.parentNode = this;
    return node;
  }

  appendChild<T extends MiniNode>(node: T): T {
    return this.insertBefore(node, null);
  }

  append(...nodes: (MiniNode | string)[]): void {
    for (const n of nodes) this.appendChild(typeof n === 'string' ? this.ownerDocument.createTextNode(n) : n);
  }

  removeChild<T extends MiniNode>(node: T): T {
    const i = this.childNodes.indexOf(node);
    if (i < 0) throw new Error('removeChild: not a child of this node');
    this.childNodes.splice(i, 1);
    node.parentNode = null;
    return node;
  }

  get textContent(): string {
    return this.childNodes.map((n) => n.textContent).join('');
  }

  set textContent(v: string | null) {
    for (const n of this.childNodes) n.parentNode = null;
    this.childNodes.length = 0;
    const s = v === null || v === undefined ? '' : String(v);
    if (s) this.appendChild(this.ownerDocument.createTextNode(s));
  }

  // Plot wires pointer interactions only for marks the digest does not use; nothing listens here.
  addEventListener(): void {}
  removeEventListener(): void {}
  dispatchEvent(): boolean {
    return true;
  }

  serialize(out: string[]): void {
    out.push(`<${this.localName}`);
    for (const [name, value] of this.#attributes) out.push(` ${name}="${escapeAttribute(value)}"`);
    if (this.childNodes.length === 0) {
      out.push(this.ownerSVGElement === null ? ' />' : `></${this.localName}>`);
      return;
    }
    out.push('>');
    for (const n of this.childNodes) n.serialize(out);
    out.push(`</${this.localName}>`);
  }

  get outerHTML(): string {
    const out: string[] = [];
    this.serialize(out);
    return out.join('');
  }
}

class MiniDocument {
  readonly documentElement: MiniElement;
  readonly body: MiniElement;
  readonly defaultView = null;

  constructor() {
    this.documentElement = new MiniElement(this, XHTML, 'html');
    this.body = this.documentElement.appendChild(new MiniElement(this, XHTML, 'body'));
  }

  createElementNS(namespaceURI: string | null, qualifiedName: string): MiniElement {
    const local = qualifiedName.includes(':') ? qualifiedName.slice(qualifiedName.indexOf(':') + 1) : qualifiedName;
    return new MiniElement(this, namespaceURI ?? XHTML, local);
  }

  createElement(name: string): MiniElement {
    return new MiniElement(this, XHTML, name.toLowerCase());
  }

  createTextNode(data: string): MiniText {
    return new MiniText(this, String(data));
  }
}

/** A fresh document for one chart (Plot's `document` option). */
export function svgDocument(): Document {
  return new MiniDocument() as unknown as Document;
}
