/**
 * Type detection by content, not by name (sanitizer.md §3 stage 4): magic numbers, ZIP/CFB inspection for Office and
 * ODF, Mamori's own text detection (file-type returns nothing for text). The file name only adds evidence: every
 * extension is checked (`a.pdf.exe`), and a name that contradicts the content is a disguise.
 */
import { detectCharset } from '../charset.ts';
import { findEntry, isZip, listZip, readEntry } from './zip.ts';

export type Kind =
  | 'pdf'
  | 'image'
  | 'svg'
  | 'ooxml'
  | 'ooxml-encrypted'
  | 'legacy-office'
  | 'odf'
  | 'rtf'
  | 'zip'
  | 'archive-other'
  | 'executable'
  | 'script'
  | 'html'
  | 'xml'
  | 'calendar'
  | 'text'
  | 'outlook-msg'
  | 'tnef'
  | 'unknown';

export interface Sniffed {
  kind: Kind;
  mime: string;
  /** image format for allow-lists, OOXML flavour, archive format… */
  detail?: string;
  charset?: string;
}

const has = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, s: string, at = 0) =>
  has(
    b,
    [...s].map((c) => c.charCodeAt(0)),
    at,
  );
const utf16 = (s: string) => Buffer.from(s, 'utf16le');

export function sniff(b: Uint8Array): Sniffed {
  if (b.length === 0) return { kind: 'unknown', mime: 'application/x-empty' };
  const head = Buffer.from(b.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return { kind: 'pdf', mime: 'application/pdf' };
  if (has(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: 'image', mime: 'image/png', detail: 'png' };
  if (has(b, [0xff, 0xd8, 0xff])) return { kind: 'image', mime: 'image/jpeg', detail: 'jpeg' };
  if (ascii(b, 'GIF87a') || ascii(b, 'GIF89a')) return { kind: 'image', mime: 'image/gif', detail: 'gif' };
  if (ascii(b, 'BM') && b.length > 26 && b[14] >= 12 && b[15] === 0)
    return { kind: 'image', mime: 'image/bmp', detail: 'bmp' };
  if (has(b, [0x49, 0x49, 0x2a, 0x00]) || has(b, [0x4d, 0x4d, 0x00, 0x2a]))
    return { kind: 'image', mime: 'image/tiff', detail: 'tiff' };
  if (ascii(b, 'RIFF') && ascii(b, 'WEBP', 8)) return { kind: 'image', mime: 'image/webp', detail: 'webp' };
  if (ascii(b, 'ftyp', 4) && /^(heic|heix|mif1|avif)/.test(Buffer.from(b.subarray(8, 12)).toString('latin1')))
    return { kind: 'image', mime: 'image/heif', detail: 'heif' };
  if (ascii(b, '{\\rt')) return { kind: 'rtf', mime: 'application/rtf' };
  if (has(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return sniffCfb(b);
  if (has(b, [0x78, 0x9f, 0x3e, 0x22])) return { kind: 'tnef', mime: 'application/ms-tnef' };
  if (isZip(b)) return sniffZip(b);
  if (has(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))
    return { kind: 'archive-other', mime: 'application/x-7z-compressed', detail: '7z' };
  if (ascii(b, 'Rar!\x1a\x07')) return { kind: 'archive-other', mime: 'application/vnd.rar', detail: 'rar' };
  if (b.length > 7 && b[2] === 0x2d && b[3] === 0x6c && (b[4] === 0x68 || b[4] === 0x7a) && b[6] === 0x2d)
    return { kind: 'archive-other', mime: 'application/x-lzh-compressed', detail: 'lzh' };
  if (has(b, [0x1f, 0x8b])) return { kind: 'archive-other', mime: 'application/gzip', detail: 'gzip' };
  if (ascii(b, 'BZh')) return { kind: 'archive-other', mime: 'application/x-bzip2', detail: 'bzip2' };
  if (has(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))
    return { kind: 'archive-other', mime: 'application/x-xz', detail: 'xz' };
  if (ascii(b, 'MSCF')) return { kind: 'archive-other', mime: 'application/vnd.ms-cab-compressed', detail: 'cab' };
  if (b.length > 0x8006 && ascii(b, 'CD001', 0x8001))
    return { kind: 'archive-other', mime: 'application/x-iso9660-image', detail: 'iso' };
  if (ascii(b, 'MZ')) return { kind: 'executable', mime: 'application/x-msdownload', detail: 'pe' };
  if (has(b, [0x7f, 0x45, 0x4c, 0x46])) return { kind: 'executable', mime: 'application/x-executable', detail: 'elf' };
  if (
    has(b, [0xfe, 0xed, 0xfa, 0xce]) ||
    has(b, [0xfe, 0xed, 0xfa, 0xcf]) ||
    has(b, [0xce, 0xfa, 0xed, 0xfe]) ||
    has(b, [0xcf, 0xfa, 0xed, 0xfe]) ||
    has(b, [0xca, 0xfe, 0xba, 0xbe])
  )
    return { kind: 'executable', mime: 'application/x-mach-binary', detail: 'macho-or-class' };
  if (has(b, [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00]))
    return { kind: 'executable', mime: 'application/x-ms-shortcut', detail: 'lnk' };
  if (ascii(b, '\0asm')) return { kind: 'executable', mime: 'application/wasm', detail: 'wasm' };
  if (ascii(b, '#!')) return { kind: 'script', mime: 'text/x-shellscript' };
  const charset = detectCharset(b);
  if (!charset) return { kind: 'unknown', mime: 'application/octet-stream' };
  return sniffText(b, charset);
}

function sniffText(b: Uint8Array, charset: string): Sniffed {
  const start = new TextDecoder(charset.startsWith('utf-16') ? charset : 'latin1')
    .decode(b.subarray(0, 4096))
    .replace(/^\ufeff/, '')
    .trimStart()
    .toLowerCase();
  const probe = start.slice(0, 4096);
  if (/<svg[\s>]/.test(probe)) return { kind: 'svg', mime: 'image/svg+xml', charset };
  if (
    /^(?:<!doctype html|<html|<head|<body|<meta|<script|<iframe|<table|<div|<p[\s>]|<a\s)/.test(probe) ||
    /<(?:script|iframe|html|body|object|embed)[\s>]/.test(probe)
  )
    return { kind: 'html', mime: 'text/html', charset };
  if (probe.startsWith('<?xml') || /^<[a-z_][\w:.-]*[\s>]/.test(probe))
    return { kind: 'xml', mime: 'application/xml', charset };
  if (probe.startsWith('begin:vcalendar')) return { kind: 'calendar', mime: 'text/calendar', charset };
  if (
    /^(?:@echo|rem\s|set\s|powershell|on error resume|dim\s|wscript\.|createobject\(|function\s+\w+\s*\(|var\s|const\s|\$\w+\s*=)/.test(
      probe,
    )
  )
    return { kind: 'script', mime: 'text/plain', detail: 'script-like', charset };
  return { kind: 'text', mime: 'text/plain', charset };
}

function sniffCfb(b: Uint8Array): Sniffed {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (buf.includes(utf16('EncryptionInfo')) || buf.includes(utf16('EncryptedPackage')))
    return { kind: 'ooxml-encrypted', mime: 'application/x-cfb', detail: 'encrypted' };
  if (buf.includes(utf16('__substg1.0_'))) return { kind: 'outlook-msg', mime: 'application/vnd.ms-outlook' };
  const detail = buf.includes(utf16('WordDocument'))
    ? 'doc'
    : buf.includes(utf16('Workbook')) || buf.includes(utf16('Book'))
      ? 'xls'
      : buf.includes(utf16('PowerPoint Document'))
        ? 'ppt'
        : 'cfb';
  return { kind: 'legacy-office', mime: 'application/x-cfb', detail };
}

function sniffZip(b: Uint8Array): Sniffed {
  let entries: ReturnType<typeof listZip>;
  try {
    entries = listZip(b, 'cp932', 10_000);
  } catch {
    return { kind: 'zip', mime: 'application/zip', detail: 'damaged' };
  }
  const ct = findEntry(entries, '[Content_Types].xml');
  if (ct) {
    const names = entries.map((e) => e.name.toLowerCase());
    const detail = names.some((n) => n.startsWith('word/'))
      ? 'word'
      : names.some((n) => n.startsWith('xl/'))
        ? 'excel'
        : names.some((n) => n.startsWith('ppt/'))
          ? 'powerpoint'
          : 'other';
    return { kind: 'ooxml', mime: 'application/vnd.openxmlformats-officedocument', detail };
  }
  const mt = findEntry(entries, 'mimetype');
  if (mt && !mt.encrypted && mt.size < 200) {
    try {
      const m = readEntry(b, mt, 200).toString('latin1').trim();
      if (m.startsWith('application/vnd.oasis.opendocument.')) return { kind: 'odf', mime: m };
    } catch {
      /* fall through to zip */
    }
  }
  if (entries.some((e) => /^meta-inf\/manifest\.mf$/i.test(e.name) || /\.class$/i.test(e.name)))
    return { kind: 'executable', mime: 'application/java-archive', detail: 'jar' };
  if (entries.some((e) => /^appxmanifest\.xml$/i.test(e.name)))
    return { kind: 'executable', mime: 'application/appx', detail: 'appx' };
  return { kind: 'zip', mime: 'application/zip', detail: entries.some((e) => e.encrypted) ? 'encrypted' : undefined };
}

/** Extensions that are blocked wherever they appear in a name (Haraka + rspamd bad-extension seeds). */
export const BAD_EXTENSIONS = new Set(
  (
    'exe com pif bat scr vbs vbe cmd cpl dll js jse wsf wsh ws wsc msi msp mst ps1 ps1xml ps2 psc1 psm1 hta jar lnk reg inf scf ' +
    'url iso img vhd vhdx application gadget msc sct chm hlp appref-ms settingcontent-ms library-ms xll xlam ocx sys drv ' +
    'ade adp app bas crt grp ins isp job mde mdb mdt mdw mdz msh msh1 msh2 mshxml msh1xml msh2xml ops pcd prf prg pst shb shs ' +
    'vb vxd xsl xslt swf iqy slk diagcab appx appxbundle msix msixbundle ' +
    'cab dmg pkg apk deb rpm sh bash zsh csh ksh py pyc pyw pl rb php asp aspx jsp cgi scpt action workflow command'
  ).split(' '),
);

const EXT_FAMILY: Record<string, Kind> = {
  pdf: 'pdf',
  jpg: 'image',
  jpeg: 'image',
  jpe: 'image',
  png: 'image',
  gif: 'image',
  bmp: 'image',
  tif: 'image',
  tiff: 'image',
  webp: 'image',
  docx: 'ooxml',
  docm: 'ooxml',
  dotx: 'ooxml',
  dotm: 'ooxml',
  xlsx: 'ooxml',
  xlsm: 'ooxml',
  xltx: 'ooxml',
  xltm: 'ooxml',
  xlsb: 'ooxml',
  pptx: 'ooxml',
  pptm: 'ooxml',
  potx: 'ooxml',
  potm: 'ooxml',
  ppsx: 'ooxml',
  ppsm: 'ooxml',
  doc: 'legacy-office',
  dot: 'legacy-office',
  xls: 'legacy-office',
  xlt: 'legacy-office',
  xla: 'legacy-office',
  ppt: 'legacy-office',
  pot: 'legacy-office',
  pps: 'legacy-office',
  odt: 'odf',
  ods: 'odf',
  odp: 'odf',
  odg: 'odf',
  ott: 'odf',
  ots: 'odf',
  otp: 'odf',
  rtf: 'rtf',
  zip: 'zip',
  txt: 'text',
  csv: 'text',
  tsv: 'text',
  log: 'text',
  md: 'text',
  ics: 'calendar',
};

/** File-name evidence: every extension, the one that decides, bidi tricks. */
export function nameFacts(name: string | null): { exts: string[]; last: string | null; bad: string[]; bidi: boolean } {
  if (!name) return { exts: [], last: null, bad: [], bidi: false };
  const bidi = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/.test(name);
  const clean = name.replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, '').replace(/[. ]+$/, '');
  const base = clean.split(/[\\/]/).pop() ?? clean;
  const exts = base
    .split('.')
    .slice(1)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e && e.length <= 20);
  const bad = exts.filter((e) => BAD_EXTENSIONS.has(e));
  // split archives: .zip.001, .7z.002, .r00
  if (/\.(?:\d{3}|r\d{2}|z\d{2})$/i.test(base)) bad.push('split-archive');
  return { exts, last: exts.length ? exts[exts.length - 1] : null, bad, bidi };
}

/** True when the name claims a different family than the content (e.g. `invoice.pdf` that is a ZIP). */
export function nameContradicts(last: string | null, s: Sniffed): boolean {
  if (!last) return false;
  const family = EXT_FAMILY[last];
  if (!family) return false;
  if (family === s.kind) return false;
  if (family === 'ooxml' && s.kind === 'ooxml-encrypted') return false; // encrypted OOXML is CFB
  if (family === 'legacy-office' && (s.kind === 'ooxml-encrypted' || s.kind === 'html' || s.kind === 'xml'))
    return s.kind !== 'ooxml-encrypted';
  if (family === 'text' && (s.kind === 'script' || s.kind === 'xml')) return false;
  return true;
}
