// Starts a node from a data directory in this process, for tests that kill it with SIGKILL.
// Prints "READY <url>" on stdout once it serves.
import { NodeService } from '@creditchain/node';

const [dir, port] = process.argv.slice(2);
const service = await NodeService.start(dir, { overrides: { port: Number(port ?? 0) } });
process.stdout.write(`READY ${service.url}\n`);
process.on('SIGTERM', () => {
  void service.stop().then(() => process.exit(0));
});
