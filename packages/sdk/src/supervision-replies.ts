// The replies of the supervision routes (supervision-routes.ts) and of the dev node's demo keys.
import type { KeyFileJson } from './keys.js';
import type { ObjectionJson, RecordJson, RepairJson } from './replies.js';

/** Counts by key (a category, an organisation) on one day. */
export interface DayCounts {
  /** YYYY-MM-DD (UTC). */
  day: string;
  counts: Record<string, number>;
}

/** One member in the supervision figures: its queues now and its standing. */
export interface MemberStats {
  org: string;
  name: string;
  type: string;
  status: string;
  /** Records it submitted that await review. */
  pendingRecords: number;
  /** Objections to its records it has yet to answer, before their deadline. */
  openObjections: number;
  objections: number;
  upheld: number;
  /** Deadlines it missed. */
  overdue: number;
  complaints: number;
  complaintsUpheld: number;
}

/** GET /v1/stats: the regulator dashboard's figures, day by day from `from` to `to`. */
export interface StatsReply {
  height: number;
  from: string;
  to: string;
  /** Records published (reviewed) each day, by category; one entry a day, oldest first. */
  published: DayCounts[];
  /** Report queries recorded each day, by querying organisation. */
  queries: DayCounts[];
  members: MemberStats[];
}

export interface RepairsReply {
  height: number;
  repairs: RepairJson[];
}

export interface OrgRecordsReply {
  org: string;
  height: number;
  records: RecordJson[];
}

export interface OrgObjectionsReply {
  org: string;
  height: number;
  objections: ObjectionJson[];
}

/** A dev node's demo account and its key file (GET /v1/dev/keys). */
export interface DemoAccount {
  name: string;
  org: string | null;
  subject: string | null;
  roles: string[];
  key: KeyFileJson;
}

export interface DevKeysReply {
  accounts: DemoAccount[];
}
