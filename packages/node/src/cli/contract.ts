// `creditchain contract init|test|deploy|upgrade|approve|call|show|list`: the contract developer's
// workflow from the command line. A project (contract init) is src/contract.ts, the host API's
// types, tests and creditchain.json ({name, categories}); `contract test` runs its tests on an
// in-memory chain with the node's own runtime; `deploy` compiles the TypeScript and sends the
// JavaScript with the source's hash; a regulator approves it; anyone calls it.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import ts from 'typescript';
import { encodeCanonical, toHex, type CborValue } from '@creditchain/core';
import { approveContractTx, callContractTx, deployContractTx, upgradeContractTx, type ContractReply } from '@creditchain/sdk';
import { compileContract } from '../contract-compile.js';
import { ContractSandbox, type SandboxAccount } from '../contract-sandbox.js';
import { parseList, parseWhole } from './args.js';
import { readJsonFile, readText } from './files.js';
import { badArgument, describeError, out } from './output.js';
import { addNodeOptions, addSenderOptions, connect, prepare, resolveSender, type NodeOptions, type SenderOptions } from './target.js';

const TEMPLATES_DIR = new URL('../../templates/contracts/', import.meta.url);
const template = (file: string) => new URL(file, TEMPLATES_DIR).pathname;

/** The templates `contract init --template` offers: the contract, its tests, the categories its approval needs. */
export const CONTRACT_TEMPLATES: Readonly<Record<string, { source: string; test: string; categories: readonly string[]; what: string }>> = {
  counter: { source: 'counter.ts', test: 'project/counter.test.ts', categories: [], what: 'the smallest contract: a counter' },
  loan: { source: 'loan.ts', test: 'project/loan.test.ts', categories: ['loan-overdue', 'on-time-repayment'], what: 'a loan or instalment agreement that files overdue and on-time records' },
  service: { source: 'service.ts', test: 'project/service.test.ts', categories: [], what: 'a service or task agreement with milestones and escrow bookkeeping' },
};

interface ProjectFile {
  readonly name: string;
  readonly categories: readonly string[];
}

function readProject(dir: string): ProjectFile {
  const file = join(dir, 'creditchain.json');
  if (!existsSync(file)) throw badArgument(`${dir} is not a contract project: it has no creditchain.json (make one with creditchain contract init NAME).`);
  const p = readJsonFile(file, 'a contract project file') as Partial<ProjectFile>;
  if (typeof p.name !== 'string' || !Array.isArray(p.categories)) throw badArgument(`${file} must hold {"name": "...", "categories": [...]}.`);
  return { name: p.name, categories: p.categories };
}

function init(name: string, opts: { template: string; dir?: string }): void {
  const t = CONTRACT_TEMPLATES[opts.template];
  if (t === undefined) throw badArgument(`There is no template "${opts.template}"; the templates are ${Object.keys(CONTRACT_TEMPLATES).join(', ')}.`);
  const dir = resolve(opts.dir ?? name);
  if (existsSync(join(dir, 'creditchain.json'))) throw badArgument(`${dir} already holds a contract project.`);
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'test'), { recursive: true });
  copyFileSync(template(t.source), join(dir, 'src', 'contract.ts'));
  copyFileSync(template('host.d.ts'), join(dir, 'src', 'host.d.ts'));
  copyFileSync(template('sandbox.d.ts'), join(dir, 'src', 'sandbox.d.ts'));
  copyFileSync(template(t.test), join(dir, 'test', 'contract.test.ts'));
  writeFileSync(join(dir, 'creditchain.json'), `${JSON.stringify({ name, categories: t.categories }, null, 2)}\n`);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'CommonJS', strict: true, noEmit: true, lib: ['ES2022'], types: [] }, include: ['src'] }, null, 2)}\n`,
  );
  out(`Contract project "${name}" (${t.what}) made in ${relative(process.cwd(), dir) || '.'}:`);
  out('  src/contract.ts      the contract: each exported function is a method');
  out('  src/host.d.ts        the host API it may use (storage, caller, block, alarms, fileRecord, …)');
  out('  test/contract.test.ts tests, run on an in-memory chain by: creditchain contract test');
  out(`  creditchain.json     its name and the record categories its approval asks for (${t.categories.join(', ') || 'none'})`);
  out(`Deploy it with: creditchain contract deploy ${join(relative(process.cwd(), dir) || '.', 'src', 'contract.ts')} --as ACCOUNT`);
}

/** A sandbox with the project's contract deployed and approved; the shape the tests see (sandbox.d.ts). */
function sandboxFor(name: string, source: string, categories: readonly string[]) {
  const sb = new ContractSandbox();
  const deployed = sb.deploy(name, source, categories);
  if (deployed.code !== 'ok') throw badArgument(`The contract does not deploy on the sandbox: ${deployed.message} (${deployed.code})`);
  return {
    contract: name,
    get now() {
      return sb.now;
    },
    subjects: sb.subjects,
    call: (sender: SandboxAccount, method: string, args?: unknown, o: { gas?: number; contract?: string } = {}) => sb.call(sender, o.contract ?? name, method, args ?? null, o.gas),
    advanceDays: (days: number) => sb.advanceDays(days),
    storage: (key: string) => sb.storage(name, key),
    record: (id: number) => sb.record(id),
    review: (ids: number[], decision?: 'publish' | 'reject') => sb.review(ids, decision),
  };
}

async function runTests(dirArg: string | undefined): Promise<void> {
  const dir = resolve(dirArg ?? '.');
  const project = readProject(dir);
  const source = readText(join(dir, 'src', 'contract.ts'));
  const testDir = join(dir, 'test');
  const files = existsSync(testDir) ? readdirSync(testDir).filter((f) => f.endsWith('.test.ts')).sort() : [];
  if (files.length === 0) throw badArgument(`${testDir} holds no *.test.ts files.`);
  const build = join(dir, '.creditchain', 'test');
  mkdirSync(build, { recursive: true });
  let passed = 0;
  let failed = 0;
  try {
    for (const f of files) {
      const js = ts.transpileModule(readText(join(testDir, f)), { fileName: f, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      const file = join(build, f.replace(/\.ts$/, `.${Date.now()}.mjs`));
      writeFileSync(file, js);
      const mod = (await import(pathToFileURL(file).href)) as { default?: (test: (name: string, fn: (sb: unknown) => void) => void) => void };
      if (typeof mod.default !== 'function') throw badArgument(`${f} must export a default function (test) => { test('name', (sandbox) => { … }) }.`);
      const tests: Array<[string, (sb: unknown) => void]> = [];
      mod.default((name, fn) => tests.push([name, fn]));
      for (const [name, fn] of tests) {
        try {
          fn(sandboxFor(project.name, source, project.categories));
          passed++;
          out(`  ✓ ${f} › ${name}`);
        } catch (e) {
          failed++;
          out(`  ✗ ${f} › ${name}\n      ${describeError(e).split('\n').join('\n      ')}`);
        }
      }
    }
  } finally {
    rmSync(join(dir, '.creditchain'), { recursive: true, force: true });
  }
  out(`${passed} passed, ${failed} failed (contract "${project.name}", ${files.length} test file${files.length === 1 ? '' : 's'}).`);
  if (failed > 0) process.exitCode = 1;
}

/** The contract's name: --name, else the project's creditchain.json beside src/, else the file's name. */
function nameFor(file: string, name: string | undefined): string {
  if (name !== undefined) return name;
  const projectDir = dirname(dirname(resolve(file)));
  if (existsSync(join(projectDir, 'creditchain.json'))) return readProject(projectDir).name;
  return basename(file).replace(/\.ts$/, '');
}

function showContract(c: ContractReply): void {
  out(`Contract ${c.name} of ${c.org}, deployed by ${c.deployer} at height ${c.created}.`);
  out(`  active     ${c.active === 0 ? `none (version ${c.latest} awaits a regulator's approval)` : `version ${c.active}`}${c.latest > c.active && c.active > 0 ? `; version ${c.latest} awaits approval` : ''}`);
  out(`  may file   ${c.categories.length > 0 ? c.categories.join(', ') : 'no credit records'}`);
  for (const v of c.versions) {
    out(`  v${v.version}         code ${v.codeHash}  source ${v.sourceHash}  by ${v.deployer} at height ${v.height}${v.approvedBy === null ? '' : `, approved by ${v.approvedBy} at height ${v.approvedAt}`}`);
  }
  out(`  state      ${c.alarms} alarm${c.alarms === 1 ? '' : 's'} pending; ${c.records.length} record${c.records.length === 1 ? '' : 's'} filed${c.records.length > 0 ? ` (#${c.records.join(', #')})` : ''}`);
  if (c.lastAlarm !== null) out(`  last alarm at height ${c.lastAlarm.height}: ${c.lastAlarm.code}${c.lastAlarm.error ? ` — ${c.lastAlarm.error}` : ''}, ${c.lastAlarm.gas} gas`);
  if (c.proof !== undefined) out(`  proof      ${c.proof.entries.length} state entries proven to the checkpoint at height ${c.proof.height}`);
}

function parseArgs(text: string | undefined): CborValue {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as CborValue;
  } catch {
    throw badArgument(`ARGS must be JSON, e.g. '{"id": 1}'; "${text}" is not.`);
  }
}

export function register(program: Command): void {
  const contract = program.command('contract').description('smart contracts in TypeScript: make a project, test it, deploy, approve, call and inspect');

  contract
    .command('init')
    .description('make a contract project: src/contract.ts, the host API types, tests, creditchain.json')
    .argument('<name>', 'the contract name (lowercase letters, digits, . _ -)')
    .option('--template <name>', `what to start from: ${Object.keys(CONTRACT_TEMPLATES).join(', ')}`, 'counter')
    .option('--dir <dir>', 'where (default: ./NAME)')
    .action((name: string, opts: { template: string; dir?: string }) => init(name, opts));

  contract
    .command('test')
    .description("run a project's tests (test/*.test.ts) on an in-memory chain with the node's runtime")
    .argument('[dir]', 'the project directory (default: .)')
    .action(async (dir: string | undefined) => runTests(dir));

  for (const upgrade of [false, true]) {
    addSenderOptions(
      contract
        .command(upgrade ? 'upgrade' : 'deploy')
        .description(upgrade ? 'deploy a new version of a contract of your organisation (its state is kept)' : 'compile a TypeScript contract and deploy it for your organisation (an admin)')
        .argument('<file>', 'the contract source, e.g. src/contract.ts')
        .option('--name <name>', "the contract's name (default: the project's, or the file's)"),
    ).action(async (file: string, opts: SenderOptions & { name?: string }) => {
      const p = await prepare(resolveSender(opts));
      const { code, sourceHash } = compileContract(p.suite, readText(file), basename(file));
      const name = nameFor(file, opts.name);
      const reply = await p.submit((upgrade ? upgradeContractTx : deployContractTx)({ ...p.signer, name, code, sourceHash }));
      const d = reply.data as { version: number; methods: string[]; status: string };
      out(`Contract ${name} version ${d.version} ${upgrade ? 'upgraded' : 'deployed'} at height ${reply.height}: methods ${d.methods.join(', ')}.`);
      // The chain keeps the code by the hash of its canonical encoding (a CBOR text string).
      out(`  code ${toHex(p.suite.hash(encodeCanonical(code)))} (${code.length} bytes of JavaScript), source ${toHex(sourceHash)}`);
      out(d.status === 'active' ? '  It can be called now.' : `  It awaits a regulator's approval: creditchain contract approve ${name} --version ${d.version} --categories …`);
    });
  }

  addSenderOptions(
    contract
      .command('approve')
      .description('approve a contract version and the record categories it may file (a regulator)')
      .argument('<name>', 'the contract')
      .option('--version <n>', 'the version (default: the latest)', parseWhole)
      .option('--categories <list>', 'record categories it may file as its organisation, comma-separated', parseList),
  ).action(async (name: string, opts: SenderOptions & { version?: number; categories?: string[] }) => {
    const p = await prepare(resolveSender(opts));
    const version = opts.version ?? (await p.client.contract(name)).latest;
    const reply = await p.submit(approveContractTx({ ...p.signer, name, version, categories: opts.categories ?? [] }));
    out(`Contract ${name} version ${version} approved at height ${reply.height}; it may file ${opts.categories?.length ? opts.categories.join(', ') : 'no'} records.`);
  });

  addSenderOptions(
    contract
      .command('call')
      .description('call a method of a contract')
      .argument('<name>', 'the contract')
      .argument('<method>', 'the method')
      .argument('[args]', 'its arguments as JSON, e.g. \'{"id": 1}\'')
      .option('--gas <n>', 'the most gas it may use (default: the chain’s limit)', parseWhole)
      .option('--view', 'run it on the head state without a transaction (as --as, if given): nothing is written'),
  ).action(async (name: string, method: string, args: string | undefined, opts: SenderOptions & { gas?: number; view?: boolean }) => {
    if (opts.view === true) {
      const v = await connect(opts).contractView(name, method, parseArgs(args), opts.as === undefined ? {} : { as: opts.as });
      out(`${name}.${method} on the state of height ${v.height} (a view, nothing written): ${JSON.stringify(v.result)} (${v.gas} gas)`);
      for (const e of v.events) out(`  event ${e.contract}.${e.name} ${JSON.stringify(e.data)}`);
      return;
    }
    const p = await prepare(resolveSender(opts));
    const reply = await p.submit(callContractTx({ ...p.signer, name, method, args: parseArgs(args), ...(opts.gas === undefined ? {} : { gas: opts.gas }) }));
    const d = reply.data as { result: unknown; gas: number; events: Array<{ contract: string; name: string; data: unknown }> };
    out(`${name}.${method} at height ${reply.height}: ${JSON.stringify(d.result)} (${d.gas} gas)`);
    for (const e of d.events) out(`  event ${e.contract}.${e.name} ${JSON.stringify(e.data)}`);
  });

  addNodeOptions(
    contract
      .command('show')
      .description('a contract: its versions (code and source hashes), approval, alarms, records, and a storage value')
      .argument('<name>', 'the contract')
      .option('--key <key>', 'also show the value stored under this key')
      .option('--prove', 'fetch proofs of what is shown'),
  ).action(async (name: string, opts: NodeOptions & { key?: string; prove?: boolean }) => {
    const client = connect(opts);
    showContract(await client.contract(name, { prove: opts.prove === true }));
    if (opts.key !== undefined) {
      const s = await client.contractStorage(name, opts.key, { prove: opts.prove === true });
      out(`  storage "${s.key}" = ${JSON.stringify(s.value)}`);
    }
  });

  addNodeOptions(contract.command('list').description('every contract on the chain')).action(async (opts: NodeOptions) => {
    const { contracts } = await connect(opts).contracts();
    if (contracts.length === 0) out('There are no contracts yet.');
    for (const c of contracts) out(`${c.name}  of ${c.org}  v${c.active}${c.latest > c.active ? ` (v${c.latest} awaiting approval)` : ''}  files ${c.categories.join(', ') || 'nothing'}  ${c.alarms} alarms pending`);
  });
}
