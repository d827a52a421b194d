// The JavaScript run before a contract's code in every fresh context. It takes away what would
// let two nodes compute different things — the clock, randomness, code from strings, weak
// references — and builds the `host` object (host.d.ts in the contract template) over the
// native functions engine.ts installs as `__native`. Decisions:
// - Date throws rather than giving block time: a contract that reads a clock should say which
//   one it means (host.block.time), and a library that quietly used Date would be a surprise.
//   The context is created without the Date intrinsic; `Date` is a function that throws.
// - Math.random throws; host.seed is a deterministic 32-byte hex seed for the call.
// - eval is removed and the Function constructors (also of generators and async functions)
//   throw, so no code is made from strings at run time.
// - Promise stays (a library may mention it), but jobs are never run and a method must return a
//   value, not a promise.
// - No timers, I/O or WebAssembly exist in the context at all.

/** The prelude; `__env` (JSON) and `__native` are set as globals before it runs. */
export const PRELUDE = String.raw`
(function () {
  'use strict';
  var g = globalThis;
  function unavailable(what, instead) {
    var f = function () { throw new Error(what + ' is not available in a contract' + (instead ? '; use ' + instead : '') + '.'); };
    return f;
  }
  Math.random = unavailable('Math.random', 'host.seed');
  var D = unavailable('Date', 'host.block.time and host.date');
  D.now = D; D.parse = D; D.UTC = D;
  g.Date = D;
  delete g.eval;
  var fnProtos = [Function.prototype, Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async function () {}), Object.getPrototypeOf(async function* () {})];
  var blocked = unavailable('Making functions from strings (Function, eval)');
  blocked.prototype = Function.prototype;
  for (var i = 0; i < fnProtos.length; i++) Object.defineProperty(fnProtos[i], 'constructor', { value: blocked, writable: false, configurable: false, enumerable: false });
  g.Function = blocked;
  ['WeakRef', 'FinalizationRegistry', 'Atomics', 'SharedArrayBuffer', 'setTimeout', 'setInterval', 'queueMicrotask'].forEach(function (n) { delete g[n]; });

  var n = g.__native; delete g.__native;
  var env = JSON.parse(g.__env); delete g.__env;
  function parse(t) { return t === undefined ? undefined : JSON.parse(t); }
  function text(v, what) {
    var t = JSON.stringify(v === undefined ? null : v);
    if (t === undefined) throw new TypeError(what + ' must be a JSON value');
    return t;
  }
  function str(v, what) {
    if (typeof v !== 'string') throw new TypeError(what + ' must be a string');
    return v;
  }
  var host = {
    contract: Object.freeze(env.contract),
    caller: Object.freeze(env.caller),
    block: Object.freeze(env.block),
    seed: env.seed,
    args: env.args,
    get: function (key) { return parse(n.get(str(key, 'a storage key'))); },
    set: function (key, value) { n.set(str(key, 'a storage key'), text(value, 'a stored value')); },
    delete: function (key) { n.del(str(key, 'a storage key')); },
    emit: function (name, data) { n.emit(str(name, 'an event name'), text(data, 'event data')); },
    account: function (name) { return parse(n.account(str(name, 'an account name'))); },
    org: function (id) { return parse(n.org(str(id, 'an organisation id'))); },
    record: function (id) { return parse(n.record(text(id, 'a record id'))); },
    records: function () { return parse(n.records()); },
    call: function (contract, method, args) { return parse(n.call(str(contract, 'a contract name'), str(method, 'a method name'), text(args, 'the arguments'))); },
    scheduleAlarm: function (time, data) { n.alarm(text(time, 'an alarm time'), text(data, 'alarm data')); },
    fileRecord: function (record) { return parse(n.file(text(record, 'a record'))); },
    date: function (time) { return parse(n.date(text(time, 'a time'))); },
    gasLeft: function () { return parse(n.gasLeft()); },
  };
  Object.defineProperty(g, 'host', { value: Object.freeze(host), writable: false, configurable: false });
  var module = { exports: {} };
  Object.defineProperty(g, '__module', { value: module, writable: false, configurable: false });
  Object.defineProperty(g, '__dispatch', {
    writable: false,
    configurable: false,
    value: function (method, argsText) {
      var ex = module.exports;
      if (method === '') return JSON.stringify(Object.keys(ex).filter(function (k) { return typeof ex[k] === 'function'; }));
      var f = Object.prototype.hasOwnProperty.call(ex, method) ? ex[method] : undefined;
      if (typeof f !== 'function') { var e = new Error('The contract exports no method "' + method + '".'); e.name = 'NoMethod'; throw e; }
      var r = f.call(undefined, JSON.parse(argsText));
      if (r !== null && typeof r === 'object' && typeof r.then === 'function') throw new Error('Contract methods must be synchronous: "' + method + '" returned a promise.');
      var t = JSON.stringify(r === undefined ? null : r);
      return t === undefined ? 'null' : t;
    },
  });
})();
`;

/** The whole script of one call: the prelude, the contract's code (CommonJS), the dispatch. */
export function callScript(code: string, method: string, argsJson: string): string {
  return `${PRELUDE}\n;(function (exports, module) {\n${code}\n}).call(undefined, __module.exports, __module);\n__dispatch(${JSON.stringify(method)}, ${JSON.stringify(argsJson)});\n`;
}
