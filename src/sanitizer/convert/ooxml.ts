/**
 * OOXML CDR, the opt-in "keep editable" level (sanitizer.md §5.3, after DocBleach's OOXMLBleach): delete VBA parts,
 * ActiveX, OLE objects/packages, macro sheets, customUI, external links and data connections; delete external
 * relationships except hyperlinks; strip DDE field codes and DDE formulas; remap macro-enabled content types; rezip
 * with fresh timestamps (fflate). Any anomaly (binary workbook, DOCTYPE, unknown binary part, path tricks, encrypted
 * entries, limits) throws CdrError: the caller rasterises or blocks, never passes the original.
 */
import { strToU8, zipSync } from 'fflate';
import { listZip, readEntry } from '../classify/zip.ts';
import type { Detection } from '../types.ts';

export class CdrError extends Error {
  override name = 'CdrError';
}

const REMOVE_PART =
  /(?:^|\/)(?:vbaProject\.bin|vbaData\.xml|vbaProjectSignature[^/]*\.bin|attachedToolbars\.bin)$|\/activeX\/|\/embeddings\/|\/macrosheets\/|^customUI\/|\/externalLinks\/|\/connections\.xml$|\/queryTables\/|\/printerSettings\/|\/ctrlProps\//i;
const REMOVE_REL_TYPE =
  /\/(?:vbaProject|vbaProjectSignature|oleObject|package|activeXControl|activeXControlBinary|control|externalLink|externalLinkPath|ui\/extensibility|ui\/extensibility2|connections|queryTable|printerSettings|attachedToolbars|xlMacrosheet|xlIntlMacrosheet|ctrlProp|wordVbaData|frame|subDocument|attachedTemplate|oleObjectBinary|dataLink)$/i;
const MAIN_CT_REMAP: [RegExp, string][] = [
  [
    /application\/vnd\.ms-word\.(?:document|template)\.macroEnabled(?:Template)?\.main\+xml/gi,
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  ],
  [
    /application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.template\.main\+xml/gi,
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  ],
  [
    /application\/vnd\.ms-excel\.(?:sheet|template)\.macroEnabled(?:Template)?\.main\+xml/gi,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  ],
  [
    /application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.template\.main\+xml/gi,
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  ],
  [
    /application\/vnd\.ms-powerpoint\.(?:presentation|slideshow|template)\.macroEnabled(?:Template)?\.main\+xml/gi,
    'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
  ],
  [
    /application\/vnd\.openxmlformats-officedocument\.presentationml\.(?:slideshow|template)\.main\+xml/gi,
    'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
  ],
];
const DDE_FIELD = /\b(?:DDE|DDEAUTO|INCLUDETEXT|INCLUDEPICTURE|IMPORT|LINK|QUOTE)\b/i;

export interface CdrResult {
  data: Buffer;
  ext: 'docx' | 'xlsx' | 'pptx';
  type: string;
  detections: Detection[];
}

const TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
} as const;

export function ooxmlCdr(
  input: Uint8Array,
  limits: { maxEntries: number; maxTotalBytes: number; maxRatio: number },
): CdrResult {
  const entries = listZip(input, 'cp437', limits.maxEntries);
  const names = new Set<string>();
  const files = new Map<string, Buffer>();
  let total = 0;
  const counts = new Map<string, number>();
  const hit = (object: string, n = 1) => counts.set(object, (counts.get(object) ?? 0) + n);
  for (const e of entries) {
    const lower = e.name.toLowerCase();
    if (e.encrypted) throw new CdrError(`encrypted entry ${e.name}`);
    if (names.has(lower)) throw new CdrError(`duplicate entry ${e.name}`);
    names.add(lower);
    if (e.name.startsWith('/') || e.name.includes('..') || e.name.includes('\\'))
      throw new CdrError(`bad entry name ${e.name}`);
    if (e.isDir) continue;
    total += e.size;
    if (total > limits.maxTotalBytes) throw new CdrError('too large');
    if (e.compressedSize > 0 && e.size / e.compressedSize > limits.maxRatio && e.size > 1_000_000)
      throw new CdrError('compression ratio');
    if (REMOVE_PART.test(e.name)) {
      hit(
        /vba/i.test(e.name)
          ? 'vba'
          : /activeX|ctrlProps/i.test(e.name)
            ? 'activex'
            : /embeddings/i.test(e.name)
              ? 'ole-object'
              : /macrosheets/i.test(e.name)
                ? 'xlm-macrosheet'
                : /customUI/i.test(e.name)
                  ? 'custom-ui'
                  : /externalLinks|connections|queryTables/i.test(e.name)
                    ? 'external-link'
                    : 'binary-part',
      );
      continue;
    }
    if (/\.bin$/i.test(e.name)) throw new CdrError(`binary part ${e.name} (xlsb or unknown)`);
    files.set(e.name, readEntry(input, e, limits.maxTotalBytes));
  }
  const ctName = [...files.keys()].find((n) => n.toLowerCase() === '[content_types].xml');
  if (!ctName) throw new CdrError('no [Content_Types].xml');
  let kept = new Set([...files.keys()].map((n) => n.toLowerCase()));
  // relationship files of removed parts go too (word/_rels/vbaProject.bin.rels)
  for (const name of [...files.keys()]) {
    const owner = /^(.*?)_rels\/([^/]+)\.rels$/i.exec(name);
    if (owner && owner[2] !== '' && !kept.has(`${owner[1]}${owner[2]}`.toLowerCase())) {
      files.delete(name);
      hit('orphan-relationships');
    }
  }
  kept = new Set([...files.keys()].map((n) => n.toLowerCase()));
  const out: Record<string, [Uint8Array, { mtime: Date }]> = {};
  const mtime = new Date('1980-01-01T00:00:00Z');
  for (const [name, data] of files) {
    let text: string | null = null;
    if (/\.(?:xml|rels|vml)$/i.test(name)) {
      text = data.toString('utf8');
      if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new CdrError(`DOCTYPE in ${name}`);
      if (name.endsWith('.rels')) text = cleanRels(name, text, kept, hit);
      else if (name === ctName) text = cleanContentTypes(text, kept);
      else text = cleanPart(text, hit);
    }
    out[name] = [text === null ? data : strToU8(text), { mtime }];
  }
  // verify
  for (const [name, [data]] of Object.entries(out)) {
    if (REMOVE_PART.test(name)) throw new CdrError('removed part survived');
    if (/\.(?:xml|rels)$/i.test(name)) {
      const t = Buffer.from(data).toString('utf8');
      if (/macroEnabled|vbaProject/i.test(t) && name === ctName) throw new CdrError('macro content type survived');
      if (/TargetMode="External"/i.test(t) && /<Relationship\b(?![^>]*\/hyperlink")[^>]*TargetMode="External"/i.test(t))
        throw new CdrError('external relationship survived');
    }
  }
  const data = Buffer.from(zipSync(out, { level: 6 }));
  const lowerNames = [...kept];
  const ext = lowerNames.some((n) => n.startsWith('word/'))
    ? 'docx'
    : lowerNames.some((n) => n.startsWith('xl/'))
      ? 'xlsx'
      : lowerNames.some((n) => n.startsWith('ppt/'))
        ? 'pptx'
        : null;
  if (!ext) throw new CdrError('not a Word, Excel or PowerPoint package');
  return { data, ext, type: TYPES[ext], detections: [...counts].map(([object, count]) => ({ object, count })) };
}

function resolveTarget(relsName: string, target: string): string {
  // word/_rels/document.xml.rels + media/a.png → word/media/a.png
  const base = relsName.replace(/_rels\/[^/]+\.rels$/i, '');
  const parts = (target.startsWith('/') ? target.slice(1) : base + target).split('/');
  const stack: string[] = [];
  for (const p of parts) {
    if (p === '..') stack.pop();
    else if (p && p !== '.') stack.push(p);
  }
  return stack.join('/').toLowerCase();
}

function cleanRels(name: string, xml: string, kept: Set<string>, hit: (o: string, n?: number) => void): string {
  return xml.replace(/<Relationship\b[^>]*?(?:\/>|>\s*<\/Relationship>)/gi, (rel) => {
    const type = /\bType="([^"]*)"/i.exec(rel)?.[1] ?? '';
    const target = /\bTarget="([^"]*)"/i.exec(rel)?.[1] ?? '';
    const external = /\bTargetMode="External"/i.test(rel);
    if (external && !/\/hyperlink$/i.test(type)) {
      hit('external-relationship');
      return '';
    }
    if (REMOVE_REL_TYPE.test(type)) return '';
    if (!external && target && !kept.has(resolveTarget(name, decodeURIComponent(target)))) return '';
    return rel;
  });
}

function cleanContentTypes(xml: string, kept: Set<string>): string {
  let t = xml.replace(/<Override\b[^>]*PartName="([^"]*)"[^>]*\/>/gi, (o, part: string) =>
    kept.has(part.replace(/^\//, '').toLowerCase()) ? o : '',
  );
  t = t.replace(/<Default\b[^>]*ContentType="application\/vnd\.ms-office\.(?:vbaProject|activeX)[^"]*"[^>]*\/>/gi, '');
  for (const [re, to] of MAIN_CT_REMAP) t = t.replace(re, to);
  return t;
}

function cleanPart(xml: string, hit: (o: string, n?: number) => void): string {
  let t = xml.replace(/(<w:instrText\b[^>]*>)([^<]*)(<\/w:instrText>)/gi, (m, a: string, code: string, c: string) => {
    if (!DDE_FIELD.test(code)) return m;
    hit('dde');
    return `${a}${c}`;
  });
  t = t.replace(/\b(w:instr|instr)="([^"]*)"/gi, (m, attr: string, code: string) => {
    if (!DDE_FIELD.test(code)) return m;
    hit('dde');
    return `${attr}=""`;
  });
  // Excel DDE formulas such as =cmd|'/c calc'!A1
  t = t.replace(/<f\b[^>]*>([^<]*)<\/f>/gi, (m, f: string) => {
    if (!/\|/.test(f) || !/!/.test(f)) return m;
    hit('dde');
    return '';
  });
  t = t.replace(/<ddeLink\b[\s\S]*?<\/ddeLink>/gi, () => {
    hit('dde');
    return '';
  });
  return t;
}
