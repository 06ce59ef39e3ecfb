/**
 * Cleaning of text extracted from PDF or Word into Markdown, as the seed shows it: letters spaced apart
 * ("L G W A N", "L GWAN"), bold markers around headings ("#### **7. …**"), and words cut by a page break, sometimes
 * with the cut repeated ("情報セキ" / "セキュリティ"). Pure functions.
 */

/** "L G W A N接続系" and "L GWAN" → "LGWAN": single capitals separated by spaces are one word. */
export function joinSpacedCapitals(s: string): string {
  return s.replace(/(?<![A-Za-z])((?:[A-Z][ \u3000])+)(?=[A-Z])/g, (run) => run.replace(/[ \u3000]/g, ''));
}

/** Removes Markdown emphasis and inline code marks; keeps the text. */
export function stripInlineMarks(s: string): string {
  return s
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/__(.+?)__/g, '$1')
    .replace(/(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?!\*)/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\*\*|\*\*$/g, '');
}

/** One line as the parser reads it: inline marks stripped, spacing artefacts joined, ends trimmed. */
export function cleanLine(s: string): string {
  return joinSpacedCapitals(stripInlineMarks(s))
    .replace(/\s+$/u, '')
    .replace(/^[\s\u3000]+/u, '');
}

/** Whether a paragraph stops mid-sentence: it does not end with 。 or a closing bracket or colon. */
export function endsMidSentence(s: string): boolean {
  return s.length > 0 && !/[。．.」』）)】：:！？!?]$/.test(s);
}

/**
 * Joins a paragraph cut by a page break with its continuation. When the continuation repeats the end of the cut
 * (at least two characters: "情報セキ" + "セキュリティ"), the repetition is dropped.
 */
export function joinCut(before: string, after: string): string {
  const max = Math.min(8, before.length, after.length);
  for (let k = max; k >= 2; k--) {
    if (before.endsWith(after.slice(0, k))) return before + after.slice(k);
  }
  return before + after;
}

/** Text compared across versions: whitespace of any width removed, full-width ASCII folded, spacing joined. */
export function comparable(s: string): string {
  return joinSpacedCapitals(s)
    .replace(/[！-～]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '');
}
