import * as O from './defang.old.ts';
import * as N from '../src/sanitizer/body/defang.ts';
import { defaultPolicy, makePolicy } from '../src/sanitizer/policy.ts';
const P = ['https://','http://','ftp://','mailto:','tel:','www.','javascript:','hxxps://','a@b.example.jp','user:pw@','example.jp','.','@',':','/','?','#','[.]','テスト',' ','\n','city.example.lg.jp','8080','x','-','_','%','ssh://','data:text/html,','sub.domain.co.jp/path?q=1#f',')','.,',']'];
let seed = 7; const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const pols = [defaultPolicy.body, makePolicy({ body: { defangMailto: false } }).body, makePolicy({ body: { defangTel: false, defangUrls: false } }).body];
let bad = 0, n = 0;
for (let k = 0; k < 50000; k++) {
  let s = ''; const len = 1 + rnd(12); for (let i = 0; i < len; i++) s += P[rnd(P.length)];
  n++;
  const checks: [string, unknown, unknown][] = [
    ['url', O.defangUrl(s), N.defangUrl(s)],
    ['host', O.hostOf(s), N.hostOf(s)],
  ];
  for (const p of pols) { const a = { urls: 0 }, b = { urls: 0 }; checks.push(['text', [O.defangText(s, p, a), a.urls], [N.defangText(s, p, b), b.urls]]); }
  for (const [w, a, b] of checks) if (JSON.stringify(a) !== JSON.stringify(b)) { bad++; if (bad < 5) console.log(w, JSON.stringify(s), a, b); }
}
console.log('cases', n, 'differences', bad);
