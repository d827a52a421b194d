// A hash or key in hex: shortened on screen, whole in the title, for copying and for screen readers.
export function Hash({ value, full = false }: { value: string; full?: boolean }) {
  const short = full || value.length <= 20 ? value : `${value.slice(0, 10)}…${value.slice(-8)}`;
  return (
    <code className="hash" title={value} aria-label={value}>
      {short}
    </code>
  );
}
