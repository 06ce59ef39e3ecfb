/**
 * Property test over every /api/v1 route: whatever a client sends — random JSON, wrong types, huge or odd unicode
 * strings, prototype-pollution keys, malformed JSON text, random query strings and path parameters — the server
 * never answers 5xx, and every 4xx is the documented error body { code, message: { ja, en } }.
 * Each request is sent anonymously and as a signed-in administrator (with the CSRF header).
 *
 * MAMORI_FUZZ_RUNS raises the number of cases per route (default 60 per route and database).
 */

import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { Client, SETUP, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import {
  type ApiRoute,
  appoint,
  createAccount,
  createOrg,
  createPerson,
  declaredApiRoutes,
  NO_SUCH_ID,
  routeName,
  SINCE,
  USER_PASSWORD,
} from '../helpers/roles.ts';

const ROUTES = await declaredApiRoutes();
const RUNS = Number(process.env.MAMORI_FUZZ_RUNS) || 60;
/** Routes that end the administrator's own session: fuzzed anonymously only. */
const ENDS_SESSION = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/logout-all']);

interface Ids {
  bodyId: string;
  unitId: string;
  personId: string;
  accountId: string;
  appointmentId: string;
}

/** A URL carries UTF-8, which has no lone surrogates: they travel as U+FFFD, as a browser would send them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const enc = (s: string) => encodeURIComponent(s.replace(LONE_SURROGATE, '\uFFFD'));

// ---- arbitraries -------------------------------------------------------------------------------------------

const oddStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '\u202E\u0000',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  'prototype',
  '%00',
  '%',
  '../../../etc/passwd',
  "' OR 1=1 --",
  '"; DROP TABLE person; --',
  '<script>alert(1)</script>',
  '山田\u3000太郎',
  'ｱｲｳｴｵ',
  'ﾀﾞﾌﾞﾙ',
  '😀👨‍👩‍👧',
  '𠮷野家',
  '2026-02-30',
  '0000-01-01',
  '9999-12-31',
  '2026-04-01T00:00:00Z',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '0x10',
  NO_SUCH_ID,
  NO_SUCH_ID.toUpperCase(),
  '00000000-0000-0000-0000-000000000000',
);

const hugeStrings = fc.constantFrom('あ'.repeat(70_000), 'x'.repeat(600_000), '\u0000'.repeat(5_000));

const anyString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 4, arbitrary: oddStrings },
  { weight: 1, arbitrary: fc.string({ minLength: 200, maxLength: 2_000 }) },
  { weight: 1, arbitrary: hugeStrings },
);

const FIELD_NAMES = [
  'loginId',
  'password',
  'code',
  'name',
  'kind',
  'bodyId',
  'parentId',
  'level',
  'validFrom',
  'validTo',
  'date',
  'role',
  'personId',
  'scopeId',
  'staffNumber',
  'familyName',
  'givenName',
  'familyKana',
  'givenKana',
  'employmentType',
  'orgUnitId',
  'title',
  'email',
  'phone',
  'mobilePhone',
  'settings',
  'disabled',
  'isPlatformAdmin',
  'mfaRequired',
  'current',
  'next',
  'response',
  'label',
  'reason',
  'quorum',
  'decisionMode',
  'sortOrder',
  'closedOn',
  'delegationOf',
  'touchesMynumber',
  'note',
  'tenant',
  'admin',
  'bodies',
  'committeeName',
  'joinedOn',
  'employer',
  '__proto__',
  'constructor',
];

const keyArb = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: anyString });

function valueArb(ids: Ids) {
  const scalar = fc.oneof(
    { weight: 5, arbitrary: anyString },
    { weight: 2, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, 0.5) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom(...Object.values(ids), SINCE, todayInJapan()) },
  );
  return fc.oneof(
    { weight: 6, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(keyArb, scalar, { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** Valid bodies to start from, so a single wrong field reaches the deeper checks of the services. */
function seedBodies(ids: Ids): Record<string, Record<string, unknown>> {
  return {
    'POST /api/v1/setup': SETUP as unknown as Record<string, unknown>,
    'POST /api/v1/auth/login': { loginId: 'admin', password: 'not-the-password' },
    'POST /api/v1/auth/mfa/totp': { code: '123456' },
    'POST /api/v1/auth/mfa/recovery': { code: 'abcde-12345' },
    'POST /api/v1/account/password': { current: 'not-the-password', next: 'Another-pass-2026' },
    'POST /api/v1/account/totp/confirm': { code: '123456' },
    'POST /api/v1/account/totp/remove': { password: 'not-the-password' },
    'POST /api/v1/account/passkeys': { response: { id: 'abc', rawId: 'abc', type: 'public-key', response: {} } },
    'POST /api/v1/auth/mfa/passkey/verify': { response: { id: 'abc', type: 'public-key', response: {} } },
    'PATCH /api/v1/tenant': { name: '青葉町', settings: { managerLevel: 'SECTION' } },
    'POST /api/v1/bodies': { kind: 'ADMIN_COMMITTEE', name: '教育委員会' },
    'PATCH /api/v1/bodies/:id': { name: '町長部局', sortOrder: 0, closedOn: null },
    'POST /api/v1/units': {
      bodyId: ids.bodyId,
      parentId: ids.unitId,
      level: 'TEAM',
      name: '試験係',
      validFrom: SINCE,
    },
    'PATCH /api/v1/units/:id': { name: '総務課', code: 'S1', sortOrder: 1 },
    'POST /api/v1/units/:id/close': { date: todayInJapan() },
    'POST /api/v1/people': {
      staffNumber: 'F-1',
      familyName: '試験',
      givenName: '太郎',
      familyKana: 'しけん',
      givenKana: 'たろう',
      employmentType: 'STAFF',
      orgUnitId: ids.unitId,
    },
    'PATCH /api/v1/people/:id': { title: '主査', email: 'a@example.jp', phone: '0123-45-6789' },
    'POST /api/v1/people/:id/transfer': { orgUnitId: ids.unitId, date: todayInJapan() },
    'POST /api/v1/people/:id/leave': { kind: 'TRANSFERRED', date: todayInJapan() },
    'POST /api/v1/appointments': { role: 'AUDITOR', personId: ids.personId, validFrom: SINCE },
    'POST /api/v1/appointments/:id/end': { date: todayInJapan(), reason: '任期満了' },
    'PATCH /api/v1/committee': { quorum: 'TWO_THIRDS', decisionMode: 'VOTE' },
    'POST /api/v1/accounts': { personId: ids.personId, loginId: 'fuzz.user', password: USER_PASSWORD },
    'PATCH /api/v1/accounts/:id': { mfaRequired: true },
    'POST /api/v1/accounts/:id/password': { password: 'Fuzz-reset-pass-2026' },
  };
}

type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; text: string; contentType: string | null };

const MALFORMED = [
  '{',
  '[1,',
  '{"a":}',
  "{'a':1}",
  'undefined',
  'NaN',
  '{"a":1}{"b":2}',
  '\u0000',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"a":1e999999}',
  '"unterminated',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"a":{"__proto__":{"polluted":"yes"}}}',
];

function bodyArb(route: ApiRoute, ids: Ids): fc.Arbitrary<Body> {
  if (route.method === 'GET' || route.method === 'DELETE') return fc.constant({ kind: 'none' });
  const seed = seedBodies(ids)[routeName(route)];
  const arbs: Array<{ weight: number; arbitrary: fc.Arbitrary<Body> }> = [
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'json', value })) },
    {
      weight: 3,
      arbitrary: fc.dictionary(keyArb, valueArb(ids), { maxKeys: 6 }).map((value) => ({ kind: 'json', value })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...MALFORMED), fc.constantFrom('application/json', 'application/json; charset=utf-8'))
        .map(([text, contentType]) => ({ kind: 'raw', text, contentType })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.constantFrom(
            null,
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/json; charset=shift_jis',
            'application/octet-stream',
          ),
        )
        .map(([text, contentType]) => ({ kind: 'raw', text, contentType })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' } as Body) },
  ];
  if (seed) {
    const keys = Object.keys(seed);
    arbs.push({
      weight: 6,
      arbitrary: fc
        .tuple(fc.oneof(fc.constantFrom(...keys), keyArb), valueArb(ids), fc.boolean())
        .map(([key, value, drop]) => {
          const copy: Record<string, unknown> = { ...seed };
          if (drop) delete copy[key];
          else copy[key] = value;
          return { kind: 'json', value: copy };
        }),
    });
    // The valid body with a prototype-pollution key spliced into the JSON text (JSON.stringify would not emit one).
    arbs.push({
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '"__proto__":{"polluted":"yes","isPlatformAdmin":true}',
          '"constructor":{"prototype":{"polluted":"yes"}}',
        )
        .map((extra) => ({
          kind: 'raw',
          text: JSON.stringify(seed).replace(/^\{/, `{${extra},`),
          contentType: 'application/json',
        })),
    });
  }
  return fc.oneof(...arbs);
}

function paramArb(ids: Ids): fc.Arbitrary<{ value: string; raw: boolean }> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...Object.values(ids)).map((value) => ({ value, raw: false })) },
    { weight: 1, arbitrary: fc.uuid().map((value) => ({ value, raw: false })) },
    { weight: 3, arbitrary: anyString.map((value) => ({ value: value.slice(0, 400), raw: false })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('%', '%zz', '%E0%A4%A', '%00', '..', '.', '%2F')
        .map((value) => ({ value, raw: true })),
    },
    { weight: 1, arbitrary: fc.constant({ value: '0'.repeat(64), raw: false }) },
  );
}

const QUERY_KEYS = [
  'limit',
  'cursor',
  'q',
  'on',
  'includeEnded',
  'includeClosed',
  'unitId',
  'status',
  'employmentType',
  'sort',
  'role',
  'personId',
  'scopeId',
  'entityId',
  'entityType',
  'from',
  'to',
  'encoding',
  'actor',
  'action',
];

function queryArb(ids: Ids): fc.Arbitrary<string> {
  const value = fc.oneof(
    anyString.map((s) => s.slice(0, 3_000)),
    fc.constantFrom(
      ...Object.values(ids),
      '0',
      '201',
      '-5',
      'true',
      'sjis',
      'kana',
      'ACTIVE',
      'eyJ4IjoxfQ',
      'WzEsIngiXQ',
    ),
  );
  const pairs = fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...QUERY_KEYS),
          anyString.map((s) => s.slice(0, 50)),
        ),
        value,
      ),
      {
        maxLength: 5,
      },
    )
    .map((list) => list.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&'));
  const raw = fc.constantFrom(
    '%',
    'limit=%E0%A4%A',
    'q=%ZZ',
    '&&&',
    '=',
    'limit',
    'limit=1&limit=2',
    '__proto__[polluted]=yes',
    'constructor[prototype][polluted]=yes',
    'q[]=1&q[]=2',
    'cursor=%00',
  );
  return fc.oneof({ weight: 4, arbitrary: pairs }, { weight: 1, arbitrary: raw });
}

interface FuzzCase {
  params: Record<string, { value: string; raw: boolean }>;
  query: string;
  body: Body;
  cookie: string | null;
}

function caseArb(route: ApiRoute, ids: Ids): fc.Arbitrary<FuzzCase> {
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const params = fc
    .tuple(...names.map(() => paramArb(ids)))
    .map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]])));
  const cookie = fc.option(
    fc.oneof(fc.string({ maxLength: 120 }), fc.constantFrom('f'.repeat(43), 'a'.repeat(101), '%00', ';;;')),
    { nil: null },
  );
  return fc.record({
    params: names.length ? params : fc.constant({}),
    query: queryArb(ids),
    body: bodyArb(route, ids),
    cookie,
  });
}

// ---- sending and judging -------------------------------------------------------------------------------------

function urlOf(route: ApiRoute, c: FuzzCase): string {
  const path = route.url.replace(/:(\w+)/g, (_, name: string) => {
    const p = c.params[name];
    return p.raw ? p.value : enc(p.value);
  });
  return c.query ? `${path}?${c.query}` : path;
}

async function sendCase(
  t: TestApp,
  route: ApiRoute,
  c: FuzzCase,
  admin: Client | null,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (admin) {
    headers.cookie = admin.cookie;
    if (route.method !== 'GET') headers['x-csrf-token'] = admin.csrf;
  } else if (c.cookie !== null) {
    headers.cookie = `mamori_sid=${enc(c.cookie)}`;
  }
  let payload: string | undefined;
  if (c.body.kind === 'json') {
    payload = JSON.stringify(c.body.value) ?? 'null';
    headers['content-type'] = 'application/json';
  } else if (c.body.kind === 'raw') {
    payload = c.body.text;
    if (c.body.contentType) headers['content-type'] = c.body.contentType;
  }
  return t.app.inject({ method: route.method as 'GET', url: urlOf(route, c), headers, payload });
}

function describeCase(route: ApiRoute, c: FuzzCase, who: string, res: LightMyRequestResponse): string {
  const body = c.body.kind === 'json' ? JSON.stringify(c.body.value) : c.body.kind === 'raw' ? c.body.text : '';
  return `${who} ${route.method} ${urlOf(route, c).slice(0, 300)} body=${(body ?? '').slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
}

function judge(route: ApiRoute, c: FuzzCase, who: string, res: LightMyRequestResponse) {
  const what = describeCase(route, c, who, res);
  expect(res.statusCode, what).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.headers['content-type']?.toString() ?? '', what).toContain('application/json');
    const body = JSON.parse(res.body);
    expect(typeof body.code, what).toBe('string');
    expect(body.code.length, what).toBeGreaterThan(0);
    expect(typeof body.message?.ja, what).toBe('string');
    expect(typeof body.message?.en, what).toBe('string');
    expect(body.message.ja.length, what).toBeGreaterThan(0);
  }
}

describeEachDatabase('fuzzing every route', (make) => {
  let t: TestApp;
  let admin: Client;
  let ids: Ids;

  beforeAll(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    const org = await createOrg(admin);
    const personId = await createPerson(admin, { orgUnitId: org.sectionId });
    const accountId = await createAccount(admin, personId, 'fuzz.victim');
    const appointmentId = await appoint(admin, 'AUDITOR', personId, null);
    ids = { bodyId: org.bodyId, unitId: org.sectionId, personId, accountId, appointmentId };
  }, 120_000);
  afterAll(async () => t?.close());

  for (const route of ROUTES) {
    it(`${routeName(route)}: no 5xx, every 4xx is { code, message: { ja, en } }`, async () => {
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(caseArb(route, ids), async (c) => {
          const anonymous = await sendCase(t, route, c, null);
          judge(route, c, 'anonymous', anonymous);
          // Without a session nothing but 401 comes back, unless the URL itself is refused before routing.
          if (route.access.kind !== 'public') {
            expect([400, 401, 404, 414], describeCase(route, c, 'anonymous', anonymous)).toContain(
              anonymous.statusCode,
            );
          }
          if (ENDS_SESSION.has(routeName(route))) return;
          const signedIn = await sendCase(t, route, c, admin);
          judge(route, c, 'admin', signedIn);
          statuses.set(signedIn.statusCode, (statuses.get(signedIn.statusCode) ?? 0) + 1);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      // The administrator's half ran signed in: the session survived every case.
      expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);
      if (!ENDS_SESSION.has(routeName(route))) expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(RUNS);
    });
  }

  it('refuses a NUL character anywhere in the input with 400 (PostgreSQL cannot store it; it once gave 500)', async () => {
    const cases: Array<[Client, string, string, unknown]> = [
      [new Client(t.app), 'POST', '/api/v1/auth/login', { loginId: 'admin\u0000', password: 'not-the-password' }],
      [admin, 'GET', '/api/v1/people?q=%00', undefined],
      [admin, 'GET', '/api/v1/audit-events?actor=a%00b', undefined],
      [admin, 'PATCH', `/api/v1/people/${ids.personId}`, { title: '主査\u0000' }],
      [admin, 'POST', '/api/v1/bodies', { kind: 'ADMIN_COMMITTEE', name: '教育\u0000委員会' }],
      [admin, 'PATCH', '/api/v1/tenant', { settings: { mfaRoles: ['CISO'], 'x\u0000': 1 } }],
    ];
    for (const [client, method, url, body] of cases) {
      const res = await client.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      expect(res.json().code, `${method} ${url}`).toBe('VALIDATION_FAILED');
      expect(res.json().details.fields[0].message.ja, `${method} ${url}`).toContain('NUL');
    }
    // Nothing was stored.
    const person = (await admin.get(`/api/v1/people/${ids.personId}`)).json();
    expect(person.title).not.toContain('\u0000');
  });

  it('leaves Object.prototype unpolluted after all of the above', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).isPlatformAdmin).toBeUndefined();
  });
});
