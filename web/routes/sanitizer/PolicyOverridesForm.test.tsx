/** What the policy form saves: only differences from the server's policy, other overrides kept, numbers scaled. */
import { describe, expect, it } from 'vitest';
import { defaultPolicy, makePolicy } from '../../../src/sanitizer/policy.ts';
import { overridesFrom } from './PolicyOverridesForm.tsx';
import type { PolicyView } from './types.ts';

const base = makePolicy({ policyVersion: 'srv.1', types: { ooxml: { action: 'block' } } });
const view = (tenantOverrides: Record<string, unknown>, effective = base) =>
  ({ base, effective, tenantOverrides, defaults: defaultPolicy }) as unknown as PolicyView;
const state = (over: Record<string, unknown> = {}) => ({
  policyVersion: 'town.1',
  maxMessageMb: '50',
  maxAttachmentMb: '20',
  maxParts: '500',
  maxProcessingSec: '180',
  imageAllow: ['jpeg', 'png', 'gif', 'bmp', 'tiff', 'webp'],
  cdr: false,
  libreOffice: true,
  defangUrls: true,
  defangMailto: true,
  defangTel: true,
  charset: 'utf-8',
  avMode: 'off',
  ...over,
});

describe('overridesFrom', () => {
  it('saves nothing when the form equals the server policy', () => {
    expect(overridesFrom(state(), view({}))).toEqual({});
  });

  it('keeps overrides set through the API, sets changed fields, scales MB and seconds, names the version', () => {
    const out = overridesFrom(
      state({ maxAttachmentMb: '5', maxProcessingSec: '60', avMode: 'clamd', imageAllow: ['png', 'jpeg'] }),
      view({ policyVersion: 'old', body: { subjectPrefix: '[外部]' } }),
    );
    expect(out).toEqual({
      policyVersion: 'town.1',
      body: { subjectPrefix: '[外部]' },
      limits: { maxAttachmentBytes: 5 * 1048576, maxProcessingMs: 60_000 },
      types: { image: { allow: ['jpeg', 'png'] } },
      av: { mode: 'clamd' },
    });
  });

  it('drops an override that the form sets back to the server value; CDR off returns to the server action', () => {
    const effective = makePolicy({
      policyVersion: 'town.1',
      types: { ooxml: { action: 'cdr' } },
      useLibreOffice: false,
    });
    const out = overridesFrom(
      state({ cdr: false, libreOffice: true }),
      view({ policyVersion: 'town.1', types: { ooxml: { action: 'cdr' } }, useLibreOffice: false }, effective),
    );
    expect(out).toEqual({});
  });

  it('drops an override from before that is looser than the server and not on the form; sends its own fields as set', () => {
    const out = overridesFrom(
      state({ maxParts: '100', defangUrls: false }),
      view({
        policyVersion: 'old',
        body: { flagHrefTextMismatch: false, subjectPrefix: '[外部]' },
        types: { text: { neutraliseCsv: false }, ooxml: { alt: 'block' } },
      }),
    );
    expect(out).toEqual({
      policyVersion: 'town.1',
      body: { subjectPrefix: '[外部]', defangUrls: false },
      types: { ooxml: { alt: 'block' } },
      limits: { maxParts: 100 },
    });
  });

  it('sends text that is not a number as typed, for the server to name the field', () => {
    expect(overridesFrom(state({ maxParts: '５０x' }), view({}))).toMatchObject({ limits: { maxParts: '50x' } });
    expect(overridesFrom(state({ maxParts: '３００' }), view({}))).toMatchObject({ limits: { maxParts: 300 } });
  });
});
