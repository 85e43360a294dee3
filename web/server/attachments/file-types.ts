/**
 * The kinds of file a task may carry: office documents, PDF, images, plain text. The name's extension
 * chooses the kind; the declared content type must not contradict it and the first bytes must match it, so
 * a renamed executable or HTML page is refused. Files are served back as downloads, never rendered.
 */
export interface FileType {
  extension: string;
  /** The content type stored and served. */
  contentType: string;
  /** Content types a browser may declare for such a file besides `contentType`. */
  aliases: readonly string[];
  /** Leading bytes the content must start with; `text` for UTF-8 text without NUL bytes. */
  signature: readonly number[] | 'text';
}

const ZIP = [0x50, 0x4b, 0x03, 0x04]; // docx, xlsx, pptx are zip containers
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // doc, xls, ppt

const TYPES: readonly FileType[] = [
  {
    extension: 'pdf',
    contentType: 'application/pdf',
    aliases: [],
    signature: [0x25, 0x50, 0x44, 0x46, 0x2d],
  },
  {
    extension: 'png',
    contentType: 'image/png',
    aliases: [],
    signature: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  },
  { extension: 'jpg', contentType: 'image/jpeg', aliases: ['image/jpg'], signature: [0xff, 0xd8, 0xff] },
  { extension: 'jpeg', contentType: 'image/jpeg', aliases: ['image/jpg'], signature: [0xff, 0xd8, 0xff] },
  {
    extension: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    aliases: ['application/zip'],
    signature: ZIP,
  },
  {
    extension: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    aliases: ['application/zip'],
    signature: ZIP,
  },
  {
    extension: 'pptx',
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    aliases: ['application/zip'],
    signature: ZIP,
  },
  { extension: 'doc', contentType: 'application/msword', aliases: [], signature: OLE },
  { extension: 'xls', contentType: 'application/vnd.ms-excel', aliases: [], signature: OLE },
  { extension: 'ppt', contentType: 'application/vnd.ms-powerpoint', aliases: [], signature: OLE },
  { extension: 'txt', contentType: 'text/plain', aliases: [], signature: 'text' },
  // Windows browsers declare CSV files as Excel's
  {
    extension: 'csv',
    contentType: 'text/csv',
    aliases: ['text/plain', 'application/vnd.ms-excel'],
    signature: 'text',
  },
];

/** Extensions accepted, for messages and the upload field's `accept`. */
export const ACCEPTED_EXTENSIONS = TYPES.map((t) => t.extension);

/** Declared types that say nothing about the file (a browser that does not know the extension). */
const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

export function fileTypeOf(filename: string): FileType | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  return TYPES.find((t) => t.extension === extension);
}

/** Whether a declared `Content-Type` (parameters ignored) fits the file's kind. */
export function declaredTypeFits(type: FileType, declared: string | undefined): boolean {
  const base = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return GENERIC.has(base) || base === type.contentType || type.aliases.includes(base);
}

/** Whether the content looks like the kind: its signature, or for text valid UTF-8 without NUL bytes. */
export function contentFits(type: FileType, content: Buffer): boolean {
  if (type.signature === 'text') {
    if (content.includes(0)) return false;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(content);
      return true;
    } catch {
      return false;
    }
  }
  const signature = type.signature;
  return content.length >= signature.length && signature.every((byte, i) => content[i] === byte);
}
