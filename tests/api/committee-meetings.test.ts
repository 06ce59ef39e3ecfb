import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addPerson, appoint, countRows, makeTown, signInPerson, upload } from '../fixtures/org.ts';
import { type Client, setupAndSignIn, startApp, type TestApp } from '../helpers/app.ts';
import { describeEachDatabase } from '../helpers/databases.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function officeZip(main: string, extra: Record<string, string> = {}): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types/>'),
      [main]: strToU8('<?xml version="1.0"?><document/>'),
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, strToU8(v)])),
    }),
  );
}

describeEachDatabase('committee meetings (委員会の開催記録)', (make) => {
  let t: TestApp;
  let admin: Client;
  let members: { ciso: string; total: string; responsible: string; member: string };
  let secretariat: string;

  beforeEach(async () => {
    t = await startApp(await make());
    admin = await setupAndSignIn(t);
    const town = await makeTown(admin);
    const person = (familyName: string) => addPerson(admin, { familyName, orgUnitId: town.section });
    members = {
      ciso: await person('副町長'),
      total: await person('統括'),
      responsible: await person('部長'),
      member: await person('委員'),
    };
    secretariat = await person('事務局');
    await appoint(admin, members.ciso, 'CISO');
    await appoint(admin, members.total, 'TOTAL_SEC_RESPONSIBLE');
    await appoint(admin, members.responsible, 'SEC_RESPONSIBLE', town.dept);
    await appoint(admin, members.member, 'COMMITTEE_MEMBER');
  });
  afterEach(async () => t?.close());

  const create = (body: Record<string, unknown>) =>
    admin.post('/api/v1/committee/meetings', {
      heldOn: '2026-05-20',
      kind: 'REGULAR',
      title: '令和8年度第1回委員会',
      ...body,
    });

  it('records meetings with attendees, agenda and decisions, and checks the quorum on the day', async () => {
    const short = await create({
      attendeeIds: [members.ciso, members.total, secretariat],
      agenda: [{ title: '情報セキュリティポリシーの見直し', note: '基本方針8' }, { title: '自己点検の結果' }],
      decisions: '対策基準の改訂案を承認した。',
    });
    expect(short.statusCode, short.body).toBe(201);
    expect(short.json().quorum).toEqual({
      rule: 'MAJORITY',
      members: 4,
      attendingMembers: 2,
      required: 3,
      quorate: false,
    });
    expect(short.json()).toMatchObject({
      kind: 'REGULAR',
      kindLabel: '定例',
      decisions: '対策基準の改訂案を承認した。',
    });
    expect(short.json().agenda).toEqual([
      { title: '情報セキュリティポリシーの見直し', note: '基本方針8' },
      { title: '自己点検の結果', note: null },
    ]);
    const attendees = short.json().attendees;
    expect(attendees.find((a: { personId: string }) => a.personId === secretariat).isMember).toBe(false);
    expect(short.json().members.find((m: { personId: string }) => m.personId === members.responsible).basis).toBe(
      '情報セキュリティ責任者（総務部）',
    );

    const full = await create({
      heldOn: '2026-08-10',
      kind: 'EXTRAORDINARY',
      title: '臨時委員会（インシデント対応）',
      attendeeIds: [members.ciso, members.total, members.responsible],
    });
    expect(full.json()).toMatchObject({ kindLabel: '臨時', quorum: { attendingMembers: 3, quorate: true } });
    // Before the members were appointed (2020-04-01) there was nobody to make a quorum.
    const early = await create({ heldOn: '2019-05-01', attendeeIds: [members.ciso] });
    expect(early.json().quorum).toMatchObject({ members: 0, quorate: false });

    const list = (await admin.get('/api/v1/committee/meetings?limit=2')).json();
    expect(list.items.map((m: { heldOn: string }) => m.heldOn)).toEqual(['2026-08-10', '2026-05-20']);
    const rest = (await admin.get(`/api/v1/committee/meetings?limit=2&cursor=${list.nextCursor}`)).json();
    expect(rest.items.map((m: { heldOn: string }) => m.heldOn)).toEqual(['2019-05-01']);
    const detail = await admin.get(`/api/v1/committee/meetings/${short.json().id}`);
    expect(detail.json()).toMatchObject({ title: '令和8年度第1回委員会', minutes: null, hasMinutes: false });

    const unknown = await create({ attendeeIds: ['01900000-0000-7000-8000-000000000000'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details.fields[0].field).toBe('attendeeIds');
    expect((await create({ kind: 'SPECIAL' })).statusCode).toBe(400);
  });

  it('attaches minutes (PDF, DOCX, XLSX by content) and serves them for download', async () => {
    const meeting = (await create({ attendeeIds: [members.ciso] })).json();
    const url = `/api/v1/committee/meetings/${meeting.id}/minutes`;
    expect((await admin.get(url)).statusCode).toBe(404);

    const pdf = await upload(admin, url, { name: '第1回議事録.pdf', bytes: PDF, type: 'application/pdf' });
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.json().minutes).toMatchObject({
      originalName: '第1回議事録.pdf',
      mime: 'application/pdf',
      size: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
    const download = await admin.get(url);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="minutes-2026-05-20.pdf"; filename*=UTF-8''${encodeURIComponent('第1回議事録.pdf')}`,
    );
    expect(Buffer.compare(download.rawPayload, PDF)).toBe(0);

    // The name says .pdf, the content is a Word document: the content decides.
    const docx = await upload(admin, url, { name: 'minutes.pdf', bytes: officeZip('word/document.xml') });
    expect(docx.json().minutes.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('議事録').addRow(['議題', '結論']);
    const xlsx = await upload(admin, url, { name: '議事録.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(xlsx.json().minutes.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await admin.get(url)).headers['content-disposition']).toContain('minutes-2026-05-20.xlsx');

    const files = await countRows(t, 'stored_file');
    const refusedWith = async (name: string, bytes: Buffer) => {
      const res = await upload(admin, url, { name, bytes });
      expect(res.statusCode, res.body).toBe(400);
      return res.json();
    };
    expect((await refusedWith('minutes.pdf', Buffer.from('\x89PNG\r\n\x1a\n not a pdf'))).code).toBe(
      'MINUTES_TYPE_NOT_ALLOWED',
    );
    expect((await refusedWith('minutes.docx', Buffer.from('plain text'))).message.ja).toContain(
      'PDF、Word（.docx）又はExcel（.xlsx）',
    );
    const docm = officeZip('word/document.xml', { 'word/vbaProject.bin': 'macro' });
    expect((await refusedWith('minutes.docm', docm)).code).toBe('FILE_HAS_MACROS');
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    const tooLarge = await refusedWith('big.pdf', big);
    expect(tooLarge.code).toBe('FILE_TOO_LARGE');
    expect(tooLarge.message.ja).toContain('10MB');
    expect(await countRows(t, 'stored_file')).toBe(files);
    expect((await admin.get(url)).headers['content-type']).toContain('spreadsheetml');
  });

  it('lets members, oversight and auditors read; only the office, the administrator and the CISO write', async () => {
    const meeting = (await create({ attendeeIds: [] })).json();
    const committeeMember = await signInPerson(t, admin, members.member, 'iin01');
    expect((await committeeMember.get('/api/v1/committee/meetings')).statusCode).toBe(200);
    expect((await committeeMember.get(`/api/v1/committee/meetings/${meeting.id}`)).statusCode).toBe(200);
    expect(
      (await committeeMember.post('/api/v1/committee/meetings', { heldOn: '2026-06-01', kind: 'REGULAR', title: 'x' }))
        .statusCode,
    ).toBe(403);
    const minutes = await upload(committeeMember, `/api/v1/committee/meetings/${meeting.id}/minutes`, {
      name: 'a.pdf',
      bytes: PDF,
    });
    expect(minutes.statusCode).toBe(403);

    const auditorId = await addPerson(admin, { familyName: '監査' });
    await appoint(admin, auditorId, 'AUDITOR');
    const auditor = await signInPerson(t, admin, auditorId, 'kansa01');
    expect((await auditor.get('/api/v1/committee/meetings')).statusCode).toBe(200);

    const plain = await signInPerson(t, admin, secretariat, 'jimu01');
    expect((await plain.get('/api/v1/committee/meetings')).statusCode).toBe(403);

    const ciso = await signInPerson(t, admin, members.ciso, 'ciso01');
    const byCiso = await ciso.post('/api/v1/committee/meetings', {
      heldOn: '2026-06-01',
      kind: 'REGULAR',
      title: '第2回',
    });
    expect(byCiso.statusCode, byCiso.body).toBe(201);
  });
});
