// What each kind of proposal carries, and what it does when it passes. Each kind is checked
// when proposed and checked again when carried out: the state may have changed in between.
import { CreditChainError, readArray, readBytes, readMap, readString, readUint, type CborMap, type CryptoSuite } from '@creditchain/core';
import type { StateOverlay } from '../../overlay.js';
import { parseCategory, writeCategory } from '../credit/categories.js';
import { parseScoringModel, readModelIndex, writeScoringModel } from '../credit/scoring.js';
import { newAccount } from '../identity/accounts.js';
import { checkRolesFor, readKeySpecs, readName, readThreshold } from '../identity/payload.js';
import { isOrgType } from '../identity/roles.js';
import { ORG_ID_PATTERN, readAccount, readOrg, readRoles, writeAccount, writeOrg, type Org } from '../identity/state.js';
import { checkParam, readParams, writeParams } from './params.js';
import { PROPOSAL_KINDS, parseValidators, writeValidators, type ProposalKind } from './state.js';

function bad(message: string, details?: Record<string, unknown>): never {
  throw new CreditChainError('GOV_BAD_PROPOSAL', message, details);
}

export function readKind(v: unknown): ProposalKind {
  if (typeof v !== 'string' || !(PROPOSAL_KINDS as readonly string[]).includes(v)) {
    bad(`The proposal kind must be one of ${PROPOSAL_KINDS.join(', ')}.`);
  }
  return v as ProposalKind;
}

function readOrgFields(m: CborMap, what: string, required: boolean) {
  const out: { name?: string; weight?: number; roles?: Org['roles']; categories?: string[]; type?: Org['type'] } = {};
  if (m.name !== undefined || required) out.name = readString(m.name, `${what}.name`, 200);
  if (m.weight !== undefined || required) out.weight = readUint(m.weight, `${what}.weight`, 1_000_000);
  if (m.roles !== undefined || required) out.roles = readRoles(m.roles, `${what}.roles`);
  if (m.categories !== undefined || required) out.categories = readArray(m.categories, `${what}.categories`, 256).map((c, i) => readString(c, `${what}.categories[${i}]`, 64));
  if (m.type !== undefined || required) {
    const type = readString(m.type, `${what}.type`, 32);
    if (!isOrgType(type)) bad(`${what}.type: "${type}" is not an organisation type.`);
    out.type = type;
  }
  return out;
}

/** Stateless check of a proposal's payload for its kind. */
export function parseProposal(kind: ProposalKind, payload: CborMap): void {
  switch (kind) {
    case 'admit-org': {
      const m = readMap(payload, 'payload', ['org', 'admin']);
      const org = readMap(m.org, 'payload.org', ['id', 'name', 'type', 'weight', 'roles', 'categories']);
      readString(org.id, 'payload.org.id', 64, ORG_ID_PATTERN);
      readOrgFields(org, 'payload.org', true);
      const admin = readMap(m.admin, 'payload.admin', ['name', 'keys'], ['threshold']);
      readName(admin.name, 'payload.admin.name');
      readThreshold(admin.threshold, 'payload.admin.threshold', readKeySpecs(admin.keys, 'payload.admin.keys').length);
      return;
    }
    case 'update-org': {
      const m = readMap(payload, 'payload', ['id'], ['name', 'weight', 'roles', 'categories']);
      readString(m.id, 'payload.id', 64, ORG_ID_PATTERN);
      readOrgFields(m, 'payload', false);
      return;
    }
    case 'suspend-org':
    case 'reinstate-org':
    case 'retire-org':
      readString(readMap(payload, 'payload', ['id']).id, 'payload.id', 64, ORG_ID_PATTERN);
      return;
    case 'set-param': {
      const m = readMap(payload, 'payload', ['name', 'value']);
      checkParam(readString(m.name, 'payload.name', 64), readUint(m.value, 'payload.value'));
      return;
    }
    case 'set-category':
      parseCategory(readMap(payload, 'payload', ['category']).category, 'payload.category');
      return;
    case 'set-scoring-model':
      parseScoringModel(readMap(payload, 'payload', ['model']).model, 'payload.model');
      return;
    case 'set-validators': {
      const m = readMap(payload, 'payload', ['validators']);
      const vs = readArray(m.validators, 'payload.validators', 300);
      if (vs.length === 0) bad('A validator set needs at least one validator.');
      parseValidators(vs, 'payload.validators', bad);
      return;
    }
  }
}

function existingOrg(suite: CryptoSuite, state: StateOverlay, id: string): Org {
  const org = readOrg(suite, state, id);
  if (org === undefined) throw new CreditChainError('ORG_NOT_FOUND', `There is no organisation "${id}".`, { id });
  return org;
}

/**
 * Checks a proposal against the state (apply = false) or carries it out (apply = true). Either
 * way it throws a CreditChainError saying why it cannot be carried out.
 */
export function carryOut(suite: CryptoSuite, state: StateOverlay, kind: ProposalKind, payload: CborMap, height: number, apply: boolean): string {
  switch (kind) {
    case 'admit-org': {
      const m = readMap(payload, 'payload', ['org', 'admin']);
      const om = readMap(m.org, 'payload.org', ['id', 'name', 'type', 'weight', 'roles', 'categories']);
      const id = readString(om.id, 'payload.org.id', 64, ORG_ID_PATTERN);
      const f = readOrgFields(om, 'payload.org', true);
      if (readOrg(suite, state, id) !== undefined) throw new CreditChainError('ORG_EXISTS', `An organisation "${id}" already exists.`, { id });
      const org: Org = { id, name: f.name!, type: f.type!, status: 'active', weight: f.weight!, roles: f.roles!, categories: f.categories!, since: height };
      const am = readMap(m.admin, 'payload.admin', ['name', 'keys'], ['threshold']);
      const name = readName(am.name, 'payload.admin.name');
      const keys = readKeySpecs(am.keys, 'payload.admin.keys');
      if (readAccount(suite, state, name) !== undefined) throw new CreditChainError('ACCOUNT_EXISTS', `An account named "${name}" already exists.`, { name });
      checkRolesFor(org, ['admin']);
      if (apply) {
        writeOrg(suite, state, org);
        writeAccount(suite, state, newAccount(name, id, null, ['admin'], keys, readThreshold(am.threshold, 'payload.admin.threshold', keys.length)));
      }
      return `admitted ${id} with admin account ${name}`;
    }
    case 'update-org': {
      const m = readMap(payload, 'payload', ['id'], ['name', 'weight', 'roles', 'categories']);
      const org = existingOrg(suite, state, readString(m.id, 'payload.id', 64));
      const next: Org = { ...org, ...readOrgFields(m, 'payload', false) };
      checkRolesFor(next, next.roles);
      if (apply) writeOrg(suite, state, next);
      return `updated ${org.id}`;
    }
    case 'suspend-org':
    case 'reinstate-org':
    case 'retire-org': {
      const org = existingOrg(suite, state, readString(readMap(payload, 'payload', ['id']).id, 'payload.id', 64));
      const to = kind === 'suspend-org' ? 'suspended' : kind === 'reinstate-org' ? 'active' : 'retired';
      const from = kind === 'reinstate-org' ? ['suspended'] : ['active', ...(kind === 'retire-org' ? ['suspended'] : [])];
      if (!from.includes(org.status)) throw new CreditChainError('GOV_BAD_PROPOSAL', `Organisation "${org.id}" is ${org.status}; it cannot be ${to === 'active' ? 'reinstated' : to}.`, { id: org.id });
      if (apply) writeOrg(suite, state, { ...org, status: to, since: height });
      return `${org.id} is ${to}`;
    }
    case 'set-param': {
      const m = readMap(payload, 'payload', ['name', 'value']);
      const name = readString(m.name, 'payload.name', 64);
      const value = readUint(m.value, 'payload.value');
      checkParam(name, value);
      const current = readParams(suite, state);
      // Rules are only ever raised: lowering them would give later blocks the meaning of older ones.
      if (name === 'protocolVersion' && value < current.protocolVersion) {
        throw new CreditChainError('GOV_BAD_PROPOSAL', `The chain runs protocol version ${current.protocolVersion}; its version can only be raised, not set to ${value}.`, { name, value, current: current.protocolVersion });
      }
      if (apply) writeParams(suite, state, { ...current, [name]: value });
      return `${name} = ${value}`;
    }
    case 'set-validators': {
      const vs = parseValidators(readArray(readMap(payload, 'payload', ['validators']).validators, 'payload.validators', 300), 'payload.validators', bad);
      if (apply) writeValidators(suite, state, vs);
      return `${vs.length} validators`;
    }
    case 'set-category': {
      const c = parseCategory(readMap(payload, 'payload', ['category']).category, 'payload.category');
      if (apply) writeCategory(suite, state, c);
      return `category ${c.code}`;
    }
    case 'set-scoring-model': {
      const model = parseScoringModel(readMap(payload, 'payload', ['model']).model, 'payload.model');
      const latest = readModelIndex(suite, state)?.versions.at(-1) ?? 0;
      if (model.version <= latest) throw new CreditChainError('GOV_BAD_PROPOSAL', `A new scoring model needs a version above ${latest}, the latest; ${model.version} is not.`, { version: model.version });
      if (apply) writeScoringModel(suite, state, model);
      return `scoring model ${model.version}`;
    }
  }
}
