// How a failure is shown: the SDK's sentence for people and its stable code, as the CLI prints
// them ("message (CODE)"), so a person can quote the code when asking for help. In Chinese the
// sentence for the code comes first (i18n/errors.zh.ts), then, smaller, the node's English
// sentence — it names the heights, accounts and lines — with the code.
import { isCreditChainError } from '@creditchain/core';
import type { ReactNode } from 'react';
import { errorSentenceZh, failureZh } from '../i18n/errors.zh.js';
import { useI18n, type Lang } from '../i18n/i18n.js';

export interface Failure {
  readonly message: string;
  readonly code?: string;
  /** The message is the console's own sentence, already in the page's language (a `t.…` text), not the node's or SDK's English. */
  readonly ownText?: boolean;
}

/** A failure the console says in its own words, already in the page's language: thrown where a failure is caught by failureOf. */
export class ConsoleError extends Error {}

/** A failure the console says in its own words, already in the page's language. */
export function ownFailure(message: string): Failure {
  return { message, ownText: true };
}

export function failureOf(e: unknown): Failure {
  if (isCreditChainError(e)) return { message: e.message, code: e.code };
  if (e instanceof ConsoleError) return ownFailure(e.message);
  return { message: e instanceof Error ? e.message : String(e) };
}

/** What to say of a failure in `lang`: its sentence, and in Chinese the node's or SDK's English sentence as the detail. */
export function failureWords(failure: Failure, lang: Lang): { readonly sentence: string; readonly detail?: string } {
  if (lang === 'en' || failure.ownText === true) return { sentence: failure.message };
  return { sentence: errorSentenceZh(failure.code), detail: failure.message };
}

/** A failure in the page's language with its code; `say` puts the sentence in a sentence of its own. */
export function FailureText({ failure, say = (s) => s }: { failure: Failure; say?: (sentence: string) => string }) {
  const { lang } = useI18n();
  const { sentence, detail } = failureWords(failure, lang);
  const code = failure.code !== undefined && <> (<code>{failure.code}</code>)</>;
  return (
    <>
      {say(sentence)}
      {detail === undefined ? code : <FailureDetail detail={detail}>{code}</FailureDetail>}
    </>
  );
}

/** Under a Chinese sentence, smaller: the node's or SDK's English sentence it stands for (and what follows it, the code). */
export function FailureDetail({ detail, children }: { detail: string; children?: ReactNode }) {
  return (
    <small className="failure-detail">
      {failureZh.original}
      <span lang="en">{detail}</span>
      {children}
    </small>
  );
}

export function ErrorNote({ failure, title }: { failure: Failure; title?: string }) {
  return (
    <div className="note note-error" role="alert">
      {title !== undefined && <strong>{title} </strong>}
      <FailureText failure={failure} />
    </div>
  );
}
