/**
 * Defang every URL in plain text (sanitizer.md §4): `https://example.jp/a` → `hxxps://example[.]jp/a`, also `www.`
 * hosts, bare domains with a common TLD, e-mail addresses (mailto policy) and `tel:` URIs (tel policy). One linear regex
 * pass; already-defanged text does not match again.
 */
import type { BodyPolicy } from '../policy.ts';

const SCHEMES =
  'https?|ftps?|sftp|file|smb|nfs|wss?|javascript|vbscript|data|jar|ms-[a-z-]{1,30}|search-ms|mailto|tel|sms|callto|skype|sip|news|nntp|telnet|ssh|ldap|gopher|irc|webcal|itms|intent|blob|about|res|mhtml|its';
const TLDS =
  'jp|com|net|org|info|biz|io|co|ru|cn|kr|tw|hk|uk|de|fr|us|me|app|dev|xyz|top|site|online|club|shop|tk|ml|ga|cf|gq|ly|link|click|live|cc|tv|ws|pw|in|eu|asia|tokyo|osaka|nagoya|yokohama';
const URL_CHARS = '[^\\s<>"\'`\\u0080-\\uffff]';

// groups: 1 scheme, 2 e-mail, 3 www, 4 bare domain (numbered, not named: this runs over every body)
const PATTERN = new RegExp(
  [
    `(\\b(?:${SCHEMES}):${URL_CHARS}+)`,
    `(\\b[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\\.){1,10}[A-Za-z]{2,24}\\b)`,
    `(\\bwww\\d{0,3}\\.${URL_CHARS}+)`,
    `(\\b(?:[A-Za-z0-9-]{1,63}\\.){1,10}(?:${TLDS})\\b(?:[/:?#]${URL_CHARS}*)?)`,
  ].join('|'),
  'gi',
);

export interface DefangStats {
  urls: number;
}

function defangHost(hostAndRest: string): string {
  // hostAndRest starts with the authority; dots, colons and @ in the authority are broken, the path is left readable
  let out = '';
  let from = 0;
  for (let i = 0; i < hostAndRest.length; i++) {
    const c = hostAndRest.charCodeAt(i);
    if (c === 0x2f || c === 0x3f || c === 0x23) break; // / ? #
    if (c === 0x2e || c === 0x3a || c === 0x40) {
      // . : @
      out += `${hostAndRest.slice(from, i)}[${hostAndRest[i]}]`;
      from = i + 1;
    }
  }
  return from === 0 ? hostAndRest : out + hostAndRest.slice(from);
}

/** Defang one URL (used for HTML hrefs too). */
export function defangUrl(url: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?(.*)$/s.exec(url.trim());
  if (!m) return defangHost(url.trim());
  const scheme = m[1].toLowerCase();
  const slashes = m[2] ?? '';
  const rest = m[3];
  const schemeOut =
    scheme === 'http'
      ? 'hxxp'
      : scheme === 'https'
        ? 'hxxps'
        : scheme === 'ftp'
          ? 'fxp'
          : scheme === 'ftps'
            ? 'fxps'
            : `${scheme}[:]`;
  const sep = schemeOut.endsWith('[:]') ? '' : ':';
  if (scheme === 'mailto') return `mailto[:]${rest.replace(/@/g, '[@]').replace(/\./g, '[.]')}`;
  if (scheme === 'tel' || scheme === 'sms' || scheme === 'callto') return `${scheme}[:]${rest}`;
  return `${schemeOut}${sep}${slashes}${slashes ? defangHost(rest) : rest.replace(/\./g, '[.]')}`;
}

/** Length of `match` without trailing punctuation (.,;:!?)]}>), which stays outside the defanged text. */
function coreLength(match: string): number {
  let n = match.length;
  while (n > 0) {
    const c = match.charCodeAt(n - 1);
    // . , ; : ! ? ) ] } >
    if (c === 0x2e || c === 0x2c || c === 0x3b || c === 0x3a || c === 0x21 || c === 0x3f) n--;
    else if (c === 0x29 || c === 0x5d || c === 0x7d || c === 0x3e) n--;
    else break;
  }
  return n;
}

function defangMatch(m: RegExpExecArray, policy: BodyPolicy, stats: DefangStats): string | null {
  const match = m[0];
  const n = coreLength(match);
  if (n === 0) return null;
  const core = n === match.length ? match : match.slice(0, n);
  if (m[2] !== undefined) {
    if (!policy.defangMailto) return null;
    stats.urls++;
    return core.replace('@', '[@]').replace(/\./g, '[.]');
  }
  if (m[1] !== undefined) {
    const scheme = core.slice(0, core.indexOf(':')).toLowerCase();
    if (scheme === 'mailto' && !policy.defangMailto) return null;
    if ((scheme === 'tel' || scheme === 'sms' || scheme === 'callto') && !policy.defangTel) return null;
    if (!policy.defangUrls && scheme !== 'mailto' && scheme !== 'tel') return null;
    stats.urls++;
    return defangUrl(core);
  }
  if (!policy.defangUrls) return null;
  stats.urls++;
  return defangHost(core);
}

/** Defang URLs, domains and (per policy) e-mail addresses and tel: URIs in plain text. */
export function defangText(text: string, policy: BodyPolicy, stats: DefangStats = { urls: 0 }): string {
  if (!policy.defangUrls && !policy.defangMailto && !policy.defangTel) return text;
  let out = '';
  let from = 0;
  PATTERN.lastIndex = 0;
  for (let m = PATTERN.exec(text); m !== null; m = PATTERN.exec(text)) {
    const replaced = defangMatch(m, policy, stats);
    if (replaced === null) continue;
    const core = coreLength(m[0]);
    out += text.slice(from, m.index) + replaced;
    from = m.index + core;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The host a URL points to, lower-cased (for href/text mismatch checks). */
export function hostOf(url: string): string | null {
  const u = url.trim();
  // both forms need a "://" or a dot: most link texts (「こちら」) have neither
  if (!u.includes('.') && !u.includes(':')) return null;
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/:?#]+)/.exec(u);
  if (m) return m[1].toLowerCase();
  const w = /^(?:www\d{0,3}\.)?((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24})(?:[/:?#]|$)/i.exec(u);
  return w ? w[0].replace(/[/:?#]$/, '').toLowerCase() : null;
}
