/**
 * Text attachments (sanitizer.md §5.5): detected charset → UTF-8 (BOM for CSV so that Japanese Excel opens it),
 * CSV/TSV formula cells neutralised (`=`, `+`, `-`, `@`, tab, CR get a leading `'`). HTML and calendar attachments
 * are reduced to text (extract-text).
 */
import { htmlToText } from '../body/html-text.ts';
import { decodeBytes } from '../charset.ts';

export function neutraliseCsv(text: string, sep: ',' | '\t'): { text: string; cells: number } {
  let cells = 0;
  const re = sep === ',' ? /(^|,)(\s*"?)([=+\-@\t\r])/gm : /(^|\t)(\s*"?)([=+\-@\r])/gm;
  const out = text.replace(re, (_m, lead: string, quote: string, c: string) => {
    cells++;
    return `${lead}${quote}'${c}`;
  });
  return { text: out, cells };
}

export function textAttachment(
  bytes: Uint8Array,
  charset: string | undefined,
  ext: string | null,
  neutralise: boolean,
): { data: Buffer; formulaCells: number } {
  let text = decodeBytes(bytes, charset).replace(/^\ufeff/, '');
  let formulaCells = 0;
  if (neutralise && (ext === 'csv' || ext === 'tsv')) {
    const r = neutraliseCsv(text, ext === 'csv' ? ',' : '\t');
    text = r.text;
    formulaCells = r.cells;
  }
  const bom = ext === 'csv' || ext === 'tsv' ? '\ufeff' : '';
  return { data: Buffer.from(bom + text, 'utf8'), formulaCells };
}

export function htmlAttachmentToText(bytes: Uint8Array, charset: string | undefined): { data: Buffer; links: number } {
  const html = decodeBytes(bytes, charset);
  const r = htmlToText(html);
  return { data: Buffer.from(r.text, 'utf8'), links: r.links.length };
}

/** Unfolded iCalendar lines that people read (summary, time, place, description); everything else dropped. */
export function calendarToText(bytes: Uint8Array, charset: string | undefined): Buffer {
  const unfolded = decodeBytes(bytes, charset).replace(/\r?\n[ \t]/g, '');
  const keep = /^(BEGIN:VEVENT|END:VEVENT|SUMMARY|DTSTART|DTEND|LOCATION|DESCRIPTION|ORGANIZER|ATTENDEE)[;:]/i;
  const lines = unfolded
    .split(/\r?\n/)
    .filter((l) => keep.test(l))
    .map((l) => l.replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1'));
  return Buffer.from(lines.join('\n'), 'utf8');
}
