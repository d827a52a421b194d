// Keeps a started node running until Ctrl-C or SIGTERM, then stops it cleanly: the API stops
// taking requests, the block being built is committed, the store is closed.
import type { NodeService } from '../service.js';
import { note } from './output.js';

export function serveUntilSignal(service: NodeService): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        note('Stopping at once.');
        process.exit(130);
      }
      stopping = true;
      note(`${signal === 'SIGINT' ? '\n' : ''}Stopping the node (${signal})…`);
      service.stop().then(
        () => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          note('Stopped.');
          // Nothing should keep the process alive now; if something does, do not hang.
          setTimeout(() => process.exit(0), 2000).unref();
          resolve();
        },
        (e: unknown) => reject(e instanceof Error ? e : new Error(String(e))),
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
