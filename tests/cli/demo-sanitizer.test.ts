/** 青葉町's 無害化 records (src/demo/sanitizer.ts, sanitizer-traffic.ts): two believable weeks, and a real phishing sample. */
import { afterEach, expect, it } from 'vitest';
import { asSystem } from '../../src/db/scope.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { todayInJapan } from '../../src/domain/calendar.ts';
import { startApp, type TestApp, testConfig } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

const japanDay = (instant: string) => new Date(Date.parse(instant) + 9 * 3600_000).toISOString().slice(0, 10);

describeEachDatabase('demo town 青葉町: 無害化', (make) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('has mail on every day of the last two weeks, many on weekdays, and the phishing sample shows its sign', async () => {
    t = await startApp(await make());
    const { tenantId } = await loadDemo(t.database, { quiet: true, config: testConfig() });
    const rows = await asSystem(t.database, (tx) =>
      tx
        .selectFrom('sanitizer_message')
        .select(['received_at', 'verdict', 'reason', 'subject', 'mismatches', 'parts_removed', 'body_source'])
        .where('tenant_id', '=', tenantId)
        .execute(),
    );
    const today = todayInJapan();
    const perDay = new Map<string, number>();
    for (const r of rows) perDay.set(japanDay(r.received_at), (perDay.get(japanDay(r.received_at)) ?? 0) + 1);
    // The 13 whole days before today: weekdays 30–120, weekends a handful.
    for (let back = 1; back <= 13; back++) {
      const day = new Date(Date.parse(`${today}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
      const n = perDay.get(day) ?? 0;
      if (dow === 0 || dow === 6) expect(n, day).toBeLessThan(15);
      else {
        expect(n, day).toBeGreaterThanOrEqual(30);
        expect(n, day).toBeLessThanOrEqual(120);
      }
    }
    expect(rows.filter((r) => r.verdict === 'quarantined' && r.reason !== 'ppap-hold').length).toBeGreaterThan(0);
    expect(rows.filter((r) => Number(r.parts_removed) > 0).length).toBeGreaterThan(5);

    const phishing = rows.find((r) => r.subject === '【重要】メールボックスの容量が上限に達しました');
    expect(phishing).toMatchObject({ verdict: 'delivered-sanitized', body_source: 'html' });
    expect(Number(phishing?.mismatches)).toBe(1);
  });
});
