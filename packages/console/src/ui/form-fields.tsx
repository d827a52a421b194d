// The console's form fields: a label tied to its control, an optional hint read with it
// (aria-describedby), and the control. One shape for every form, so each is accessible alike.
import type { InputHTMLAttributes, ReactNode } from 'react';

interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: ReactNode;
}

function Hint({ id, hint }: { id: string; hint: ReactNode | undefined }) {
  return hint === undefined ? null : (
    <p id={`${id}-hint`} className="hint">
      {hint}
    </p>
  );
}

const describedBy = (id: string, hint: ReactNode | undefined) => (hint === undefined ? undefined : `${id}-hint`);

export function TextField({ id, label, hint, value, onChange, ...rest }: FieldProps & { value: string; onChange: (v: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy(id, hint)} autoComplete="off" {...rest} />
      <Hint id={id} hint={hint} />
    </div>
  );
}

export function TextAreaField({ id, label, hint, value, onChange, required, maxLength }: FieldProps & { value: string; onChange: (v: string) => void; required?: boolean; maxLength?: number }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} className="prose" rows={3} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy(id, hint)} required={required} maxLength={maxLength} />
      <Hint id={id} hint={hint} />
    </div>
  );
}

export function SelectField<T extends string>({ id, label, hint, value, onChange, options }: FieldProps & { value: T; onChange: (v: T) => void; options: readonly (readonly [T, string])[] }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)} aria-describedby={describedBy(id, hint)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      <Hint id={id} hint={hint} />
    </div>
  );
}

export function FileField({ id, label, hint, onChange, required, disabled }: FieldProps & { onChange: (file: File | undefined) => void; required?: boolean; disabled?: boolean }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="file" onChange={(e) => onChange(e.target.files?.[0])} aria-describedby={describedBy(id, hint)} required={required} disabled={disabled} />
      <Hint id={id} hint={hint} />
    </div>
  );
}

/** A radio button or a checkbox with its label beside it. */
export function Choice({ id, type = 'radio', name, label, checked, onChange }: { id: string; type?: 'radio' | 'checkbox'; name?: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="radio">
      <input type={type} id={id} name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
