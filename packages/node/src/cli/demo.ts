// `creditchain demo drafts|coupons|points`: the three systems of issue 11 as scripted runs against
// a `creditchain dev` node, with its demo accounts' keys. Each step is a transaction (or a read)
// printed as it happens — a refusal the rules demand is shown too — and each run ends with a
// verified trace: a voucher's whole history with its proofs (drafts, coupons), or a household's
// balance proven to the signed checkpoint (points), checked here with the SDK.
import type { Command } from 'commander';
import { CreditChainError, fromHex, getSuite, toHex, type DecodedTx } from '@creditchain/core';
import { householdKey } from '@creditchain/ledger';
import {
  createPointsClassTx,
  createVoucherClassTx,
  freezeVoucherTx,
  issueVouchersTx,
  pointsEntryTx,
  redeemVoucherTx,
  registerMerchantTx,
  spendVoucherTx,
  splitVoucherTx,
  transferVoucherTx,
  usePointsTx,
  verifyStateReply,
  type CreditChainClient,
  type TxReply,
  type TxSigner,
} from '@creditchain/sdk';
import { out } from './output.js';
import { householdLines, rankingLines } from './points.js';
import { addNodeOptions, prepare, resolveReader, resolveSender, type NodeOptions } from './target.js';
import { classLine, movementLine, showTrace } from './voucher.js';

const DAY_MS = 86_400_000;

/** The demo's steps: numbered lines, transactions sent as the dev accounts, expected refusals shown. */
class Script {
  private step = 0;
  constructor(private readonly opts: NodeOptions) {}

  say(line: string): void {
    this.step += 1;
    out(`${this.step}. ${line}`);
  }

  /** A client that signs its reads as `account`. */
  reader(account: string): CreditChainClient {
    return resolveReader({ ...this.opts, as: account }).client;
  }

  async send(account: string, build: (signer: TxSigner) => DecodedTx): Promise<TxReply & { height: number }> {
    const p = await prepare(resolveSender({ ...this.opts, as: account }));
    return p.submit(build(p.signer));
  }

  /** A step the rules must refuse: it prints the refusal, and fails the demo if it went through. */
  async refused(account: string, what: string, build: (signer: TxSigner) => DecodedTx): Promise<void> {
    try {
      await this.send(account, build);
    } catch (e) {
      if (!(e instanceof CreditChainError)) throw e;
      this.say(`${what} — refused, as the class demands: ${e.message} (${e.code})`);
      return;
    }
    throw new CreditChainError('INTERNAL', `The demo expected "${what}" to be refused, and it was accepted.`);
  }
}

async function subjectOf(client: CreditChainClient, account: string): Promise<Uint8Array> {
  const s = (await client.account(account)).subject;
  if (s === null) throw new CreditChainError('INTERNAL', `The dev account ${account} is not a subject's.`);
  return fromHex(s, 32);
}

async function drafts(opts: NodeOptions): Promise<void> {
  const s = new Script(opts);
  out('Digital drafts (数字汇票): Bank A issues a draft backed by a core enterprise’s credit to its supplier; the supplier splits it,');
  out('passes a piece to its own supplier, who discounts it at Bank B; Bank B redeems it with Bank A. The path and the split are preset.');
  const created = await s.send('demo-bank', (signer) =>
    createVoucherClassTx({
      ...signer,
      voucherClass: {
        name: 'Supply-chain draft (Bank A)',
        unit: 'CNY-fen',
        cap: 100_000_000,
        divisible: true,
        minUnit: 100,
        expires: Date.now() + 180 * DAY_MS,
        holders: { anySubject: true, orgTypes: ['bank'] },
        transfer: [{ anySubject: true, orgTypes: ['bank'] }, { orgTypes: ['bank'] }],
        redeem: { orgTypes: ['bank'] },
        supervisor: 'regulator',
        onExpiry: 'burn',
      },
    }),
  );
  const cls = (created.data as { class: number }).class;
  s.say(`demo-bank (Bank A) presets voucher class ${cls}: divisible in whole yuan, two transfers at most (to a subject or a bank, then to a bank), redeemable by banks, supervised by the regulator — height ${created.height}.`);
  const issued = await s.send('demo-bank', (signer) => issueVouchersTx({ ...signer, class: cls, to: [{ holder: 'demo-enterprise', amount: 1_000_000 }] }));
  const draft = (issued.data as { vouchers: number[] }).vouchers[0]!;
  s.say(`demo-bank issues draft #${draft} of 10,000.00 CNY to its supplier demo-enterprise — height ${issued.height}.`);
  const split = await s.send('demo-enterprise', (signer) => splitVoucherTx({ ...signer, voucher: draft, amounts: [600_000, 400_000] }));
  const [keep, pass] = (split.data as { pieces: number[] }).pieces as [number, number];
  s.say(`demo-enterprise splits #${draft} into #${keep} (6,000.00) and #${pass} (4,000.00) — height ${split.height}.`);
  await s.refused('demo-enterprise', `demo-enterprise tries to split #${keep} into 3,000.005 + 2,999.995`, (signer) => splitVoucherTx({ ...signer, voucher: keep, amounts: [300_050, 299_950] }));
  const t1 = await s.send('demo-enterprise', (signer) => transferVoucherTx({ ...signer, voucher: pass, to: 'demo-person' }));
  s.say(`demo-enterprise pays its own supplier demo-person with #${pass} (transfer 1 of the path) — height ${t1.height}.`);
  await s.refused('demo-person', `demo-person tries to pass #${pass} on to demo-enterprise (transfer 2 must go to a bank)`, (signer) => transferVoucherTx({ ...signer, voucher: pass, to: 'demo-enterprise' }));
  const t2 = await s.send('demo-person', (signer) => transferVoucherTx({ ...signer, voucher: pass, to: 'demo-bank-b' }));
  s.say(`demo-person discounts #${pass} at Bank B (transfer 2, the last the path allows) — height ${t2.height}.`);
  const r = await s.send('demo-bank-b', (signer) => redeemVoucherTx({ ...signer, voucher: pass }));
  s.say(`demo-bank-b redeems #${pass} with Bank A for 4,000.00 CNY — height ${r.height}.`);
  s.say(`The class now: ${classLine(await s.reader('demo-regulator').voucherClass(cls))}`);
  s.say(`The regulator traces #${pass} from issue to redemption and verifies every proof:`);
  await showTrace(s.reader('demo-regulator'), pass, undefined);
}

async function coupons(opts: NodeOptions): Promise<void> {
  const s = new Script(opts);
  out('Consumption coupons: the city (market bureau) issues coupons to residents; a resident spends one at a registered');
  out('catering merchant; the merchant redeems it with the city; the regulator supervises every movement.');
  const merchant = await subjectOf(s.reader('demo-market'), 'demo-enterprise');
  const created = await s.send('demo-market', (signer) =>
    createVoucherClassTx({
      ...signer,
      voucherClass: {
        name: 'City consumption coupon 50 CNY',
        unit: 'CNY-fen',
        cap: 31_800_000_000,
        divisible: false,
        expires: Date.now() + 30 * DAY_MS,
        holders: { anySubject: true },
        categories: ['catering', 'retail'],
        transfer: 'none',
        redeem: { subjects: [merchant] },
        supervisor: 'regulator',
        onExpiry: 'return',
      },
    }),
  );
  const cls = (created.data as { class: number }).class;
  s.say(`demo-market (the city) presets coupon class ${cls}: residents hold it, catering and retail merchants take it, the merchant (by its reference) redeems it, no transfers, unspent value returns to the city after 30 days — height ${created.height}.`);
  const reg = await s.send('demo-market', (signer) => registerMerchantTx({ ...signer, class: cls, merchant: 'demo-enterprise', category: 'catering' }));
  s.say(`demo-market registers demo-enterprise as a catering merchant of class ${cls} — height ${reg.height}.`);
  const issued = await s.send('demo-market', (signer) => issueVouchersTx({ ...signer, class: cls, to: [{ holder: 'demo-person', amount: 5000 }, { holder: 'demo-person', amount: 5000 }] }));
  const [first, second] = (issued.data as { vouchers: number[] }).vouchers as [number, number];
  s.say(`demo-market issues coupons #${first} and #${second} (50.00 CNY each) to the resident demo-person, in one batch — height ${issued.height}.`);
  await s.refused('demo-person', `demo-person tries to give coupon #${second} to demo-enterprise`, (signer) => transferVoucherTx({ ...signer, voucher: second, to: 'demo-enterprise' }));
  await s.refused('demo-person', `demo-person tries to spend coupon #${second} at demo-bank (not a registered merchant)`, (signer) => spendVoucherTx({ ...signer, voucher: second, merchant: 'demo-bank' }));
  const spent = await s.send('demo-person', (signer) => spendVoucherTx({ ...signer, voucher: first, merchant: 'demo-enterprise' }));
  s.say(`demo-person spends coupon #${first} at demo-enterprise — height ${spent.height}.`);
  const frozen = await s.send('demo-regulator', (signer) => freezeVoucherTx({ ...signer, freeze: true, voucher: second }));
  s.say(`The regulator freezes coupon #${second} while it checks a report of resale — height ${frozen.height}.`);
  await s.refused('demo-person', `demo-person tries to spend the frozen coupon #${second}`, (signer) => spendVoucherTx({ ...signer, voucher: second, merchant: 'demo-enterprise' }));
  const unfrozen = await s.send('demo-regulator', (signer) => freezeVoucherTx({ ...signer, freeze: false, voucher: second }));
  s.say(`The regulator unfreezes coupon #${second} — height ${unfrozen.height}.`);
  const redeemed = await s.send('demo-enterprise', (signer) => redeemVoucherTx({ ...signer, voucher: first }));
  s.say(`demo-enterprise redeems coupon #${first} with the city for 50.00 CNY — height ${redeemed.height}.`);
  s.say(`The regulator's view of every movement of class ${cls}:`);
  for (const m of (await s.reader('demo-regulator').voucherMovements(cls)).movements) out(`   ${movementLine(m)}`);
  s.say(`The class now: ${classLine(await s.reader('demo-regulator').voucherClass(cls))}`);
  s.say(`The regulator traces coupon #${first} from issue to redemption and verifies every proof:`);
  await showTrace(s.reader('demo-regulator'), first, undefined);
}

async function points(opts: NodeOptions): Promise<void> {
  const s = new Script(opts);
  out('Community credit points: the village rules are a rule table on chain; a recorder awards and deducts by rule, each');
  out('with its reason; a household sees its own balance and history; the published ranking shows pseudonyms only.');
  const created = await s.send('demo-market', (signer) =>
    createPointsClassTx({
      ...signer,
      pointsClass: {
        name: 'Village credit points',
        recorders: { accounts: ['demo-market'] },
        supervisor: 'regulator',
        rules: [
          { code: 'planting-tree', points: 5, label: 'Planting a tree' },
          { code: 'volunteering', points: 10, label: 'A day of volunteering' },
          { code: 'illegal-parking', points: -10, label: 'Illegal parking' },
        ],
        benefits: [{ code: 'health-check', cost: 12, label: 'A free health check' }],
      },
    }),
  );
  const cls = (created.data as { class: number }).class;
  s.say(`demo-market (the village committee) publishes points class ${cls}: planting a tree +5, a day of volunteering +10, illegal parking −10; 12 points buy a free health check — height ${created.height}.`);
  const client = s.reader('demo-market');
  const person = await subjectOf(client, 'demo-person');
  const enterprise = await subjectOf(client, 'demo-enterprise');
  for (const [household, name, kind, rule] of [
    [person, 'household A', 'award', 'planting-tree'],
    [person, 'household A', 'award', 'volunteering'],
    [enterprise, 'household B', 'award', 'planting-tree'],
    [enterprise, 'household B', 'deduct', 'illegal-parking'],
  ] as const) {
    const r = await s.send('demo-market', (signer) => pointsEntryTx({ ...signer, kind, class: cls, household, rule }));
    const d = r.data as { points: number; balance: number };
    s.say(`The recorder ${kind === 'award' ? 'awards' : 'deducts'} ${name} (${toHex(household).slice(0, 16)}…) ${Math.abs(d.points)} points for ${rule}: balance ${d.balance} — height ${r.height}.`);
  }
  await s.refused('demo-bank', 'demo-bank, not a recorder, tries to award household A', (signer) => pointsEntryTx({ ...signer, kind: 'award', class: cls, household: person, rule: 'planting-tree' }));
  const used = await s.send('demo-person', (signer) => usePointsTx({ ...signer, class: cls, household: person, benefit: 'health-check' }));
  s.say(`Household A, from its own account, spends 12 points on a free health check: balance ${(used.data as { balance: number }).balance} — height ${used.height}.`);
  s.say('Household A reads its own points and history:');
  for (const line of householdLines(await s.reader('demo-person').householdPoints(cls, toHex(person)))) out(`   ${line}`);
  s.say('The published ranking:');
  for (const line of rankingLines(await client.pointsRanking(cls))) out(`   ${line}`);
  const status = await client.status();
  const key = householdKey(getSuite(status.cryptoSuite), cls, person);
  const proven = verifyStateReply(await client.state(toHex(key), { prove: true }), { suite: status.cryptoSuite, trustedKeys: [(await client.checkpointKey()).trim()] });
  s.say(`Household A verifies its balance entry offline:`);
  out(`VERIFIED: the household's points entry is proven to the checkpoint at height ${proven.height}, signed by ${proven.signedBy.join(', ')}.`);
}

export function register(program: Command): void {
  const demo = program.command('demo').description('scripted demos against a "creditchain dev" node: digital drafts, consumption coupons, community credit points');
  addNodeOptions(demo.command('drafts').description('digital drafts: preset path and split, supply-chain financing, redeemed by a bank')).action((opts: NodeOptions) => drafts(opts));
  addNodeOptions(demo.command('coupons').description("a city's consumption coupons: issued, spent at a registered merchant, redeemed, supervised")).action((opts: NodeOptions) => coupons(opts));
  addNodeOptions(demo.command('points').description('community credit points: rules, awards and deductions, a household’s view, the ranking by pseudonym')).action((opts: NodeOptions) => points(opts));
}
