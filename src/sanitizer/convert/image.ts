/**
 * Images are re-encoded from pixels (sanitizer.md §5.1 reencode): decode → raw pixels → a new PNG/JPEG. EXIF, ICC,
 * XMP, comments and anything appended after the image data do not survive. sharp (prebuilt libvips from npm) is used
 * with an allow-list on the *decoded* format (sharp accepts SVG by default), `limitInputPixels` and `failOn`.
 * BMP, which libvips does not read, is decoded here (uncompressed 24/32-bit only; anything else is refused).
 */
import sharp, { type Sharp } from 'sharp';
import { ConvertError } from './pdf.ts';

sharp.cache(false);
sharp.concurrency(1);

export interface ReencodeResult {
  data: Buffer;
  type: string;
  ext: string;
  width: number;
  height: number;
}

function decodeBmp(b: Uint8Array, maxPixels: number): { data: Buffer; width: number; height: number; channels: 3 } {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const offset = dv.getUint32(10, true);
  const headerSize = dv.getUint32(14, true);
  if (headerSize < 40) throw new ConvertError('old bmp header', '非対応の BMP 形式です');
  const width = dv.getInt32(18, true);
  const rawHeight = dv.getInt32(22, true);
  const bpp = dv.getUint16(28, true);
  const compression = dv.getUint32(30, true);
  const height = Math.abs(rawHeight);
  if (width <= 0 || height <= 0 || width * height > maxPixels)
    throw new ConvertError('bmp size', '画像の寸法が上限を超えています');
  if ((bpp !== 24 && bpp !== 32) || (compression !== 0 && compression !== 3))
    throw new ConvertError('bmp format', '非対応の BMP 形式（圧縮・パレット）です');
  const bytesPer = bpp / 8;
  const stride = Math.ceil((width * bytesPer) / 4) * 4;
  if (offset + stride * height > b.length) throw new ConvertError('bmp truncated', 'BMP が破損しています');
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const src = offset + (rawHeight > 0 ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      const s = src + x * bytesPer;
      const d = (y * width + x) * 3;
      out[d] = b[s + 2];
      out[d + 1] = b[s + 1];
      out[d + 2] = b[s];
    }
  }
  return { data: out, width, height, channels: 3 };
}

export async function reencodeImage(
  input: Uint8Array,
  opt: { allow: string[]; maxPixels: number; out: 'png' | 'jpeg'; sniffed: string },
): Promise<ReencodeResult> {
  if (!opt.allow.includes(opt.sniffed))
    throw new ConvertError(`format ${opt.sniffed} not allowed`, `画像形式（${opt.sniffed}）は許可されていません`);
  let pipeline: Sharp;
  try {
    if (opt.sniffed === 'bmp') {
      const raw = decodeBmp(input, opt.maxPixels);
      pipeline = sharp(raw.data, {
        raw: { width: raw.width, height: raw.height, channels: 3 },
        limitInputPixels: opt.maxPixels,
      });
    } else {
      const meta = await sharp(input, { limitInputPixels: opt.maxPixels, failOn: 'error' }).metadata();
      const format = String(meta.format) === 'jpg' ? 'jpeg' : String(meta.format);
      if (format !== opt.sniffed || !opt.allow.includes(format))
        throw new ConvertError(`decoded format ${format} differs`, '画像の形式が内容と一致しません');
      pipeline = sharp(input, { limitInputPixels: opt.maxPixels, failOn: 'error', pages: 1 }).rotate();
    }
    const encoded =
      opt.out === 'jpeg'
        ? pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 90 })
        : pipeline.png({ compressionLevel: 6 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    // verify: the new file decodes, in the expected format, with the same dimensions
    const check = await sharp(data, { failOn: 'error' }).metadata();
    if (
      check.format !== (opt.out === 'jpeg' ? 'jpeg' : 'png') ||
      check.width !== info.width ||
      check.height !== info.height
    )
      throw new ConvertError('verify failed', '再生成した画像の検証に失敗しました');
    return {
      data,
      type: opt.out === 'jpeg' ? 'image/jpeg' : 'image/png',
      ext: opt.out === 'jpeg' ? 'jpg' : 'png',
      width: info.width,
      height: info.height,
    };
  } catch (err) {
    if (err instanceof ConvertError) throw err;
    throw new ConvertError(
      `image decode failed: ${(err as Error).message}`,
      '画像を読み取れませんでした（破損または上限超過）',
    );
  }
}
