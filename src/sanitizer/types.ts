/** Result and log record types of the 無害化 pipeline (sanitizer.md §9). */

/** Marker actions, after m-FILTER's X-MAIL-SANITIZED vocabulary. */
export type MarkerAction =
  | 'CHG_TEXT'
  | 'REP_LINK'
  | 'RASTERIZE'
  | 'REENCODE'
  | 'CDR'
  | 'EXTRACT_TEXT'
  | 'DEL_ATTACH'
  | 'DEL_INLINE'
  | 'PPAP_HOLD'
  | 'QUARANTINE';

export type PartAction =
  | 'text'
  | 'rasterize'
  | 'reencode'
  | 'cdr'
  | 'extract-text'
  | 'block'
  | 'expand-and-recurse'
  | 'ppap-hold'
  | 'drop-inline';

export type PartVerdict = 'delivered-sanitized' | 'removed' | 'held';

export type MessageVerdict = 'delivered-sanitized' | 'quarantined' | 'rejected' | 'tempfailed';

export interface Detection {
  object: string;
  count: number;
  detail?: string;
}

export interface PartRecord {
  ts: string;
  event: 'part.sanitized' | 'part.blocked' | 'part.held';
  msgId: string;
  part: string;
  policy: string;
  rule: string;
  in: {
    name: string | null;
    nameRaw?: string;
    declared: string;
    sniffed: string;
    sha256: string;
    size: number;
    encrypted: boolean;
  };
  detections: Detection[];
  action: PartAction;
  out?: { name: string; type: string; sha256: string; size: number; pages?: number };
  verdict: PartVerdict;
  /** Japanese reason shown in the 無害化レポート */
  reason: string;
  durationMs: number;
  quarantineRef?: string;
  /** ClamAV's answer for the original (when a scanner is enabled) */
  av?: { engine: string; result: 'OK' | 'FOUND' | 'ERROR'; signature?: string; error?: string };
  /** for archive entries: path inside the archive */
  entries?: PartRecord[];
}

export interface LinkFinding {
  href: string;
  text: string;
  mismatch: boolean;
}

export interface MessageRecord {
  ts: string;
  event: 'message.processed';
  msgId: string;
  policy: string;
  raw: { sha256: string; size: number };
  envelope?: { from: string; to: string[]; peer?: string };
  headers: { from: string; to: string[]; subject: string; messageId: string; date: string };
  body: { sourceType: 'text' | 'html' | 'none'; urls: number; mismatches: LinkFinding[]; hiddenTextDropped: number };
  parts: { part: string; verdict: PartVerdict; action: PartAction; av?: string }[];
  actions: MarkerAction[];
  verdict: MessageVerdict;
  reason?: string;
  outgoingMessageId?: string;
  out?: { sha256: string; size: number };
  timings: Record<string, number>;
  quarantineRefs: string[];
}

export interface QuarantinedOriginal {
  ref: string;
  kind: 'message' | 'part';
  name: string | null;
  size: number;
  reason: string;
}

export interface SanitizeResult {
  id: string;
  verdict: MessageVerdict;
  /** the rebuilt MIME message (a notice when the message is quarantined); empty for rejected/tempfailed */
  output: Buffer;
  log: { message: MessageRecord; parts: PartRecord[] };
  quarantined: QuarantinedOriginal[];
  /** SMTP reply hint for the relay */
  smtp?: { code: number; message: string };
}

/** Thrown when the pipeline must tempfail (quarantine or log cannot be written). */
export class TempfailError extends Error {
  override name = 'TempfailError';
}
