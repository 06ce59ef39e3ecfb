/** Inputs of tests/sanitizer/fast-mime.test.ts: hand-built Japanese mails and a seeded, MIME-aware mutator. */
import { compose, eucjp, jis, jpeg, sjis } from './fixtures.ts';

const CRLF = '\r\n';

function b64(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64');
}

/** RFC 2047 B-encoded word of already-encoded bytes. */
function word(charset: string, bytes: Uint8Array | string): string {
  return `=?${charset}?B?${b64(bytes)}?=`;
}

/** Minimal quoted-printable (soft breaks at 60 columns), enough to exercise the decoder on real text. */
function qp(bytes: Uint8Array): string {
  let out = '';
  let line = '';
  for (const c of bytes) {
    const piece =
      (c >= 0x21 && c <= 0x7e && c !== 0x3d) || c === 0x20
        ? String.fromCharCode(c)
        : `=${c.toString(16).toUpperCase().padStart(2, '0')}`;
    if (line.length + piece.length > 60) {
      out += `${line}=${CRLF}`;
      line = '';
    }
    line += piece;
  }
  return out + line;
}

function message(headers: string[], body: Buffer | string, eol = CRLF): Buffer {
  return Buffer.concat([Buffer.from(headers.join(eol) + eol + eol, 'utf8'), Buffer.from(body)]);
}

const BASE = ['From: "総務課" <somu@city.example.jp>', 'To: taro@lg.example.jp', 'MIME-Version: 1.0'];
const TEXT = '①㈱髙 お世話になっております。\r\n本日の会議は１５時からです。\r\n';

export async function handBuiltMails(): Promise<Record<string, Buffer>> {
  const image = await jpeg();
  return {
    'utf8-qp-encoded-words': message(
      [
        ...BASE,
        `Subject: =?UTF-8?Q?=E2=91=A0=E3=88=B1?= ${word('UTF-8', '髙橋様 ご確認ください')}`,
        'Date: Thu, 26 Nov 2026 09:00:00 +0900',
        'Content-Type: text/plain; charset="UTF-8"',
        'Content-Transfer-Encoding: quoted-printable',
      ],
      `${qp(Buffer.from(TEXT))}\r\n`,
    ),
    'iso-2022-jp-subject-and-body': message(
      [
        ...BASE,
        `Subject: ${word('ISO-2022-JP', jis('①㈱髙 会議のご案内'))}`,
        'Content-Type: text/plain; charset=ISO-2022-JP',
        'Content-Transfer-Encoding: 7bit',
      ],
      jis(TEXT),
    ),
    'shift_jis-base64': message(
      [
        ...BASE,
        `Subject: ${word('Shift_JIS', sjis('見積書の送付'))}`,
        'Content-Type: text/plain; charset=Shift_JIS',
        'Content-Transfer-Encoding: base64',
      ],
      `${b64(sjis(TEXT)).replace(/.{76}/g, `$&${CRLF}`)}\r\n`,
    ),
    'shift_jis-8bit-lf-only': message(
      [...BASE, 'Subject: lf only', 'Content-Type: text/plain; charset=x-sjis'],
      sjis(TEXT.replace(/\r\n/g, '\n')),
      '\n',
    ),
    'euc-jp-qp-html': message(
      [
        ...BASE,
        'Subject: euc',
        'Content-Type: text/html; charset=euc-jp',
        'Content-Transfer-Encoding: quoted-printable',
      ],
      qp(eucjp(`<p>${TEXT}</p>`)),
    ),
    'flowed-delsp': message(
      [...BASE, 'Subject: flowed', 'Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes'],
      'これは長い行を \r\n折り返した文です。\r\n-- \r\n署名\r\n',
    ),
    'utf8-bom-no-final-newline': message(
      [...BASE, 'Subject: =?utf-8?B?5Lu25ZCN?=', 'Date: not a date', 'Content-Type: text/plain; charset=utf-8'],
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('本文（最後に改行なし）')]),
    ),
    'raw-utf8-headers-and-groups': message(
      [
        'From: 山田 太郎 <yamada@example.jp>',
        'To: 関係者各位: a@example.jp, "髙橋" <b@example.jp>;, c@example.jp',
        'Cc: d@example.jp',
        'Cc: e@example.jp',
        'Reply-To: <reply@example.jp>',
        'Subject: 生の UTF-8 件名\t (folded)',
        '  continued',
        'Message-ID: <abc@example.jp>',
        'In-Reply-To: <prev@example.jp>',
        'References: <a@example.jp> <prev@example.jp>',
        'Content-Type: text/plain; charset=windows-1252',
      ],
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x0d, 0x0a]),
    ),
    alternative: await compose({
      from: '"総務課" <somu@city.example.jp>',
      to: 'taro@lg.example.jp',
      subject: '①㈱髙 お知らせ',
      text: TEXT,
      html: `<p>${TEXT}</p><a href="https://city.example.lg.jp/">リンク</a>`,
    }),
    'mixed-attachments-japanese-names': await compose({
      from: 'somu@city.example.jp',
      to: ['taro@lg.example.jp', '"髙橋" <takahashi@example.jp>'],
      cc: 'kacho@lg.example.jp',
      subject: '添付資料',
      text: TEXT,
      textEncoding: 'quoted-printable',
      attachments: [
        { filename: '見積書①㈱髙_とても長いファイル名のテストです.pdf', content: Buffer.from('%PDF-1.4 test') },
        { filename: 'メモ.txt', content: Buffer.from('メモ本文\r\n'), contentTransferEncoding: 'quoted-printable' },
        { filename: 'data.csv', content: 'a,b\r\n1,2\r\n', contentType: 'text/csv; charset=utf-8' },
      ],
    }),
    'related-with-cid-image': await compose({
      from: 'somu@city.example.jp',
      to: 'taro@lg.example.jp',
      subject: '画像付き',
      text: '画像をご覧ください',
      html: '<p>画像</p><img src="cid:logo@example.jp">',
      attachments: [{ filename: 'logo.jpg', content: image, cid: 'logo@example.jp' }],
    }),
    'iso-2022-jp-attachment-name': message(
      [...BASE, 'Subject: name param', 'Content-Type: multipart/mixed; boundary="=_b1"'],
      [
        '--=_b1',
        'Content-Type: text/plain; charset=iso-2022-jp',
        '',
        jis('本文').toString('latin1'),
        '--=_b1',
        `Content-Type: application/octet-stream; name="${word('ISO-2022-JP', jis('報告書①.xlsx'))}"`,
        'Content-Transfer-Encoding: base64',
        'Content-ID: <part2@example.jp>',
        '',
        b64('PK\u0003\u0004 not really a zip'),
        '--=_b1--',
        'epilogue',
        '',
      ].join(CRLF),
    ),
    'empty-inline-text-part': message(
      [...BASE, 'Subject: empty', 'Content-Type: multipart/mixed; boundary=xyz'],
      'preamble\r\n--xyz\r\nContent-Type: text/plain\r\n\r\n\r\n--xyz\r\nContent-Type: text/plain\r\n\r\n二つ目\r\n--xyz--\r\n',
    ),
    'mixed-text-and-html': message(
      [...BASE, 'Subject: needs conversion', 'Content-Type: multipart/mixed; boundary=xyz'],
      '--xyz\r\nContent-Type: text/plain\r\n\r\ntext\r\n--xyz\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--xyz--\r\n',
    ),
  };
}

const TOKENS = [
  '\r\n',
  '\n',
  '\r',
  '\r\n\r\n',
  '--',
  '=',
  '=\r\n',
  '=3D',
  '=E3=81',
  '==',
  ' ',
  '\t',
  '\0',
  '\xff',
  '"',
  ';',
  '(',
  ')',
  '\\',
  'Content-Type: text/html; charset=shift_jis\r\n',
  'Content-Type: multipart/alternative; boundary=x\r\n',
  'Content-Transfer-Encoding: base64\r\n',
  "Content-Disposition: attachment; filename*=utf-8''%E8%A6%8B.txt\r\n",
  '; format=flowed',
  'charset=iso-2022-jp',
  '=?UTF-8?B?',
  '?=',
  '\x1b$B',
];

/** A copy of `seed` with 1–4 random edits: bit flips, deletions, MIME-ish insertions, duplicated runs, truncation. */
export function mutate(seed: Buffer, r: () => number): Buffer {
  let b = Buffer.from(seed);
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * b.length);
    switch (Math.floor(r() * 6)) {
      case 0:
        b[at] ^= 1 << Math.floor(r() * 8);
        break;
      case 1:
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + Math.floor(r() * 16)))]);
        break;
      case 2:
      case 3:
        b = Buffer.concat([
          b.subarray(0, at),
          Buffer.from(TOKENS[Math.floor(r() * TOKENS.length)], 'latin1'),
          b.subarray(at),
        ]);
        break;
      case 4: {
        const len = Math.floor(r() * 120);
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + len), b.subarray(at)]);
        break;
      }
      default:
        if (r() < 0.3) b = b.subarray(0, Math.max(1, at));
        else b[at] = Math.floor(r() * 256);
    }
  }
  return b;
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)];
}

const EOLS = ['\r\n', '\r\n', '\r\n', '\n', '\r\r\n'];
const CHARSETS = [
  'utf-8',
  'UTF-8',
  'shift_jis',
  'x-sjis',
  'euc-jp',
  'iso-2022-jp',
  'us-ascii',
  'iso-8859-1',
  'cp932',
  'bogus',
];
const ENCODINGS = ['', '7bit', '8bit', 'binary', 'quoted-printable', 'base64', 'Base64', 'QUOTED-PRINTABLE'];
const SNIPPETS = [
  '本文①㈱髙',
  'abc',
  '=',
  '=3D',
  '=4',
  '=E3=81=82',
  ' ',
  '\t',
  '\r',
  '--',
  'x=',
  '==',
  'AAEC',
  'QUJD=',
  '%',
];
const LEAF_TYPES = ['text/plain', 'text/plain', 'text/html', 'application/octet-stream', 'image/png', 'text/csv'];

function randomBody(r: () => number, eol: string): string {
  const lines: string[] = [];
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    let line = '';
    const k = Math.floor(r() * 5);
    for (let j = 0; j < k; j++) line += pick(r, SNIPPETS);
    lines.push(line);
  }
  return lines.join(eol) + (r() < 0.8 ? eol : '');
}

function randomLeaf(r: () => number, eol: string): string {
  const headers: string[] = [];
  const type = pick(r, LEAF_TYPES);
  const charset = r() < 0.7 ? `; charset=${pick(r, CHARSETS)}` : '';
  const flowed = r() < 0.1 ? '; format=flowed' : '';
  if (r() < 0.9) headers.push(`Content-Type: ${type}${charset}${flowed}${r() < 0.2 ? '; name="n.bin"' : ''}`);
  const encoding = pick(r, ENCODINGS);
  if (encoding) headers.push(`Content-Transfer-Encoding: ${encoding}`);
  if (r() < 0.3)
    headers.push(`Content-Disposition: ${pick(r, ['attachment', 'inline'])}; filename*=utf-8''%E8%A6%8B.txt`);
  if (r() < 0.2) headers.push(`Content-ID: <${Math.floor(r() * 100)}@example.jp>`);
  const body =
    encoding.toLowerCase() === 'base64' ? Buffer.from(randomBody(r, eol)).toString('base64') + eol : randomBody(r, eol);
  return `${headers.join(eol)}${eol}${eol}${body}`;
}

function randomPart(r: () => number, eol: string, depth: number, id: string): string {
  if (depth >= 3 || r() < 0.5) return randomLeaf(r, eol);
  const boundary = `${pick(r, ['b', '--b', '=_b', 'b b'])}${id}`;
  const kind = pick(r, ['mixed', 'alternative', 'related', 'mixed']);
  const n = 1 + Math.floor(r() * 3);
  const fold = pick(r, [' ', `${eol} `, `${eol}\t`, ' (comment) ']);
  const param = `${pick(r, ['boundary', 'BOUNDARY'])}=${r() < 0.8 ? `"${boundary}"` : boundary}`;
  let out = `Content-Type: ${pick(r, ['multipart', 'Multipart'])}/${kind};${fold}${param}${eol}${eol}`;
  if (r() < 0.3) out += `preamble${eol}`;
  for (let i = 0; i < n; i++) {
    out += `--${boundary}${r() < 0.1 ? ' \t' : ''}${eol}${randomPart(r, eol, depth + 1, `${id}${i}`)}`;
    if (!out.endsWith(eol)) out += eol;
  }
  out += `--${boundary}--${r() < 0.1 ? ' ' : ''}${eol}`;
  if (r() < 0.3) out += `epilogue${eol}`;
  return out;
}

/** A random, mostly well-formed MIME message: nested multiparts, mixed encodings, charsets and line endings. */
export function randomMessage(r: () => number): Buffer {
  const eol = pick(r, EOLS);
  const head = [
    'From: a@example.jp',
    'To: b@example.jp',
    `Subject: =?UTF-8?B?${Buffer.from('件名').toString('base64')}?=`,
  ];
  return Buffer.from(`${head.join(eol)}${eol}${randomPart(r, eol, 0, '1')}`, 'utf8');
}
