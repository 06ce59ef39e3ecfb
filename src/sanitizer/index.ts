/**
 * Mamori 無害化 gateway — library API.
 *
 *   const { output, log, verdict, quarantined } = await sanitizeMessage(raw, policy, { store, log: sink });
 *
 * `output` is always a freshly built MIME message (text/plain body, sanitised attachments, 無害化レポート); for a
 * quarantined message it is a notice. `tempfailed` means the quarantine or the log could not be written: nothing
 * may be delivered and the SMTP client must retry.
 */

export { uuidv7 } from '../db/ids.ts';
export { type AvMode, type AvPolicy, type AvResult, avScan } from './av.ts';
export { defangText, defangUrl } from './body/defang.ts';
export { htmlToText } from './body/html-text.ts';
export { libreOfficeAvailable } from './convert/office.ts';
export { pdfToolsAvailable } from './convert/pdf.ts';
export { bubblewrapAvailable } from './convert/sandbox.ts';
export { JsonlLogSink, type LogSink, MemoryLogSink, verifyLogChain } from './log.ts';
export { ParsePool, sharedParsePool } from './parse/pool.ts';
export { type SanitizeOptions, sanitizeMessage } from './pipeline.ts';
export {
  cdrProfile,
  defaultPolicy,
  makePolicy,
  type Policy,
  type PolicyInput,
  type PolicyProblem,
  policyProblems,
} from './policy.ts';
export { type AttemptLimiter, MemoryAttemptLimiter, type ReleaseOutcome, releaseWithPassword } from './ppap.ts';
export {
  FsQuarantineStore,
  loadQuarantineKey,
  MemoryQuarantineStore,
  QuarantineFullError,
  type QuarantineStore,
} from './quarantine.ts';
export type * from './types.ts';
export { TempfailError } from './types.ts';
