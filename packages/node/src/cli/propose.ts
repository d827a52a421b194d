// `creditchain propose KIND …`: an admin proposes a change to the consortium — admit, update,
// suspend, reinstate or retire an organisation, or set a chain parameter. The member
// organisations then vote on it (`creditchain vote`); it is carried out when it passes.
import { fromHex } from '@creditchain/core';
import type { Command } from 'commander';
import { ORG_ID_PATTERN, ORG_TYPES, PARAM_NAMES, categoryToCbor, isOrgType, parseCategory, parseScoringModel, scoringModelToCbor } from '@creditchain/ledger';
import { proposeTx, type ProposalInput } from '@creditchain/sdk';
import { parseList, parseRoles, parseWhole, readPublicKey } from './args.js';
import { readJsonFile } from './files.js';
import { describeProposal, needs } from './governance-text.js';
import { badArgument, out } from './output.js';
import { addSenderOptions, prepare, resolveSender, type Prepared, type SenderOptions } from './target.js';

function orgId(id: string): string {
  if (!ORG_ID_PATTERN.test(id)) throw badArgument(`The organisation id "${id}" must be lowercase letters, digits, ".", "_" or "-" (at most 64).`);
  return id;
}

/** Signs and sends the proposal, and says what happens next. */
async function propose(opts: SenderOptions, make: (p: Prepared) => ProposalInput): Promise<void> {
  const p = await prepare(resolveSender(opts));
  const proposal = make(p);
  const reply = await p.submit(proposeTx({ ...p.signer, proposal }));
  const { proposal: id, deadline } = reply.data as { proposal: number; deadline: number };
  const { kind, ...payload } = proposal as ProposalInput & Record<string, unknown>;
  out(`Proposal ${id} is open until height ${deadline} (${needs(p.params)}).`);
  out(`  It proposes to ${describeProposal(kind, payload as Record<string, unknown>)}.`);
  out(`Each member organisation's admin votes with: creditchain vote ${id} yes|no`);
}

interface AdmitOptions extends SenderOptions {
  id: string;
  name: string;
  type: string;
  weight: number;
  roles: string;
  categories?: string;
  admin: string;
  adminKey: string;
}

interface UpdateOptions extends SenderOptions {
  name?: string;
  weight?: number;
  roles?: string;
  categories?: string;
}

export function register(program: Command): void {
  const cmd = program.command('propose').description('propose a change to the consortium, for the member organisations to vote on (the sender needs the admin role)');
  addSenderOptions(
    cmd
      .command('admit-org')
      .description('admit a new member organisation with its first admin account')
      .requiredOption('--id <id>', 'organisation id, e.g. bank-c')
      .requiredOption('--name <name>', 'its name')
      .requiredOption('--type <type>', `its type: ${ORG_TYPES.join(', ')}`)
      .requiredOption('--weight <n>', 'the weight of its vote in governance', parseWhole)
      .requiredOption('--roles <a,b>', 'roles its accounts may hold, e.g. admin,submitter (admin is needed for its admin account)')
      .option('--categories <a,b>', 'record categories it may source')
      .requiredOption('--admin <name>', 'name of its first admin account')
      .requiredOption('--admin-key <file|hex>', "the admin's public key: a key file (only its public key is sent) or hex"),
  ).action(async (opts: AdmitOptions) => {
    const id = orgId(opts.id);
    if (!isOrgType(opts.type)) throw badArgument(`--type: "${opts.type}" is not an organisation type; the types are ${ORG_TYPES.join(', ')}.`);
    const roles = parseRoles(opts.roles);
    const categories = opts.categories === undefined ? [] : parseList(opts.categories);
    await propose(opts, (p) => ({
      kind: 'admit-org',
      org: { id, name: opts.name, type: opts.type, weight: opts.weight, roles, categories },
      admin: { name: opts.admin, keys: [readPublicKey(opts.adminKey, p.suite.id, '--admin-key')] },
    }));
  });
  addSenderOptions(
    cmd
      .command('update-org')
      .description("change an organisation's name, weight, roles or categories")
      .argument('<id>', 'organisation id')
      .option('--name <name>', 'its new name')
      .option('--weight <n>', 'its new voting weight', parseWhole)
      .option('--roles <a,b>', 'the roles its accounts may hold, in full')
      .option('--categories <a,b>', 'the record categories it may source, in full'),
  ).action(async (id: string, opts: UpdateOptions) => {
    if (opts.name === undefined && opts.weight === undefined && opts.roles === undefined && opts.categories === undefined) {
      throw badArgument('Say what to change: --name, --weight, --roles or --categories.');
    }
    const proposal: ProposalInput = {
      kind: 'update-org',
      id: orgId(id),
      ...(opts.name === undefined ? {} : { name: opts.name }),
      ...(opts.weight === undefined ? {} : { weight: opts.weight }),
      ...(opts.roles === undefined ? {} : { roles: parseRoles(opts.roles) }),
      ...(opts.categories === undefined ? {} : { categories: parseList(opts.categories) }),
    };
    await propose(opts, () => proposal);
  });
  const statusChanges = [
    ['suspend-org', "suspend an organisation: its accounts may send nothing until it is reinstated"],
    ['reinstate-org', 'reinstate a suspended organisation'],
    ['retire-org', 'retire an organisation from the consortium for good'],
  ] as const;
  for (const [kind, what] of statusChanges) {
    addSenderOptions(cmd.command(kind).description(what).argument('<id>', 'organisation id')).action(async (id: string, opts: SenderOptions) => {
      await propose(opts, () => ({ kind, id: orgId(id) }));
    });
  }
  addSenderOptions(
    cmd
      .command('set-param')
      .description(`set a chain parameter: ${PARAM_NAMES.join(', ')} (govParticipation and govApproval in basis points: 5000 = 50%)`)
      .argument('<name>', 'parameter name')
      .argument('<value>', 'its new value, a whole number', parseWhole),
  ).action(async (name: string, value: number, opts: SenderOptions) => {
    if (!(PARAM_NAMES as string[]).includes(name)) throw badArgument(`There is no chain parameter "${name}"; the parameters are ${PARAM_NAMES.join(', ')}.`);
    await propose(opts, () => ({ kind: 'set-param', name, value }));
  });
  addSenderOptions(
    cmd
      .command('set-category')
      .description('define or redefine a record category (docs/protocol.md, "Credit records"; creditchain records categories shows the current ones)')
      .argument('<file>', 'the category as JSON: {code, name, nameZh, polarity, subjects, sources, review, retention, public, sensitive, fields}'),
  ).action(async (file: string, opts: SenderOptions) => {
    const category = parseCategory(readJsonFile(file, 'a record category') as never, file);
    await propose(opts, () => ({ kind: 'set-category', category: categoryToCbor(category) }));
  });
  addSenderOptions(
    cmd
      .command('set-validators')
      .description("replace a CometBFT network's validator set (GET /v1/validators shows the current one); CometBFT applies it two blocks after it passes")
      .argument('<file>', 'the whole new set as JSON: [{name, publicKey (hex Ed25519), power}], or {validators: [...]}'),
  ).action(async (file: string, opts: SenderOptions) => {
    const json = readJsonFile(file, 'a validator set') as { validators?: unknown } | unknown[];
    const list = Array.isArray(json) ? json : json?.validators;
    if (!Array.isArray(list) || list.length === 0) throw badArgument(`${file}: a validator set is a list of {name, publicKey, power}, or {validators: [...]}.`);
    const validators = list.map((v: { name?: unknown; publicKey?: unknown; power?: unknown }, i) => {
      if (typeof v?.name !== 'string' || typeof v.publicKey !== 'string' || !/^[0-9a-f]{64}$/.test(v.publicKey) || !Number.isSafeInteger(v.power)) {
        throw badArgument(`${file}: validator ${i} needs a name, a publicKey of 64 lowercase hex digits (its Ed25519 key) and a whole power.`);
      }
      return { name: v.name, key: fromHex(v.publicKey, 32), power: v.power as number };
    });
    await propose(opts, () => ({ kind: 'set-validators', validators }));
  });
  addSenderOptions(
    cmd
      .command('set-scoring-model')
      .description('adopt a new scoring model version (GET /v1/scoring-models shows the current ones)')
      .argument('<file>', 'the model as JSON: {version, name, base, min, max, bandPercent, decay, effects}'),
  ).action(async (file: string, opts: SenderOptions) => {
    const model = parseScoringModel(readJsonFile(file, 'a scoring model') as never, file);
    await propose(opts, () => ({ kind: 'set-scoring-model', model: scoringModelToCbor(model) }));
  });
}
