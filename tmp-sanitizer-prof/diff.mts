import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { htmlToText as oldH } from './html-text.old.ts';
import { htmlToText as newH } from '../src/sanitizer/body/html-text.ts';
function files(d: string): string[] { return readdirSync(d).flatMap((f) => { const p = join(d, f); return statSync(p).isDirectory() ? files(p) : [p]; }); }
const inputs: string[] = [];
for (const f of files('/work/shared/corpora/mime')) {
  try { const m = await PostalMime.parse(readFileSync(f)); if (m.html) inputs.push(m.html); if (m.text) inputs.push(m.text); } catch {}
  inputs.push(readFileSync(f, 'latin1'));
}
for (const f of files('/work/main/tests/sanitizer')) inputs.push(readFileSync(f, 'utf8'));
// random soup
const TAGS = ['p','div','span','a','b','table','tr','td','th','tbody','thead','ul','ol','li','br','hr','img','pre','script','style','svg','math','title','foreignObject','foreignobject','clipPath','form','input','select','option','h1','h3','blockquote','dl','dt','dd','textarea','iframe','frame','basefont','image','noembed','xmp','plaintext','template','head','body','html','caption','font','center','o:p','desc','mi'];
const ATTRS = ['href="https://a.example.jp/x?a=1&amp;b=2"','style="display:none"','style="font-size:0px"','hidden','type="hidden"','alt="画像 &amp; x"','start="3"','HREF=https://b.example.com','style = "visibility: hidden"','href=\'javascript:alert(1)\'','class=x','STYLE="opacity:0"','alt'];
const TEXT = ['テキスト','&amp;','&lt;b&gt;',' ','\n','https://plain.example.com/1','&#x1F600;','&nbsp;','a  b','\t','&copy','<!-- c -->','<![CDATA[x<y]]>','<!doctype html>','<?xml ?>','</','<','>','&#0;','  \n  '];
let seed = 12345; const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
for (let k = 0; k < 20000; k++) {
  let s = ''; const len = 1 + rnd(60);
  for (let i = 0; i < len; i++) {
    const r = rnd(10);
    if (r < 4) { const t = TAGS[rnd(TAGS.length)]; s += `<${rnd(5) === 0 ? t.toUpperCase() : t}${rnd(2) ? ' ' + ATTRS[rnd(ATTRS.length)] : ''}${rnd(2) ? ' ' + ATTRS[rnd(ATTRS.length)] : ''}${rnd(8) === 0 ? '/' : ''}>`; }
    else if (r < 7) s += `</${TAGS[rnd(TAGS.length)]}>`;
    else s += TEXT[rnd(TEXT.length)];
  }
  inputs.push(s);
}
// mutate corpus html
const base = inputs.slice(0, 200);
for (let k = 0; k < 3000; k++) {
  const b = base[rnd(base.length)]; if (!b.length) continue;
  let s = b; for (let m = 0; m < 5; m++) { const p = rnd(s.length + 1); const q = p + rnd(20); s = rnd(2) ? s.slice(0, p) + s.slice(q) : s.slice(0, p) + TEXT[rnd(TEXT.length)] + '<' + TAGS[rnd(TAGS.length)] + '>' + s.slice(p); }
  inputs.push(s);
}
let bad = 0;
for (const h of inputs) {
  const a = JSON.stringify(oldH(h)); const b = JSON.stringify(newH(h));
  if (a !== b) { bad++; if (bad <= 5) { console.log('DIFF on', JSON.stringify(h).slice(0, 400)); console.log(' old', a.slice(0, 300)); console.log(' new', b.slice(0, 300)); } }
}
console.log('inputs', inputs.length, 'differences', bad);
