/** Records of the organisation area: stored files, pledges, committee meetings. Conventions: see ../schema.ts. */

/** Uploaded files (committee minutes, …): content, size and SHA-256 as received. */
export interface StoredFileTable {
  id: string;
  tenant_id: string;
  sha256: string;
  original_name: string;
  mime: string;
  size: number;
  bytes: Buffer;
  created_by: string | null;
  created_at: string;
}

/** A version of the pledge (誓約書) text for one audience (STAFF | CONTRACTOR); published versions never change. */
export interface PledgeTextTable {
  id: string;
  tenant_id: string;
  audience: string;
  version: number;
  title: string;
  body: string;
  status: string;
  published_at: string | null;
  published_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One person's pledge to one text version, confirmed in the app or recorded from paper; kept after leaving. */
export interface PledgeTable {
  id: string;
  tenant_id: string;
  person_id: string;
  pledge_text_id: string;
  audience: string;
  method: string;
  signed_on: string;
  signed_at: string | null;
  recorded_by: string;
  note: string | null;
  created_at: string;
}

export interface CommitteeMeetingTable {
  id: string;
  tenant_id: string;
  committee_id: string;
  held_on: string;
  kind: string;
  title: string;
  attendees_json: string;
  agenda_json: string;
  decisions: string;
  minutes_file_id: string | null;
  created_at: string;
  updated_at: string;
}
