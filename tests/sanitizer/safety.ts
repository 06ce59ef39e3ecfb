/** Checks shared by the sanitizer tests: what may appear in a rebuilt message, and nothing else. */
import PostalMime from 'postal-mime';
import { expect } from 'vitest';
import { pdfTriage } from '../../src/sanitizer/convert/pdf.ts';

const ALLOWED =
  /^(?:text\/plain|text\/csv|application\/pdf|image\/png|image\/jpeg|application\/vnd\.openxmlformats-officedocument\.(?:wordprocessingml\.document|spreadsheetml\.sheet|presentationml\.presentation))$/;

/** Parse the output and assert: text-only body, allowed attachment types, no executables, image-only PDFs. */
export async function assertSafeOutput(output: Buffer): Promise<Awaited<ReturnType<typeof PostalMime.parse>>> {
  expect(output.length).toBeGreaterThan(0);
  const head = output.subarray(0, output.indexOf('\r\n\r\n')).toString('latin1');
  expect(head).toMatch(/^X-Mamori-Sanitized: v=1; /m);
  const p = await PostalMime.parse(output);
  expect(p.html ?? null).toBeNull();
  expect(output.toString('latin1')).not.toMatch(/Content-Type:\s*text\/html/i);
  for (const a of p.attachments) {
    expect(a.mimeType).toMatch(ALLOWED);
    const b = Buffer.from(a.content as ArrayBuffer);
    expect(b.subarray(0, 2).toString('latin1')).not.toBe('MZ');
    expect(b.subarray(0, 4).toString('latin1')).not.toBe('\x7fELF');
    if (a.mimeType === 'application/pdf') {
      const found = pdfTriage(b).map((d) => d.object);
      expect(found.filter((o) => o !== 'object-stream')).toEqual([]);
      expect(b.toString('latin1')).not.toMatch(
        /\/Font|\/JS|\/JavaScript|\/OpenAction|\/AA\b|\/URI|\/Launch|\/EmbeddedFile/,
      );
    }
    if (a.mimeType.includes('openxmlformats')) {
      const bad = /vbaProject|activeX|oleObject|embeddings\//i.exec(b.toString('latin1'));
      expect(bad?.[0] ?? null).toBeNull();
    }
    if (a.mimeType.startsWith('text/'))
      expect(new TextDecoder('utf-8', { fatal: true }).decode(b)).toBeTypeOf('string');
  }
  return p;
}
