// `creditchain voucher class|issue|transfer|split|merge|spend|redeem|freeze|unfreeze|holdings|movements|trace`:
// programmable vouchers — digital drafts, consumption coupons — from the command line. A class is
// preset by its issuer; each operation is checked by the chain against it; `trace` fetches one
// voucher's whole history with its proofs and verifies them here, offline, with the SDK.
import type { Command } from 'commander';
import { isOrgType, isRole, type MovementJson, type VoucherClassJson, type VoucherJson } from '@creditchain/ledger';
import {
  approveVoucherClassTx,
  createVoucherClassTx,
  freezeVoucherTx,
  issueVouchersTx,
  mergeVouchersTx,
  redeemVoucherTx,
  spendVoucherTx,
  splitVoucherTx,
  transferVoucherTx,
  verifyVoucherTrace,
  type CreditChainClient,
  type VoucherTraceFile,
  type WhoInput,
} from '@creditchain/sdk';
import { parseList, parseWhole } from './args.js';
import { shownTime } from './evidence.js';
import { writeJsonFile } from './files.js';
import { badArgument, collect, out } from './output.js';
import { subjectRefOf } from './records.js';
import { addNodeOptions, addSenderOptions, connect, prepare, resolveReader, resolveSender, type NodeOptions, type SenderOptions } from './target.js';

const DAY_MS = 86_400_000;

/**
 * A selector from the command line: "any", or a comma list of any-subject, account:NAME, org:ID,
 * org-type:TYPE, role:ROLE, subject:ID (a credit code or resident ID, or a 64-digit reference).
 */
export function parseWho(value: string, option: string, data?: string): WhoInput {
  if (value.trim() === 'any') return 'any';
  const w = { accounts: [] as string[], orgs: [] as string[], orgTypes: [] as string[], roles: [] as string[], subjects: [] as Uint8Array[], anySubject: false };
  for (const item of parseList(value)) {
    const [kind, v] = item.includes(':') ? [item.slice(0, item.indexOf(':')), item.slice(item.indexOf(':') + 1)] : [item, ''];
    if (kind === 'any-subject' && v === '') w.anySubject = true;
    else if (kind === 'account' && v !== '') w.accounts.push(v);
    else if (kind === 'org' && v !== '') w.orgs.push(v);
    else if (kind === 'org-type' && isOrgType(v)) w.orgTypes.push(v);
    else if (kind === 'role' && isRole(v)) w.roles.push(v);
    else if (kind === 'subject' && v !== '') w.subjects.push(subjectRefOf({ subject: v, ...(data === undefined ? {} : { data }) }));
    else throw badArgument(`${option}: "${item}" is not a selector; use any, any-subject, account:NAME, org:ID, org-type:TYPE, role:ROLE or subject:ID.`);
  }
  return w as WhoInput;
}

/** "any-subject > org-type:bank" → two hops; "none" and "any" as they are. */
export function parseTransfer(value: string, data?: string): 'none' | 'any' | WhoInput[] {
  const v = value.trim();
  if (v === 'none' || v === 'any') return v;
  return v.split('>').map((hop, i) => parseWho(hop.trim(), `--transfer hop ${i + 1}`, data));
}

export function classLine(c: VoucherClassJson): string {
  const s = c.supply;
  return `#${c.id}  ${c.name}  by ${c.issuer}  ${c.status}${c.frozen ? ' FROZEN' : ''}  cap ${c.cap} ${c.unit}  issued ${s.issued} = held ${s.held} + spent ${s.spent} + redeemed ${s.redeemed} + expired ${s.expired}  — supervised by ${c.supervisor}, expires ${shownTime(c.expires)}`;
}

export function voucherLine(v: VoucherJson): string {
  const lineage = [v.parents.length > 0 ? `from #${v.parents.join(', #')}` : '', v.children.length > 0 ? `into #${v.children.join(', #')}` : ''].filter((x) => x !== '').join(' ');
  return `#${v.id}  class ${v.class}  ${v.amount}  ${v.status.padEnd(8)}  held by ${v.holder}${lineage === '' ? '' : `  (${lineage})`}`;
}

export function movementLine(m: MovementJson): string {
  const parties = m.kind === 'freeze' || m.kind === 'unfreeze' || m.kind === 'split' || m.kind === 'merge' ? (m.from ?? `class ${m.class}`) : `${m.from ?? '—'} → ${m.to ?? 'burnt'}`;
  const related = m.related.length > 0 ? ` (${m.kind === 'split' ? 'into' : 'with'} #${m.related.join(', #')})` : '';
  const where = m.logIndex === null ? 'end of block' : `log index ${m.logIndex}`;
  return `${shownTime(m.time)}  height ${m.height}  ${m.kind.padEnd(8)}  ${m.voucher === null ? `class ${m.class}` : `#${m.voucher}`}  ${m.amount}  ${parties}${related}  — ${m.by === null ? 'the chain' : `by ${m.by}`}, ${where}`;
}

/** Prints a trace and verifies it offline: every entry proven to the checkpoint, the trace rebuilt from them. */
export async function showTrace(client: CreditChainClient, id: number, trust: string | undefined, outFile?: string): Promise<VoucherTraceFile> {
  const file = await client.voucherTrace(id);
  const t = file.trace;
  out(`Voucher ${id} of class ${t.class.id} "${t.class.name}" (${t.class.unit}), issued by ${t.class.issuer}, supervised by ${t.class.supervisor}:`);
  for (const v of t.vouchers) out(`  ${voucherLine(v)}`);
  out('Movements:');
  for (const m of t.movements) out(`  ${movementLine(m)}`);
  const key = trust ?? (await client.checkpointKey()).trim();
  const verified = verifyVoucherTrace(file, { trustedKeys: [key] });
  out(`VERIFIED: ${verified.entries} state entries proven to the checkpoint at height ${verified.height}, signed by ${verified.signedBy.join(', ')}; the trace was rebuilt from them alone.`);
  out(t.settled ? 'Every part of the voucher has reached its end (redeemed or expired).' : 'Part of the voucher is still in circulation.');
  if (outFile !== undefined) {
    writeJsonFile(outFile, file);
    out(`Trace with its proofs written to ${outFile}.`);
  }
  return file;
}

interface ClassOptions extends SenderOptions {
  name: string;
  unit: string;
  cap: number;
  divisible?: boolean;
  minUnit?: number;
  days?: number;
  expires?: string;
  holders: string;
  merchants?: string;
  categories?: string;
  transfer: string;
  redeem?: string;
  supervisor: string;
  onExpiry: string;
}

export function register(program: Command): void {
  const voucher = program.command('voucher').description('programmable vouchers — digital drafts, consumption coupons: classes, issue, transfer, split, merge, spend, redeem, trace');
  const cls = voucher.command('class').description('voucher classes: create, approve, list, show');

  addSenderOptions(
    cls
      .command('create')
      .description("preset a voucher class the sender's organisation issues")
      .requiredOption('--name <text>', 'what it is, e.g. "Consumption coupon 50 CNY"')
      .requiredOption('--unit <unit>', 'the unit amounts count, e.g. CNY-fen')
      .requiredOption('--cap <n>', 'the most value outstanding at once', parseWhole)
      .option('--divisible', 'vouchers may be split and merged')
      .option('--min-unit <n>', 'divisible: every amount a whole multiple of it', parseWhole)
      .option('--days <n>', 'it expires this many days from now', parseWhole)
      .option('--expires <iso>', 'it expires at this time, e.g. 2027-01-01T00:00:00Z')
      .requiredOption('--holders <who>', 'who may hold it: any, or a list of any-subject, account:NAME, org:ID, org-type:TYPE, role:ROLE, subject:ID')
      .option('--merchants <who>', 'who takes it in payment (a selector)')
      .option('--categories <list>', 'merchant categories the issuer registers merchants in')
      .requiredOption('--transfer <rule>', 'none (issuer → holder → merchant → issuer), any, or hops "WHO > WHO > …"')
      .option('--redeem <who>', 'who may redeem it with the issuer for money (a selector)')
      .requiredOption('--supervisor <org>', 'the supervising organisation')
      .option('--on-expiry <what>', 'return (to the issuer) or burn', 'return'),
  ).action(async (opts: ClassOptions) => {
    if ((opts.days === undefined) === (opts.expires === undefined)) throw badArgument('Say when it expires: --days N or --expires ISO-TIME.');
    const expires = opts.days !== undefined ? Date.now() + opts.days * DAY_MS : Date.parse(opts.expires!);
    if (!Number.isSafeInteger(expires)) throw badArgument(`--expires "${opts.expires}" is not a time; e.g. 2027-01-01T00:00:00Z.`);
    if (opts.onExpiry !== 'return' && opts.onExpiry !== 'burn') throw badArgument('--on-expiry is return or burn.');
    const p = await prepare(resolveSender(opts));
    const data = opts.data;
    const tx = createVoucherClassTx({
      ...p.signer,
      voucherClass: {
        name: opts.name,
        unit: opts.unit,
        cap: opts.cap,
        divisible: opts.divisible === true,
        ...(opts.minUnit === undefined ? {} : { minUnit: opts.minUnit }),
        expires,
        holders: parseWho(opts.holders, '--holders', data),
        ...(opts.merchants === undefined ? {} : { merchants: parseWho(opts.merchants, '--merchants', data) }),
        ...(opts.categories === undefined ? {} : { categories: parseList(opts.categories) }),
        transfer: parseTransfer(opts.transfer, data),
        ...(opts.redeem === undefined ? {} : { redeem: parseWho(opts.redeem, '--redeem', data) }),
        supervisor: opts.supervisor,
        onExpiry: opts.onExpiry,
      },
    });
    const reply = await p.submit(tx);
    const { class: id, status } = reply.data as { class: number; status: string };
    out(`Voucher class ${id} "${opts.name}" created at height ${reply.height}: ${status === 'pending' ? 'pending a regulator’s approval (creditchain voucher class approve ' + id + ')' : 'active'}.`);
  });

  addSenderOptions(cls.command('approve').description('approve a class awaiting approval (a regulator)').argument('<id>', 'class id', parseWhole)).action(async (id: number, opts: SenderOptions) => {
    const p = await prepare(resolveSender(opts));
    const reply = await p.submit(approveVoucherClassTx({ ...p.signer, class: id }));
    out(`Voucher class ${id} approved at height ${reply.height}: it may now be issued.`);
  });

  addNodeOptions(cls.command('list').description('every voucher class with its supply')).action(async (opts: NodeOptions) => {
    const { classes } = await connect(opts).voucherClasses();
    if (classes.length === 0) out('There are no voucher classes yet.');
    for (const c of classes) out(classLine(c));
  });

  addNodeOptions(cls.command('show').description('one voucher class: its rules and supply').argument('<id>', 'class id', parseWhole)).action(async (id: number, opts: NodeOptions) => {
    const c = await connect(opts).voucherClass(id);
    out(classLine(c));
    out(JSON.stringify({ holders: c.holders, merchants: c.merchants, categories: c.categories, transfer: c.transfer, redeem: c.redeem, divisible: c.divisible, minUnit: c.minUnit, onExpiry: c.onExpiry }, null, 2));
  });

  addSenderOptions(
    voucher
      .command('issue')
      .description('issue vouchers of a class to holders (its issuer)')
      .requiredOption('--class <id>', 'the class', parseWhole)
      .requiredOption('--to <holder:amount>', 'a holder and amount; repeat for a batch (up to 1,000)', collect, []),
  ).action(async (opts: SenderOptions & { class: number; to: string[] }) => {
    const to = opts.to.map((t) => {
      const m = /^([a-z0-9][a-z0-9._-]{0,63}):([0-9]+)$/.exec(t);
      if (m === null) throw badArgument(`--to "${t}" must be ACCOUNT:AMOUNT, e.g. demo-person:5000.`);
      return { holder: m[1]!, amount: Number(m[2]) };
    });
    const p = await prepare(resolveSender(opts));
    const reply = await p.submit(issueVouchersTx({ ...p.signer, class: opts.class, to }));
    const { vouchers } = reply.data as { vouchers: number[] };
    out(`Issued ${vouchers.length} voucher${vouchers.length === 1 ? '' : 's'} of class ${opts.class} at height ${reply.height}: ${vouchers.map((v, i) => `#${v} to ${to[i]!.holder} (${to[i]!.amount})`).join(', ')}.`);
  });

  addSenderOptions(voucher.command('transfer').description('pass a voucher on, along its class’s path (its holder)').argument('<id>', 'voucher id', parseWhole).requiredOption('--to <account>', 'the next holder')).action(
    async (id: number, opts: SenderOptions & { to: string }) => {
      const p = await prepare(resolveSender(opts));
      const reply = await p.submit(transferVoucherTx({ ...p.signer, voucher: id, to: opts.to }));
      out(`Voucher ${id} transferred to ${opts.to} at height ${reply.height} (transfer ${(reply.data as { hop: number }).hop} of its path).`);
    },
  );

  addSenderOptions(voucher.command('split').description('split a voucher of a divisible class into pieces (its holder)').argument('<id>', 'voucher id', parseWhole).requiredOption('--amounts <list>', 'the pieces, e.g. 3000,2000')).action(
    async (id: number, opts: SenderOptions & { amounts: string }) => {
      const amounts = parseList(opts.amounts).map((a) => parseWhole(a));
      const p = await prepare(resolveSender(opts));
      const reply = await p.submit(splitVoucherTx({ ...p.signer, voucher: id, amounts }));
      out(`Voucher ${id} split at height ${reply.height} into #${(reply.data as { pieces: number[] }).pieces.join(', #')}.`);
    },
  );

  addSenderOptions(voucher.command('merge').description('merge vouchers of one divisible class (their holder)').argument('<ids...>', 'voucher ids')).action(async (ids: string[], opts: SenderOptions) => {
    const p = await prepare(resolveSender(opts));
    const reply = await p.submit(mergeVouchersTx({ ...p.signer, vouchers: ids.map((i) => parseWhole(i)) }));
    const d = reply.data as { voucher: number; amount: number };
    out(`Vouchers #${ids.join(', #')} merged at height ${reply.height} into #${d.voucher} (${d.amount}).`);
  });

  addSenderOptions(voucher.command('spend').description('spend a voucher at a merchant (its holder)').argument('<id>', 'voucher id', parseWhole).requiredOption('--at <merchant>', "the merchant's account")).action(
    async (id: number, opts: SenderOptions & { at: string }) => {
      const p = await prepare(resolveSender(opts));
      const reply = await p.submit(spendVoucherTx({ ...p.signer, voucher: id, merchant: opts.at }));
      out(`Voucher ${id} spent at ${opts.at} at height ${reply.height} (${(reply.data as { amount: number }).amount}); ${opts.at} may redeem it with the issuer.`);
    },
  );

  addSenderOptions(voucher.command('redeem').description('redeem a voucher with its issuer (its holder: a merchant, a draft’s bank)').argument('<id>', 'voucher id', parseWhole)).action(async (id: number, opts: SenderOptions) => {
    const p = await prepare(resolveSender(opts));
    const reply = await p.submit(redeemVoucherTx({ ...p.signer, voucher: id }));
    const d = reply.data as { amount: number; issuer: string };
    out(`Voucher ${id} redeemed with ${d.issuer} at height ${reply.height} (${d.amount}).`);
  });

  for (const freeze of [true, false]) {
    const verb = freeze ? 'freeze' : 'unfreeze';
    addSenderOptions(voucher.command(verb).description(`${verb} a voucher, or with --class a whole class (its supervisor)`).argument('[id]', 'voucher id', parseWhole).option('--class <id>', 'the whole class', parseWhole)).action(
      async (id: number | undefined, opts: SenderOptions & { class?: number }) => {
        if ((id === undefined) === (opts.class === undefined)) throw badArgument(`Say what to ${verb}: a voucher id, or --class ID.`);
        const p = await prepare(resolveSender(opts));
        const reply = await p.submit(freezeVoucherTx({ ...p.signer, freeze, ...(id !== undefined ? { voucher: id } : { class: opts.class! }) }));
        out(`${id !== undefined ? `Voucher ${id}` : `Voucher class ${opts.class}`} ${freeze ? 'frozen' : 'unfrozen'} at height ${reply.height}.`);
      },
    );
  }

  addSenderOptions(voucher.command('holdings').description('the vouchers an account holds and held (a signed read)').argument('[account]', 'the account (default: your own)')).action(async (account: string | undefined, opts: SenderOptions) => {
    const { client, reader } = resolveReader(opts);
    const r = await client.accountVouchers(account ?? reader);
    if (r.holding.length === 0) out(`${r.account} holds no vouchers.`);
    for (const v of r.holding) out(voucherLine(v));
    if (r.past.length > 0) out(`Held before: ${r.past.map((v) => `#${v.id} (${v.status})`).join(', ')}`);
  });

  addSenderOptions(voucher.command('movements').description("every movement of a class: the supervisor's view (a signed read)").argument('<class>', 'class id', parseWhole)).action(async (id: number, opts: SenderOptions) => {
    const { movements } = await resolveReader(opts).client.voucherMovements(id);
    if (movements.length === 0) out(`Nothing has moved in class ${id} yet.`);
    for (const m of movements) out(movementLine(m));
  });

  addSenderOptions(
    voucher
      .command('trace')
      .description('the full trace of one voucher, issue to redemption, with its proofs verified here (a signed read)')
      .argument('<id>', 'voucher id', parseWhole)
      .option('--trust <key>', "the note verifier key to trust (default: the node's own key, which proves the trace consistent, not who signed it)")
      .option('--out <file>', 'also write the trace with its proofs to a file'),
  ).action(async (id: number, opts: SenderOptions & { trust?: string; out?: string }) => {
    await showTrace(resolveReader(opts).client, id, opts.trust, opts.out);
  });
}
