/**
 * Messages by language: zh-CN first, English as the switch. Both catalogues are small, so both ship in the
 * main chunk and switching needs no request.
 */
import { en } from './en';
import { zhCN, type MessageKey, type Messages } from './zh-CN';

export type Lang = 'zh-CN' | 'en';
const CATALOGUES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };
const KEY = 'gcflow.lang';

let lang: Lang = localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
document.documentElement.lang = lang;

export function currentLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  lang = next;
  localStorage.setItem(KEY, next);
  document.documentElement.lang = next;
}

/** The message for `key` in the current language with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = CATALOGUES[lang][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A message for a key built at run time (roles, industries, processes); falls back to the raw value. */
export function tx(prefix: string, value: string | null | undefined): string {
  if (!value) return '';
  const key = `${prefix}.${value}` as MessageKey;
  return key in zhCN ? t(key) : value;
}

/** A `{zh, en}` name in the current language. */
export function localName(name: { zh: string; en: string } | null | undefined): string {
  if (!name) return '';
  return lang === 'en' ? name.en || name.zh : name.zh || name.en;
}

/** A model element's name (a task's): `name` is the model's Chinese, `nameEn` its `nameEn` property. */
export function elementName(row: {
  name?: string | null;
  nameEn?: string | null;
  elementId?: string;
}): string {
  return localName({ zh: row.name ?? '', en: row.nameEn ?? '' }) || row.elementId || '';
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short', hour12: false });
}

/** A duration as `2d 3h` / `2天3小时`. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const hh = Math.floor((minutes % 1440) / 60);
  const mm = minutes % 60;
  const parts: string[] = [];
  if (d) parts.push(t('time.d', { n: d }));
  if (hh) parts.push(t('time.h', { n: hh }));
  if (!d && (mm || !hh)) parts.push(t('time.m', { n: mm }));
  return parts.join(lang === 'en' ? ' ' : '');
}
