// `creditchain org list | show ID`: the member organisations of the consortium as the chain
// holds them (governance admits, updates, suspends, reinstates and retires them), with each one's
// standing: what the record says of its conduct (objections, missed deadlines, complaints).
import type { Command } from 'commander';
import type { OrgReply } from '@creditchain/sdk';
import { out } from './output.js';
import { addNodeOptions, connect, type NodeOptions } from './target.js';

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s.padEnd(n);
}

export function register(program: Command): void {
  const org = program.command('org').description('list and show the member organisations');
  addNodeOptions(org.command('list').description('list every organisation: type, status and voting weight')).action(async (opts: NodeOptions) => {
    const { orgs } = await connect(opts).orgs();
    const active = orgs.filter((o) => o.status === 'active').reduce((sum, o) => sum + o.weight, 0);
    const w = Math.max(2, ...orgs.map((o) => o.id.length)) + 2;
    const t = Math.max(4, ...orgs.map((o) => o.type.length)) + 2;
    out(`${pad('ID', w)}${pad('TYPE', t)}${pad('STATUS', 11)}${pad('WEIGHT', 8)}NAME`);
    for (const o of orgs) out(`${pad(o.id, w)}${pad(o.type, t)}${pad(o.status, 11)}${pad(String(o.weight), 8)}${o.name}`);
    out(`${orgs.length} organisation${orgs.length === 1 ? '' : 's'}; the active ones hold a voting weight of ${active}.`);
  });
  addNodeOptions(org.command('show').description('show one organisation').argument('<id>', 'organisation id')).action(async (id: string, opts: NodeOptions) => {
    const client = connect(opts);
    showOrg(await client.org(id));
    const s = await client.orgStanding(id);
    out(`  standing    ${s.objections} objection${s.objections === 1 ? '' : 's'} to its records (${s.upheld} upheld, ${s.overdue} not answered in time); ${s.complaints} complaint${s.complaints === 1 ? '' : 's'} (${s.complaintsUpheld} upheld)`);
  });
}

function showOrg(o: OrgReply): void {
  const since = o.status === 'active' ? (o.since === 0 ? 'a founding member' : `since height ${o.since}`) : `since height ${o.since}`;
  out(`Organisation ${o.id}`);
  out(`  name        ${o.name}`);
  out(`  type        ${o.type}`);
  out(`  status      ${o.status} (${since})`);
  out(`  weight      ${o.weight}`);
  out(`  roles       ${o.roles.length === 0 ? 'none' : o.roles.join(', ')}`);
  out(`  categories  ${o.categories.length === 0 ? 'none' : o.categories.join(', ')}`);
}
