// Renders docs/errors.md from ERROR_CODES (packages/core/src/errors.ts): the codes, their HTTP
// status and meaning, grouped under the section comments of that table. Pure apart from reading
// errors.ts for those comments; scripts/gen-errors-doc.ts writes the file and
// test/errors-doc.test.ts checks that it is up to date.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, type ErrorSpec } from '@creditchain/core';

export const ERRORS_DOC_PATH = 'docs/errors.md';
export const ERRORS_SOURCE_PATH = 'packages/core/src/errors.ts';
export const ERRORS_DOC_COMMAND = 'npm run docs:errors';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The section comment above each code in the ERROR_CODES literal, e.g. "transactions". */
function sectionsFromSource(source: string): Map<string, string> {
  const start = source.indexOf('export const ERROR_CODES');
  const end = source.indexOf('} as const', start);
  const sections = new Map<string, string>();
  if (start < 0 || end < 0) return sections;
  let current = 'other';
  for (const line of source.slice(start, end).split('\n')) {
    const comment = /^\s*\/\/\s*(.+?)\s*$/.exec(line);
    if (comment !== null) {
      current = comment[1]!;
      continue;
    }
    const code = /^\s*([A-Z][A-Z0-9_]*)\s*:/.exec(line);
    if (code !== null) sections.set(code[1]!, current);
  }
  return sections;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderErrorsDoc(source: string = readFileSync(`${root}${ERRORS_SOURCE_PATH}`, 'utf8')): string {
  const sections = sectionsFromSource(source);
  const groups = new Map<string, Array<[string, ErrorSpec]>>();
  for (const [code, spec] of Object.entries(ERROR_CODES) as Array<[string, ErrorSpec]>) {
    const title = sections.get(code) ?? 'other';
    let list = groups.get(title);
    if (list === undefined) groups.set(title, (list = []));
    list.push([code, spec]);
  }
  const out: string[] = [
    '# Error codes',
    '',
    `<!-- Generated from ERROR_CODES in ${ERRORS_SOURCE_PATH} by scripts/gen-errors-doc.ts. Do not edit: run \`${ERRORS_DOC_COMMAND}\`. test/errors-doc.test.ts fails when this file is out of date. -->`,
    '',
    'Every failure in CreditChain is a `CreditChainError` with a stable `code`, a `message` (one',
    'sentence for people) and, often, `details` (an object for programs). Program against the code,',
    'never against the message.',
    '',
    '- The HTTP API answers with the status below and the JSON body',
    '  `{"code": "…", "message": "…", "details": {…}}` (`details` may be absent).',
    '- A transaction that fails inside a block is still in the block and the log: its result and its',
    '  log entry carry the code (`ok` on success), and the state does not change, apart from the',
    '  sender\'s nonce when the failure is the action\'s own, after every transaction check passed',
    '  (see [protocol.md](protocol.md#results-and-failed-transactions)).',
    '- The SDK throws the same error type, with the code the node sent.',
    '',
    `${Object.keys(ERROR_CODES).length} codes.`,
  ];
  for (const [title, list] of groups) {
    out.push('', `## ${title.charAt(0).toUpperCase()}${title.slice(1)}`, '', '| Code | HTTP | Meaning |', '|---|---|---|');
    for (const [code, spec] of list) out.push(`| <a id="${code}"></a>\`${code}\` | ${spec.status} | ${cell(spec.summary)} |`);
  }
  out.push('');
  return out.join('\n');
}
