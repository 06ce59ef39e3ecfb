import { afterEach, expect, it } from 'vitest';
import { kanaSortKey } from '../../src/domain/kana.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';

describeEachDatabase('cursor pagination', (make) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('walks every person exactly once, in order, even when many share the same sort key', async () => {
    t = await startApp(await make());
    const admin = await setupAndSignIn(t);
    const kana = ['サトウ', 'サトウ', 'サトウ', 'スズキ', 'アベ', 'サトウ', 'ワタナベ', 'サトウ', 'イトウ', 'サトウ'];
    for (let i = 0; i < 23; i += 1) {
      const res = await admin.post('/api/v1/people', {
        staffNumber: `P${String(i).padStart(3, '0')}`,
        familyName: '試験',
        givenName: `${i}`,
        familyKana: kana[i % kana.length],
        givenKana: 'ハナコ',
        employmentType: 'STAFF',
      });
      expect(res.statusCode).toBe(201);
    }
    for (const sort of ['kana', 'staffNumber']) {
      const seen: Array<{ id: string; key: string }> = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = `/api/v1/people?sort=${sort}&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page: { items: Array<{ id: string; familyKana: string; givenKana: string; staffNumber: string }>; nextCursor: string | null } = (
          await admin.get(q)
        ).json();
        seen.push(...page.items.map((p: { id: string; familyKana: string; givenKana: string; staffNumber: string }) => ({ id: p.id, key: sort === 'kana' ? kanaSortKey(p.familyKana, p.givenKana) : p.staffNumber })));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 50);
      // 23 created + the administrator from setup.
      expect(seen).toHaveLength(24);
      expect(new Set(seen.map((s) => s.id)).size).toBe(24);
      const keys = seen.map((s) => s.key);
      expect(keys).toEqual([...keys].sort());
      expect(pages).toBe(6);
    }
  });
});
