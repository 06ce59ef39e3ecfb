import iconv from 'iconv-lite';

/** A cell that a spreadsheet would run as a formula gets a leading apostrophe (CSV injection). */
function cell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** UTF-8 with a BOM (Excel opens it correctly), or Shift_JIS (CP932) for older tools. */
export function encodeCsv(text: string, encoding: 'utf8' | 'sjis'): Buffer {
  return encoding === 'sjis'
    ? iconv.encode(text, 'cp932')
    : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

/** Content-Disposition with a UTF-8 name and an ASCII fallback (RFC 6266). */
export function attachmentHeader(filename: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
