// @vitest-environment happy-dom
/** The form components' accessibility contract: labels bound, markers, help and errors described, summary links. */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../i18n/index.ts';
import { formatDate, formatDateTime } from '../lib/dates.ts';
import { fieldId, summaryItems } from '../lib/forms.ts';
import { DateField } from './DateField.tsx';
import { ErrorSummary } from './ErrorSummary.tsx';
import { Select } from './Select.tsx';
import { TextField } from './TextField.tsx';

afterEach(cleanup);

describe('TextField', () => {
  it('binds the label, marks required fields, and describes the field by its help and error', () => {
    render(
      <TextField
        id={fieldId('tenant.code')}
        label="団体コード"
        required
        help="6桁目は検査数字です。"
        error="団体コードは6桁の数字で入力してください。"
        value=""
        onChange={() => {}}
      />,
    );
    const input = screen.getByLabelText(/団体コード/);
    expect(input.id).toBe('field-tenant-code');
    expect(screen.getByText('必須')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-required')).toBe('true');
    const described = (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join('|');
    expect(described).toContain('6桁目は検査数字です。');
    expect(described).toContain('団体コードは6桁の数字で入力してください。');
  });

  it('shows 任意 for optional fields', () => {
    render(<TextField id="x" label="職名" value="" onChange={() => {}} />);
    expect(screen.getByText('任意')).toBeTruthy();
  });
});

describe('Select', () => {
  it('is a labelled native select that reports its error', () => {
    render(
      <Select
        id="kind"
        label="種別"
        required
        options={[
          { value: 'MAYOR_DEPT', label: '町長部局' },
          { value: 'ASSEMBLY', label: '議会' },
        ]}
        value="ASSEMBLY"
        onChange={() => {}}
        error="種別を選んでください。"
      />,
    );
    const select = screen.getByLabelText(/種別/) as HTMLSelectElement;
    expect(select.tagName).toBe('SELECT');
    expect(select.value).toBe('ASSEMBLY');
    expect(select.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('ErrorSummary', () => {
  it('counts the problems and links each to its field', () => {
    render(
      <>
        <ErrorSummary items={[{ field: 'tenant.name', message: '団体名を入力してください。' }]} />
        <input id={fieldId('tenant.name')} />
      </>,
    );
    expect(screen.getByRole('alert').textContent).toContain('入力内容に誤りがあります（1件）');
    const link = screen.getByRole('link', { name: '団体名を入力してください。' });
    expect(link.getAttribute('href')).toBe('#field-tenant-name');
    fireEvent.click(link);
    expect(document.activeElement?.id).toBe('field-tenant-name');
  });

  it('names the field when the server message does not', () => {
    const items = summaryItems(
      [{ field: 'admin.staffNumber', message: { ja: '入力してください。', en: 'This field is required.' } }],
      { 'admin.staffNumber': '職員番号' },
      (m) => m.ja,
    );
    expect(items[0].message).toBe('職員番号：入力してください。');
  });
});

describe('dates', () => {
  it('shows 和暦 with 西暦, and instants in Japan time', () => {
    expect(formatDate('2026-04-01')).toBe('令和8年4月1日（2026年4月1日）');
    expect(formatDateTime('2026-03-31T15:05:00.000Z')).toBe('令和8年4月1日（2026年4月1日） 00:05');
  });

  it('DateField reads the typed date back in 和暦', () => {
    render(<DateField id="d" label="施行日" required value="2019-05-01" onChange={() => {}} />);
    expect(screen.getByText('和暦：令和元年5月1日（2019年5月1日）')).toBeTruthy();
  });
});
