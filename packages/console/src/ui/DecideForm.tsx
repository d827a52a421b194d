// One decision on a case, signed in this browser: a choice among a few outcomes (radio buttons
// in a fieldset named by `legend`, with the fields a choice needs), the reasons when the action
// needs them, and a button. What
// `decide` sends is the caller's; the form shows it working, done (`done` says so) or refused.
import { useState, type FormEvent, type ReactNode } from 'react';
import { MAX_REASON } from '../app/vocabulary.js';
import { Choice, TextAreaField } from './form-fields.js';
import { ActionStatus, useAction } from './use-action.js';

export interface DecideFormProps<T extends string> {
  /** Prefix of the form's element ids, unique on the page. */
  readonly id: string;
  readonly legend: string;
  readonly choices: readonly (readonly [T, string])[];
  /** The reasons' label; without it the form asks for none. */
  readonly reasonLabel?: string;
  readonly button: string;
  readonly decide: (choice: T, reason: string) => Promise<void>;
  readonly done: (choice: T) => string;
  /** Called with what `done` says once the decision committed (the case may then leave its list, and this form with it). */
  readonly onDone?: (message: string) => void;
  /** Fields a choice needs besides the reasons (a correction's corrected fields), shown under the choices while it is chosen. */
  readonly more?: (choice: T) => ReactNode;
  /** Whether what the choice needs is still missing: the button waits for it. */
  readonly incomplete?: (choice: T) => boolean;
}

export function DecideForm<T extends string>({ id, legend, choices, reasonLabel, button, decide, done, onDone, more, incomplete }: DecideFormProps<T>) {
  const [choice, setChoice] = useState<T>(choices[0]![0]);
  const [reason, setReason] = useState('');
  const action = useAction<T>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await decide(choice, reason.trim());
      onDone?.(done(choice));
      return choice;
    });
  };
  return (
    <form onSubmit={submit} className="portal-form">
      <fieldset>
        <legend>{legend}</legend>
        {choices.map(([value, label]) => (
          <Choice key={value} id={`${id}-${value}`} name={`${id}-choice`} label={label} checked={choice === value} onChange={() => setChoice(value)} />
        ))}
        {more?.(choice)}
      </fieldset>
      {reasonLabel !== undefined && <TextAreaField id={`${id}-reason`} label={reasonLabel} value={reason} onChange={setReason} required maxLength={MAX_REASON} />}
      <button type="submit" disabled={action.working || (reasonLabel !== undefined && reason.trim() === '') || incomplete?.(choice) === true}>
        {button}
      </button>
      <ActionStatus status={action.status} done={done} testId={`${id}-status`} />
    </form>
  );
}
