/** Kana handling for names: ふりがな may be typed in hiragana or katakana; ordering and search use katakana. */

export function toKatakana(s: string): string {
  return s.replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
}

export function toHiragana(s: string): string {
  return s.replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
}

/** 五十音 sort key: katakana family and given names, NFKC-normalised (half-width kana become full-width). */
export function kanaSortKey(familyKana: string, givenKana: string): string {
  return toKatakana(`${familyKana} ${givenKana}`.normalize('NFKC')).replace(/\s+/g, ' ').trim();
}
