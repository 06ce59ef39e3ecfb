/**
 * Defang every URL in plain text (sanitizer.md §4): `https://example.jp/a` → `hxxps://example[.]jp/a`, also `www.`
 * hosts, bare domains with a common TLD, e-mail addresses (mailto policy) and `tel:` URIs (tel policy). One linear regex
 * pass; already-defanged text does not match again.
 */
import type { BodyPolicy } from '../src/sanitizer/policy.ts';

const SCHEMES =
  'https?|ftps?|sftp|file|smb|nfs|wss?|javascript|vbscript|data|jar|ms-[a-z-]{1,30}|search-ms|mailto|tel|sms|callto|skype|sip|news|nntp|telnet|ssh|ldap|gopher|irc|webcal|itms|intent|blob|about|res|mhtml|its';
const TLDS =
  'jp|com|net|org|info|biz|io|co|ru|cn|kr|tw|hk|uk|de|fr|us|me|app|dev|xyz|top|site|online|club|shop|tk|ml|ga|cf|gq|ly|link|click|live|cc|tv|ws|pw|in|eu|asia|tokyo|osaka|nagoya|yokohama';
const URL_CHARS = '[^\\s<>"\'`\\u0080-\\uffff]';

const PATTERN = new RegExp(
  [
    `(?<scheme>\\b(?:${SCHEMES}):${URL_CHARS}+)`,
    `(?<email>\\b[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\\.){1,10}[A-Za-z]{2,24}\\b)`,
    `(?<www>\\bwww\\d{0,3}\\.${URL_CHARS}+)`,
    `(?<domain>\\b(?:[A-Za-z0-9-]{1,63}\\.){1,10}(?:${TLDS})\\b(?:[/:?#]${URL_CHARS}*)?)`,
  ].join('|'),
  'gi',
);

const TRAILING = /[.,;:!?)\]}>]+$/;

export interface DefangStats {
  urls: number;
}

function defangHost(hostAndRest: string): string {
  // hostAndRest starts with the authority; dots and @ in the authority are broken, the path is left readable
  const end = hostAndRest.search(/[/?#]/);
  const authority = end < 0 ? hostAndRest : hostAndRest.slice(0, end);
  const rest = end < 0 ? '' : hostAndRest.slice(end);
  return authority.replace(/@/g, '[@]').replace(/\./g, '[.]').replace(/:/g, '[:]') + rest;
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

/** Defang URLs, domains and (per policy) e-mail addresses and tel: URIs in plain text. */
export function defangText(text: string, policy: BodyPolicy, stats: DefangStats = { urls: 0 }): string {
  if (!policy.defangUrls && !policy.defangMailto && !policy.defangTel) return text;
  return text.replace(PATTERN, (match: string, ...args: unknown[]) => {
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    const trail = TRAILING.exec(match)?.[0] ?? '';
    const core = trail ? match.slice(0, -trail.length) : match;
    if (!core) return match;
    if (groups.email) {
      if (!policy.defangMailto) return match;
      stats.urls++;
      return core.replace('@', '[@]').replace(/\./g, '[.]') + trail;
    }
    if (groups.scheme) {
      const scheme = core.slice(0, core.indexOf(':')).toLowerCase();
      if (scheme === 'mailto' && !policy.defangMailto) return match;
      if ((scheme === 'tel' || scheme === 'sms' || scheme === 'callto') && !policy.defangTel) return match;
      if (!policy.defangUrls && scheme !== 'mailto' && scheme !== 'tel') return match;
      stats.urls++;
      return defangUrl(core) + trail;
    }
    if (!policy.defangUrls) return match;
    stats.urls++;
    return defangHost(core) + trail;
  });
}

/** The host a URL points to, lower-cased (for href/text mismatch checks). */
export function hostOf(url: string): string | null {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/:?#]+)/.exec(url.trim());
  if (m) return m[1].toLowerCase();
  const w = /^(?:www\d{0,3}\.)?((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24})(?:[/:?#]|$)/i.exec(url.trim());
  return w ? w[0].replace(/[/:?#]$/, '').toLowerCase() : null;
}
