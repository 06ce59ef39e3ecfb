/**
 * Policy text (Markdown, often extracted from PDF) → a clause tree that keeps the document's own numbering.
 *
 * Nesting follows the numbering styles, not the Markdown heading levels (the seed has "## (2)" under "### 6."):
 * a marker of a style already open closes everything below it and becomes its sibling; a style not yet open nests
 * under the current clause; 章 > 節 > 条 always rank above the rest. A numbered line without heading marks
 * ("(11) 通信経路の分割") counts when it continues its series. The 目次 block is read as a table of contents, the
 * lines before the first clause as the front matter (title, 策定/改訂 dates, owner). Pure; never throws on text.
 */

import { cleanLine, endsMidSentence, joinCut } from './normalize.ts';
import { type KanaSeries, type Marker, type NumberingStyle, readMarker } from './numbering.ts';
import { warekiToIso } from './wareki.ts';

export interface ClauseNode {
  /** Keys from the top, joined by "/": 第1章/6/(3)/②. Unique within a version. */
  path: string;
  key: string;
  style: NumberingStyle;
  value: number;
  /** As displayed: 第1章, 6., (3), ②, 第5条, 一, ア. */
  label: string;
  heading: string;
  /** The clause's own paragraphs (children excluded), joined by "\n". */
  text: string;
  children: ClauseNode[];
  /** 1-based line of the marker in the source. */
  line: number;
}

export interface ParsedPolicy {
  title: string | null;
  /** Front-matter lines other than the title: dates, the owning committee. */
  preamble: string[];
  established: string | null;
  revised: string | null;
  owner: string | null;
  toc: Array<{ text: string; page: string | null }>;
  clauses: ClauseNode[];
}

interface Open {
  node: ClauseNode;
  paragraphs: string[];
  /** Created from a list item ("- ①…"): a following plain paragraph belongs to its parent. */
  inline: boolean;
  /** The last paragraph may continue after a page break. */
  open: boolean;
  series?: KanaSeries;
}

const RANK: Partial<Record<NumberingStyle, number>> = { chapter: 1, part: 2, article: 3 };
const TOC_START = /^[<＜〈【[]?\s*目\s*次\s*[>＞〉】\]]?$/;
const TOC_ENTRY = /^(.+?)[\s\u3000.…・]+([0-9０-９]+)$/;
const CAPTION = /^[(（]([^()（）0-9０-９]{1,30})[)）]$/;

const labelOf = (m: Marker) => (m.style === 'dot' ? `${m.key}.` : m.key);

/** Whether the rest of a marker line without heading marks is a heading rather than the clause's first sentence. */
function looksLikeHeading(rest: string): boolean {
  return rest.length > 0 && rest.length <= 40 && !rest.includes('。') && !rest.includes('、');
}

interface Line {
  text: string;
  heading: number;
  list: boolean;
  index: number;
}

function readLine(raw: string, index: number): Line {
  let s = raw.replace(/\r$/, '');
  let heading = 0;
  const h = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(s);
  if (h) {
    heading = h[1].length;
    s = h[2];
  }
  let list = false;
  const l = /^\s*(?:[-*+・]|>)\s+(.*)$/.exec(s);
  if (!heading && l) {
    list = true;
    s = l[1];
  }
  return { text: cleanLine(s), heading, list, index };
}

export function parsePolicy(markdown: string): ParsedPolicy {
  const result: ParsedPolicy = {
    title: null,
    preamble: [],
    established: null,
    revised: null,
    owner: null,
    toc: [],
    clauses: [],
  };
  const stack: Open[] = [];
  let inToc = false;
  let caption: string | null = null;
  let blankSince = true;

  const finishAll = () => {
    while (stack.length) close(stack.pop()!);
  };
  const close = (o: Open) => {
    o.node.text = o.paragraphs.join('\n');
  };
  const siblingsOf = (depth: number) => (depth === 0 ? result.clauses : stack[depth - 1].node.children);

  /** Where a marker of this style would go: the stack depth of its parent, and whether it continues a series. */
  const placeFor = (m: Marker): { depth: number; continues: boolean } => {
    let i = stack.length - 1;
    while (i >= 0 && stack[i].node.style !== m.style) i--;
    if (i >= 0) return { depth: i, continues: m.value === stack[i].node.value + 1 || m.sub !== undefined };
    let depth = stack.length;
    const rank = RANK[m.style];
    if (rank !== undefined) {
      depth = 0;
      for (let j = 0; j < stack.length; j++) {
        const r = RANK[stack[j].node.style];
        if (r !== undefined && r < rank) depth = j + 1;
      }
    }
    return { depth, continues: m.value === 1 };
  };

  /** The marker of a line; a katakana list is ア・イ・ウ unless it opened with イ (イ・ロ・ハ). */
  const markerOf = (text: string): { marker: Marker; series?: KanaSeries } | null => {
    const first = readMarker(text);
    if (!first || (first.style !== 'kana' && first.style !== 'kanaParen')) return first && { marker: first };
    const open = [...stack].reverse().find((o) => o.node.style === first.style);
    const series: KanaSeries = open?.series ?? (/^[(（]?イ/.test(text) ? 'iroha' : 'aiueo');
    const marker = readMarker(text, series);
    return marker && { marker, series };
  };

  const addParagraph = (text: string, afterBlank: boolean) => {
    let k = stack.length - 1;
    while (k > 0 && stack[k].inline) k--;
    const target = stack[k];
    const last = target.paragraphs.length - 1;
    if (target.open && last >= 0 && endsMidSentence(target.paragraphs[last]) && !text.startsWith('|')) {
      target.paragraphs[last] = afterBlank
        ? joinCut(target.paragraphs[last], text)
        : target.paragraphs[last] + (/[A-Za-z0-9]$/.test(target.paragraphs[last]) ? ' ' : '') + text;
    } else {
      target.paragraphs.push(text);
    }
    target.open = true;
  };

  const lines = markdown.split('\n').map(readLine);
  for (const line of lines) {
    const { text } = line;
    if (text === '') {
      blankSince = true;
      continue;
    }
    const wasBlank = blankSince;
    blankSince = false;

    if (TOC_START.test(text) && stack.length === 0) {
      inToc = true;
      continue;
    }
    if (inToc) {
      const entry = TOC_ENTRY.exec(text);
      if (!line.heading && entry) {
        result.toc.push({ text: entry[1].trim(), page: entry[2] });
        continue;
      }
      inToc = false;
    }

    const found = markerOf(text);
    if (found) {
      const { marker } = found;
      const { depth, continues } = placeFor(marker);
      const strong = line.heading > 0 || line.list || RANK[marker.style] !== undefined;
      if (strong || continues) {
        if (caption && marker.style !== 'article' && stack.length > 0) {
          addParagraph(caption, true);
          caption = null;
        }
        while (stack.length > depth) close(stack.pop()!);
        const parentPath = depth === 0 ? '' : `${stack[depth - 1].node.path}/`;
        let heading = '';
        let first = marker.rest;
        const cap = /^[(（]([^()（）]{1,30})[)）][\s\u3000]*(.*)$/.exec(first);
        if (marker.style === 'article' && cap) {
          heading = cap[1];
          first = cap[2];
        } else if (marker.style === 'article' && caption) {
          heading = caption.slice(1, -1);
        } else if (line.heading > 0 || (!line.list && looksLikeHeading(first))) {
          heading = first;
          first = '';
        }
        caption = null;
        const node: ClauseNode = {
          path: `${parentPath}${marker.key}`,
          key: marker.key,
          style: marker.style,
          value: marker.value,
          label: labelOf(marker),
          heading,
          text: '',
          children: [],
          line: line.index + 1,
        };
        let path = node.path;
        for (let n = 2; siblingsOf(depth).some((s) => s.path === path); n++) path = `${node.path}#${n}`;
        node.path = path;
        siblingsOf(depth).push(node);
        if (depth > 0) stack[depth - 1].open = false;
        stack.push({ node, paragraphs: first ? [first] : [], inline: line.list, open: !!first, series: found.series });
        continue;
      }
    }

    if (stack.length === 0) {
      if (line.heading === 1 && result.title === null) result.title = text;
      else result.preamble.push(text);
      continue;
    }
    const cap = CAPTION.exec(text);
    if (cap && !line.heading && !text.includes('。')) {
      if (caption) addParagraph(caption, true);
      caption = text;
      continue;
    }
    if (caption) {
      addParagraph(caption, true);
      caption = null;
    }
    addParagraph(line.list ? `・${text}` : text, wasBlank);
  }
  finishAll();
  readFrontMatter(result);
  return result;
}

function readFrontMatter(result: ParsedPolicy) {
  for (const line of result.preamble) {
    const iso = warekiToIso(line);
    if (iso && /(策定|制定)/.test(line)) result.established ??= iso;
    else if (iso && /(改訂|改正)/.test(line)) result.revised = iso;
    else if (!iso && /(委員会|本部|会議)$/.test(line)) result.owner ??= line;
  }
}

/** Every clause in document order with its depth and parent path. */
export function flattenClauses(
  clauses: ClauseNode[],
  depth = 0,
  parent: string | null = null,
): Array<ClauseNode & { depth: number; parentPath: string | null }> {
  return clauses.flatMap((c) => [
    { ...c, depth, parentPath: parent },
    ...flattenClauses(c.children, depth + 1, c.path),
  ]);
}

export function findClause(clauses: ClauseNode[], path: string): ClauseNode | null {
  for (const c of clauses) {
    if (c.path === path) return c;
    if (path.startsWith(`${c.path}/`)) return findClause(c.children, path);
  }
  return null;
}

/**
 * How the clause is cited: the path without 章/節 (articles and sections are numbered through the document),
 * 号 as 第N号: "6(3)②", "第5条第1号". A path of chapters only stays as it is.
 */
export function citationOf(path: string): string {
  const parts = path.split('/').map((p) => p.replace(/#\d+$/, ''));
  const inner = parts.filter((p) => !/^第\d+[章節]$/.test(p));
  if (inner.length === 0) return parts.join('');
  return inner
    .map((p) => {
      const kanji = /^[(（]?([一二三四五六七八九十]+)[)）]?$/.exec(p);
      return kanji ? `第${kanjiToNumber(kanji[1])}号` : p;
    })
    .join('');
}

function kanjiToNumber(s: string): number {
  const d: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const t = s.indexOf('十');
  if (t < 0) return d[s] ?? 0;
  return (t === 0 ? 1 : (d[s[0]] ?? 0)) * 10 + (d[s.slice(t + 1)] ?? 0);
}
