/**
 * Minimal writer for image-only PDFs: one RGB image XObject per page (FlateDecode), a content stream that paints it,
 * nothing else — no fonts, no actions, no annotations, no metadata. What the gateway emits is, by construction, only
 * pixels (the dangerzone model).
 */
import { deflateSync } from 'node:zlib';

export interface RasterPage {
  width: number;
  height: number;
  /** width × height × 3 bytes of RGB */
  rgb: Uint8Array;
}

export class ImagePdfWriter {
  private chunks: Buffer[] = [];
  private offsets: number[] = [];
  private length = 0;
  private pageIds: number[] = [];
  private nextId = 3; // 1 = catalog, 2 = pages

  constructor(private readonly dpi: number) {
    this.push(Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
  }

  private push(b: Buffer) {
    this.chunks.push(b);
    this.length += b.length;
  }

  private object(id: number, body: Buffer | string, stream?: Buffer) {
    this.offsets[id] = this.length;
    this.push(Buffer.from(`${id} 0 obj\n`, 'latin1'));
    this.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    if (stream) {
      this.push(Buffer.from('\nstream\n', 'latin1'));
      this.push(stream);
      this.push(Buffer.from('\nendstream', 'latin1'));
    }
    this.push(Buffer.from('\nendobj\n', 'latin1'));
  }

  addPage(page: RasterPage, level = 6): void {
    if (page.rgb.length !== page.width * page.height * 3) throw new Error('page buffer has the wrong size');
    const image = this.nextId++;
    const content = this.nextId++;
    const pageId = this.nextId++;
    const w = (page.width * 72) / this.dpi;
    const h = (page.height * 72) / this.dpi;
    const data = deflateSync(page.rgb, { level });
    this.object(
      image,
      `<< /Type /XObject /Subtype /Image /Width ${page.width} /Height ${page.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length ${data.length} >>`,
      data,
    );
    const ops = Buffer.from(`q ${w.toFixed(2)} 0 0 ${h.toFixed(2)} 0 0 cm /Im0 Do Q`, 'latin1');
    this.object(content, `<< /Length ${ops.length} >>`, ops);
    this.object(
      pageId,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w.toFixed(2)} ${h.toFixed(2)}] /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${content} 0 R >>`,
    );
    this.pageIds.push(pageId);
  }

  get pages(): number {
    return this.pageIds.length;
  }

  finish(): Buffer {
    this.object(1, '<< /Type /Catalog /Pages 2 0 R >>');
    this.object(
      2,
      `<< /Type /Pages /Kids [${this.pageIds.map((p) => `${p} 0 R`).join(' ')}] /Count ${this.pageIds.length} >>`,
    );
    const xref = this.length;
    const n = this.nextId;
    let table = `xref\n0 ${n}\n0000000000 65535 f \n`;
    for (let i = 1; i < n; i++) table += `${String(this.offsets[i] ?? 0).padStart(10, '0')} 00000 n \n`;
    table += `trailer\n<< /Size ${n} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    this.push(Buffer.from(table, 'latin1'));
    return Buffer.concat(this.chunks);
  }
}

/** Parse a binary PPM (P6, maxval 255) and check that the pixel buffer is exactly width × height × 3 bytes. */
export function parsePpm(b: Buffer): RasterPage {
  const m = /^P6\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(b.subarray(0, 128).toString('latin1'));
  if (!m) throw new Error('not a P6 PPM');
  const width = Number(m[1]);
  const height = Number(m[2]);
  if (Number(m[3]) !== 255) throw new Error('unsupported PPM depth');
  const header = m[0].length;
  const rgb = b.subarray(header);
  if (rgb.length !== width * height * 3)
    throw new Error(`PPM pixel buffer is ${rgb.length} bytes, expected ${width * height * 3}`);
  return { width, height, rgb };
}
