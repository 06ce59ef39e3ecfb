/** Zones of a dated network setting (三層の対策): unique names; a zone in use cannot be removed or renamed. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { upload } from '../fixtures/org.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

const LG = { id: 'lg', tier: 'lgwan', cidrs: ['10.20.0.0/16'] };
const INET = { id: 'inet', tier: 'internet', cidrs: ['10.30.0.0/16'] };
const DMZ = { id: 'dmz', tier: 'internet', cidrs: ['10.31.0.0/16'] };
/** Covers every address: dropping lg would leave グループウェア painted as the outside, not as unknown. */
const EXT = { id: 'ext', tier: 'internet-external', cidrs: ['0.0.0.0/0'] };
const FIREWALL = [
  '*filter',
  ':INPUT ACCEPT [0:0]',
  ':FORWARD DROP [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  '-A FORWARD -i dmz -s 10.31.0.0/16 -d 10.30.1.25/32 -p tcp --dport 25 -j ACCEPT',
  'COMMIT',
  '',
].join('\n');

describeEachDatabase('network setting zones (三層の対策)', (make) => {
  let t: TestApp;
  let admin: Client;

  beforeEach(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
  });
  afterEach(async () => t?.close());

  const setting = (effectiveFrom: string, zones: unknown[]) =>
    admin.post('/api/v1/network/settings', { effectiveFrom, model: 'alpha', zones });

  it('refuses two zones with one name, pointing at the second', async () => {
    const res = await setting('2024-04-01', [LG, { ...INET, id: 'lg' }]);
    expect(res.statusCode).toBe(400);
    const fields = res.json().details.fields;
    expect(fields).toEqual([expect.objectContaining({ field: 'zones.1.id' })]);
    expect(fields[0].message.ja).toContain('「lg」が重複');
    expect(fields[0].message.en).toContain('listed twice');
    expect((await admin.get('/api/v1/network/settings')).json().items).toEqual([]);
  });

  it('lets a new setting add, rename and remove zones that nothing uses, and names what uses the others', async () => {
    expect((await setting('2024-04-01', [LG, INET, DMZ, EXT])).statusCode).toBe(201);
    const sys = await admin.post('/api/v1/network/systems', {
      name: 'グループウェア',
      tier: 'lgwan',
      addresses: ['10.20.1.30'],
    });
    expect(sys.statusCode, sys.body).toBe(201);

    // lg covers グループウェア: dropping it is refused with the system's name; a rename keeping its range is fine.
    const dropped = await setting('2025-04-01', [INET, DMZ, EXT]);
    expect(dropped.statusCode).toBe(400);
    const [error] = dropped.json().details.fields;
    expect(error.field).toBe('zones');
    expect(error.message.ja).toContain('セグメント「lg」は情報システム「グループウェア」が使っている');
    expect(error.message.en).toContain('system "グループウェア"');
    const renamed = await setting('2025-04-01', [
      { ...LG, id: 'lgwan' },
      INET,
      DMZ,
      EXT,
      { id: 'mn', tier: 'mynumber', cidrs: ['10.10.0.0/16'] },
    ]);
    expect(renamed.statusCode, renamed.body).toBe(201);
    expect(renamed.json().zones.map((z: { id: string }) => z.id)).toEqual(['lgwan', 'inet', 'dmz', 'ext', 'mn']);

    // A rule of the latest import names dmz (-i dmz): removing or renaming it is refused with file and line.
    const imp = await upload(admin, '/api/v1/network/imports', {
      name: 'fw.iptables-save.txt',
      bytes: Buffer.from(FIREWALL),
    });
    expect(imp.statusCode, imp.body).toBe(201);
    const noDmz = await setting('2026-04-01', [{ ...LG, id: 'lgwan' }, INET, EXT]);
    expect(noDmz.statusCode).toBe(400);
    expect(noDmz.json().details.fields[0].message.ja).toMatch(/セグメント「dmz」は.*ルール.*fw\.iptables-save\.txt:5/);
    // mn is used by nothing and goes.
    const ok = await setting('2026-04-01', [{ ...LG, id: 'lgwan' }, INET, DMZ, EXT]);
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await admin.get('/api/v1/network/settings')).json().items).toHaveLength(3);
  });
});
