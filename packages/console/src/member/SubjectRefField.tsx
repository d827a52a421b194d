// The subject a member acts on, by its reference: 32 bytes in hex. A subject's reference is an
// HMAC of its ID number or USCC under the consortium's secret, which member nodes hold and a
// browser does not, and the API has no lookup; so the page takes the reference itself, as
// `creditchain subject ref ID` prints it on a member node, or as the subject's sign-in page shows it.
import { useI18n } from '../i18n/i18n.js';
import { TextField } from '../ui/form-fields.js';

export function SubjectRefField({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const { t } = useI18n();
  return <TextField id={id} label={t.member.subjectRef} hint={t.member.subjectRefHint} value={value} onChange={onChange} required pattern="\s*[0-9a-fA-F]{64}\s*" spellCheck={false} className="mono" />;
}
