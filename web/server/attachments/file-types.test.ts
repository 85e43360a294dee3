import { contentFits, declaredTypeFits, fileTypeOf } from './file-types';

describe('file kinds of task attachments', () => {
  it('given a name, then its extension (any case) chooses the kind; unknown and missing extensions none', () => {
    expect(fileTypeOf('报告.PDF')?.contentType).toBe('application/pdf');
    expect(fileTypeOf('a.tar.xlsx')?.extension).toBe('xlsx');
    expect(fileTypeOf('setup.exe')).toBeUndefined();
    expect(fileTypeOf('README')).toBeUndefined();
    expect(fileTypeOf('page.html')).toBeUndefined();
  });

  it('given a declared type, then the kind’s own, its aliases and generic types fit; others do not', () => {
    const csv = fileTypeOf('x.csv')!;
    expect(declaredTypeFits(csv, 'text/csv; charset=utf-8')).toBe(true);
    expect(declaredTypeFits(csv, 'application/vnd.ms-excel')).toBe(true);
    expect(declaredTypeFits(csv, undefined)).toBe(true);
    expect(declaredTypeFits(csv, 'application/octet-stream')).toBe(true);
    expect(declaredTypeFits(csv, 'text/html')).toBe(false);
    expect(declaredTypeFits(fileTypeOf('x.pdf')!, 'application/vnd.ms-excel')).toBe(false);
  });

  it('given content, then binary kinds need their signature and text kinds valid UTF-8 without NUL', () => {
    expect(contentFits(fileTypeOf('x.pdf')!, Buffer.from('%PDF-1.4 …'))).toBe(true);
    expect(contentFits(fileTypeOf('x.pdf')!, Buffer.from('<html>'))).toBe(false);
    expect(contentFits(fileTypeOf('x.docx')!, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe(true);
    expect(contentFits(fileTypeOf('x.jpg')!, Buffer.from([0xff, 0xd8]))).toBe(false);
    expect(contentFits(fileTypeOf('x.txt')!, Buffer.from('中文 text\n'))).toBe(true);
    expect(contentFits(fileTypeOf('x.txt')!, Buffer.from([0xc3, 0x28]))).toBe(false);
    expect(contentFits(fileTypeOf('x.csv')!, Buffer.from([0x61, 0x00]))).toBe(false);
  });
});
