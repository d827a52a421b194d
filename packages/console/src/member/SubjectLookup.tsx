// "Which subject?": a reference typed or pasted, checked, and handed on when the form is sent;
// and what a tab lists about the subject found (useSubjectList), read again after each action.
import { useState, type FormEvent, type ReactNode } from 'react';
import { parseSubjectRef } from '../app/vocabulary.js';
import { useI18n } from '../i18n/i18n.js';
import { AsyncCards } from '../ui/Cards.js';
import { useAsync, type Async } from '../ui/use-async.js';
import { SubjectRefField } from './SubjectRefField.js';

export interface SubjectList<T> {
  /** The subject shown, once one is named. */
  readonly ref: string | undefined;
  readonly list: Async<readonly T[]>;
  /** Show this subject (again). */
  find(ref: string): void;
  reload(): void;
}

export function useSubjectList<T>(load: (ref: string) => Promise<readonly T[]>, deps: readonly unknown[]): SubjectList<T> {
  const [ref, setRef] = useState<string | undefined>();
  const [version, setVersion] = useState(0);
  const list = useAsync(async () => (ref === undefined ? [] : load(ref)), [ref, version, ...deps]);
  const reload = () => setVersion((n) => n + 1);
  return { ref, list, find: (r) => (setRef(r), reload()), reload };
}

export function SubjectLookup({ id, onFind }: { id: string; onFind: (ref: string) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ref = parseSubjectRef(text);
    setInvalid(ref === undefined);
    if (ref !== undefined) onFind(ref);
  };
  return (
    <form onSubmit={submit} className="inline-form" noValidate>
      <SubjectRefField id={id} value={text} onChange={setText} />
      <button type="submit">{t.member.show}</button>
      {invalid && (
        <p className="field-error" role="alert">
          {t.member.submit.problems.subject}
        </p>
      )}
    </form>
  );
}

/** The lookup, then (`children` first, e.g. what was just done) the cards of the subject found. */
export function SubjectCards<T>({ id, subjects, empty, render, onFind, children }: { id: string; subjects: SubjectList<T>; empty: string; render: (item: T) => ReactNode; onFind?: () => void; children?: ReactNode }) {
  return (
    <>
      <SubjectLookup id={id} onFind={(ref) => (onFind?.(), subjects.find(ref))} />
      {children}
      {subjects.ref !== undefined && <AsyncCards list={subjects.list} empty={empty} render={render} />}
    </>
  );
}
