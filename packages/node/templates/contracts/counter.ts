// The smallest contract: a counter anyone may add to. Each exported function is a method; its
// argument is the call's JSON arguments, its return value the call's result.
import type { Json } from './host';

export function add(args: { by: number }): Json {
  if (!Number.isSafeInteger(args.by) || args.by <= 0) throw new Error('args.by must be a positive whole number');
  const n = (host.get<number>('count') ?? 0) + args.by;
  host.set('count', n);
  host.emit('added', { by: args.by, count: n, caller: host.caller.account });
  return n;
}

export function get(): Json {
  return host.get<number>('count') ?? 0;
}
