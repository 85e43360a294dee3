/** A tiny element builder: the app renders with plain DOM, so the inbox ships no framework. */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return el;
}

/** Replaces the children of `el`. */
export function mount(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
}

/** A short-lived message at the bottom of the screen (role=status, so screen readers announce it). */
export function toast(message: string, kind: 'ok' | 'error' = 'ok'): void {
  let stack = document.querySelector('.toasts');
  if (!stack) {
    stack = h('div', { class: 'toasts' });
    document.body.append(stack);
  }
  const el = h('div', { class: `toast toast-${kind}`, role: 'status' }, message);
  stack.append(el);
  setTimeout(() => el.remove(), 4000);
}

/** Saves a blob as a file download. */
export function download(filename: string, content: Blob): void {
  const url = URL.createObjectURL(content);
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
